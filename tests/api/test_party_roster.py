"""`importPartyRoster` over HTTP on each store: the template the server gives imports as it
is, a bad file is refused with its code and changes nothing, and what was registered is in
the directory once the answer says the read models are current."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from tests.api.client import GraphQLClient

DOCUMENT = """
mutation($file: String!, $dryRun: Boolean!, $wait: Boolean!) {
  importPartyRoster(file: $file, dryRun: $dryRun, waitForReadModels: $wait) {
    __typename
    ... on PartyRoster {
      recorded toRegister registered alreadyRegistered invalid ignoredColumns readModelsCurrent
      rows { line name kind municipality municipalityLabel outcome partyId }
    }
    ... on RosterRefused { problems { line column code message } }
    ... on CommandError { code message }
    ... on ValidationError { field }
  }
}
"""


def _import(
    api: GraphQLClient,
    data: bytes,
    dry_run: bool = True,
    wait: bool = False,
    role: str = "facilitator",
) -> dict[str, Any]:
    variables = {"file": base64.b64encode(data).decode(), "dryRun": dry_run, "wait": wait}
    result: dict[str, Any] = api.run(DOCUMENT, variables, role=role)["importPartyRoster"]
    return result


def _head(api: GraphQLClient) -> int:
    container = api.http.app.state.container  # type: ignore[attr-defined]
    return int(container.ledger.recorder.max_notification_id() or 0)


@pytest.mark.parametrize("format_", ["csv", "xlsx"])
def test_the_template_imports_as_it_is(api: GraphQLClient, format_: str) -> None:
    template = api.http.get(f"/exports/party-roster.{format_}", headers=api.headers())
    assert template.status_code == 200
    assert "attachment" in template.headers["content-disposition"]

    checked = _import(api, template.content)

    assert checked["__typename"] == "PartyRoster", checked
    assert (checked["toRegister"], checked["invalid"], checked["ignoredColumns"]) == (2, 0, [])
    assert [r["municipalityLabel"] for r in checked["rows"]] == ["山口市", "山口市"]


def test_the_template_is_for_signed_in_users_only(api: GraphQLClient) -> None:
    assert api.http.get("/exports/party-roster.csv").status_code == 401


def test_what_an_import_registered_is_in_the_directory_when_it_answers(
    api: GraphQLClient,
) -> None:
    data = "団体名,種別,市町\n湯田温泉を愛する会,任意団体,山口市\n".encode()

    done = _import(api, data, dry_run=False, wait=True)

    assert (done["recorded"], done["registered"], done["readModelsCurrent"]) == (True, 1, True)
    (row,) = done["rows"]
    listed = api.run(
        '{ parties(filter: {name: "湯田温泉"}) { edges { node { name kind municipality } } } }'
    )["parties"]["edges"]
    assert [e["node"] for e in listed] == [
        {"name": "湯田温泉を愛する会", "kind": "VOLUNTARY_GROUP", "municipality": "35203"}
    ]
    assert (row["outcome"], row["kind"], row["municipality"]) == (
        "REGISTERED",
        "VOLUNTARY_GROUP",
        "35203",
    )


@pytest.mark.parametrize(
    ("file", "code"),
    [
        ("@@not base64@@", "roster_unreadable"),
        (base64.b64encode(b"PK\x03\x04broken").decode(), "roster_unreadable"),
        (base64.b64encode("団体名,種別,市町\n".encode()).decode(), "roster_empty"),
        (base64.b64encode("名前,住所\nx,y\n".encode()).decode(), "roster_columns_missing"),
    ],
)
def test_a_file_that_is_no_roster_is_refused_and_changes_nothing(
    api: GraphQLClient, file: str, code: str
) -> None:
    before = _head(api)
    variables = {"file": file, "dryRun": False, "wait": False}
    refused = api.run(DOCUMENT, variables)["importPartyRoster"]
    assert (refused["__typename"], refused["code"], refused["field"]) == (
        "ValidationError",
        code,
        "file",
    )
    assert refused["message"]
    assert _head(api) == before


def test_a_roster_with_problems_lists_each_and_records_nothing(api: GraphQLClient) -> None:
    data = "団体名,種別,市町\n湯田温泉を愛する会,任意団体,山口市\n謎の会,宇宙人,広島市\n".encode()
    before = _head(api)

    refused = _import(api, data, dry_run=False)

    assert (refused["__typename"], refused["code"]) == ("RosterRefused", "roster_invalid")
    assert [(p["line"], p["column"], p["code"]) for p in refused["problems"]] == [
        (3, "種別", "unknown_value"),
        (3, "市町", "unknown_value"),
    ]
    assert _head(api) == before


@pytest.mark.parametrize("role", ["meeting", "auditor", "admin"])
def test_only_those_who_register_parties_import_a_roster(api: GraphQLClient, role: str) -> None:
    data = "団体名,種別,市町\n湯田温泉を愛する会,任意団体,山口市\n".encode()
    refused = _import(api, data, role=role)
    assert (refused["__typename"], refused["code"]) == ("RuleViolation", "forbidden")
