"""Role × every mutation and every query, against the expected table in matrix.toml."""

from __future__ import annotations

import base64
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from api.graphql.schema import schema
from application.ledger import Ledger
from persistence.settings import Settings
from tests.api.client import GraphQLClient, running_api
from tests.api.scenario import CaseStory
from tests.roles.walk import (
    MATRIX,
    PLAN,
    ROLES,
    World,
    api_commands,
    mutation_name,
    query_document,
    query_fields,
)

EXPECTED: dict[str, dict[str, list[str]]] = tomllib.loads(MATRIX.read_text(encoding="utf-8"))


def expected(section: str, name: str, role: str) -> str:
    return "allowed" if role in EXPECTED[section][name] else "refused"


def test_every_mutation_and_query_has_a_row() -> None:
    mutations = {mutation_name(c) for c in api_commands()}
    assert set(EXPECTED["mutations"]) == mutations
    assert set(EXPECTED["queries"]) == set(query_fields())
    mutation_type = schema()._schema.mutation_type
    assert mutation_type is not None
    assert set(EXPECTED["accounts"]) == set(mutation_type.fields) - mutations


def test_the_table_names_only_known_roles() -> None:
    for section in EXPECTED.values():
        for roles in section.values():
            assert set(roles) <= set(ROLES)


@pytest.mark.parametrize("role", list(ROLES))
def test_each_mutation_is_allowed_or_refused_as_the_table_says(role: str) -> None:
    ledger = Ledger(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    try:
        world = World.build(ledger)
        found = {mutation_name(c): world.attempt(role, c) for c in api_commands()}
    finally:
        ledger.close()
    wrong = {
        name: cell for name, cell in found.items() if cell != expected("mutations", name, role)
    }
    assert wrong == {}, f"{role}: these cells differ from matrix.toml"


@pytest.fixture(scope="module")
def walked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[GraphQLClient, Any]]:
    settings = Settings(data_dir=Path(tmp_path_factory.mktemp("roles")))
    with running_api(settings) as api:
        story = CaseStory(api)
        story.open()
        plan = api.run(
            "mutation($input: RegisterPlanInput!) { registerPlan(input: $input) "
            "{ ... on PlanPayload { planId } } }",
            {"input": {"name": PLAN}},
            role="chief",
        )["registerPlan"]["planId"]
        ids = {"case": story.case_id, "party": story.parties["こどもの未来"], "plan": plan}
        caught_up(api, ids)
        yield api, ids


def caught_up(api: GraphQLClient, ids: dict[str, str], patience: float = 10.0) -> None:
    """Until every read model knows the case, the party and the plan (a chief finds them)."""
    deadline = time.monotonic() + patience
    for name, field in query_fields().items():
        document, variables = query_document(name, field, ids)
        while "NOT_FOUND" in refusal(api.post(document, variables, role="chief").json()):
            assert time.monotonic() < deadline, f"{name}: the read models did not catch up"
            time.sleep(0.1)


def refusal(body: dict[str, Any]) -> set[str]:
    """FORBIDDEN; NOT_FOUND when an object that exists is answered as unknown to a caller
    who may not read it (a bad input naming one of the walk's ids); else the codes as are."""
    found = set()
    for error in body.get("errors", []):
        extensions = error.get("extensions", {})
        code = extensions.get("code")
        named_id = str(extensions.get("argument", "")).endswith(("id", "Id"))
        found.add("NOT_FOUND" if code == "BAD_USER_INPUT" and named_id else code)
    return found


@pytest.mark.parametrize("role", list(ROLES))
def test_each_query_is_allowed_or_refused_as_the_table_says(
    walked: tuple[GraphQLClient, dict[str, str]], role: str
) -> None:
    api, ids = walked
    found: dict[str, str] = {}
    for name, field in query_fields().items():
        document, variables = query_document(name, field, ids)
        body = api.post(document, variables, role=role).json()
        codes = refusal(body)
        assert codes <= {"FORBIDDEN", "NOT_FOUND"}, (name, body)  # the samples are right
        found[name] = "refused" if codes else "allowed"
    wrong = {name: cell for name, cell in found.items() if cell != expected("queries", name, role)}
    assert wrong == {}, f"{role}: these cells differ from matrix.toml"


ROSTER = base64.b64encode("団体名,種別,市町\n歩の会,任意団体,山口市\n".encode()).decode()
"""A roster of one group, checked only (a dry run)."""
ACCOUNT_MUTATIONS = {
    "issueToken": (
        'mutation { issueToken(input: {userId: "walk-01", role: AUDITOR}) '
        "{ __typename ... on CommandError { code } } }"
    ),
    "revokeToken": (
        'mutation { revokeToken(tokenId: "0") { __typename ... on CommandError { code } } }'
    ),
    "revokeUser": (
        'mutation { revokeUser(userId: "walk-02") { __typename ... on CommandError { code } } }'
    ),
    "nameUser": (
        'mutation { nameUser(userId: "walk-01", name: "歩 一") '
        "{ __typename ... on CommandError { code } } }"
    ),
    "importPartyRoster": (
        f'mutation {{ importPartyRoster(file: "{ROSTER}") '
        "{ __typename ... on CommandError { code } } }"
    ),
    "retryParkedEvent": (
        'mutation { retryParkedEvent(readModel: "timeline", position: 1) '
        "{ __typename ... on CommandError { code } } }"
    ),
    "skipParkedEvent": (
        'mutation { skipParkedEvent(readModel: "timeline", position: 1) '
        "{ __typename ... on CommandError { code } } }"
    ),
    "verifyLedger": "mutation { verifyLedger { __typename ... on CommandError { code } } }",
}


@pytest.mark.parametrize("role", list(ROLES))
def test_each_account_mutation_is_allowed_or_refused_as_the_table_says(
    walked: tuple[GraphQLClient, dict[str, str]], role: str
) -> None:
    api, _ = walked
    found = {}
    assert set(ACCOUNT_MUTATIONS) == set(EXPECTED["accounts"])
    for name, document in ACCOUNT_MUTATIONS.items():
        result = api.run(document, role=role)[name]
        found[name] = "refused" if result.get("code") == "forbidden" else "allowed"
    wrong = {name: cell for name, cell in found.items() if cell != expected("accounts", name, role)}
    assert wrong == {}, f"{role}: these cells differ from matrix.toml"
