"""The personal-data queries' edges: pages of reads, refusals as typed GraphQL errors."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from functools import partial
from typing import Any

import pytest

from persistence.settings import Settings
from tests.api.client import GraphQLClient, running_api


@pytest.fixture
def api(settings: Settings) -> Iterator[GraphQLClient]:
    with running_api(settings) as client:
        yield client


def register_worker(
    api: GraphQLClient, person: str = "周南 花子", email: str = "hanako@example.jp"
) -> str:
    """A pro bono worker of 周南市 registered through the API, with a name and an address."""
    data = api.operation(
        "facilitator",
        "RegisterParty",
        {
            "input": {
                "kind": "PRO_BONO_WORKER",
                "name": "",
                "municipality": "周南市",
                "contact": {"personName": person, "email": email},
            }
        },
    )
    return str(data["registerParty"]["partyId"])


def _read(api: GraphQLClient, party_id: str, reason: str, role: str = "facilitator") -> Any:
    return api.operation_response(
        "auditor", "ReadPartyContact", {"partyId": party_id, "reason": reason}, role=role
    ).json()


def _reads(api: GraphQLClient, role: str = "auditor", **variables: Any) -> Any:
    return api.operation_response("auditor", "PersonalDataReads", variables, role=role).json()


def test_reads_come_page_by_page_for_one_party(api: GraphQLClient) -> None:
    first, second = register_worker(api), register_worker(api)
    for party_id, reason in ((first, "連絡1"), (second, "連絡2"), (first, "連絡3")):
        assert _read(api, party_id, reason)["data"]["partyContact"]["erased"] is False

    page = _reads(api, partyId=first, first=1)["data"]["personalDataReads"]
    rest = _reads(api, partyId=first, after=page["pageInfo"]["endCursor"])["data"]

    assert [e["node"]["reason"] for e in page["edges"]] == ["連絡1"]
    assert page["pageInfo"]["hasNextPage"] is True
    assert [e["node"]["reason"] for e in rest["personalDataReads"]["edges"]] == ["連絡3"]
    assert rest["personalDataReads"]["pageInfo"]["hasNextPage"] is False


def test_a_bad_cursor_is_bad_input(api: GraphQLClient) -> None:
    errors = _reads(api, after="not-a-cursor")["errors"]

    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_a_facilitator_does_not_list_the_reads(api: GraphQLClient) -> None:
    errors = _reads(api, role="facilitator")["errors"]

    assert errors[0]["extensions"]["code"] == "FORBIDDEN"
    assert errors[0]["message"].endswith(
        "（協働ファシリテーターは個人情報の閲覧記録を閲覧できません）"
    )


def test_an_unknown_party_reads_as_null_and_is_not_logged(api: GraphQLClient) -> None:
    missing = "00000000-0000-0000-0000-000000000001"

    assert _read(api, missing, "確認")["data"]["partyContact"] is None
    assert _reads(api)["data"]["personalDataReads"]["edges"] == []


def test_a_meeting_cannot_read_contact_details(api: GraphQLClient) -> None:
    response = _read(api, register_worker(api), "確認", role="meeting")

    assert response["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert response["data"]["partyContact"] is None


def _log(api: GraphQLClient, role: str = "auditor", **variables: Any) -> Any:
    return api.operation_response("auditor", "PersonalDataLog", variables, role=role).json()


def _organisation(api: GraphQLClient, name: str) -> str:
    data = api.operation(
        "facilitator",
        "RegisterParty",
        {"input": {"kind": "NPO_CORPORATION", "name": name, "municipality": "山口市"}},
    )
    return str(data["registerParty"]["partyId"])


def test_the_auditor_s_log_comes_latest_first_with_each_party_named(
    api: GraphQLClient,
) -> None:
    worker, npo = register_worker(api), _organisation(api, "NPO法人 ゆだ温泉まちづくり")
    for party_id, reason, role in (
        (worker, "日程調整", "facilitator"),
        (npo, "会合の案内", "facilitator"),
        (worker, "報告書の送付", "chief"),
    ):
        assert _read(api, party_id, reason, role)["data"]["partyContact"]["erased"] is False

    page = _log(api, first=2)["data"]["personalDataReads"]

    nodes = [e["node"] for e in page["edges"]]
    assert [n["reason"] for n in nodes] == ["報告書の送付", "会合の案内"]
    assert [n["party"]["name"] for n in nodes] == [
        "プロボノワーカー（個人）",
        "NPO法人 ゆだ温泉まちづくり",
    ]
    assert page["pageInfo"]["hasNextPage"] is True
    rest = _log(api, first=2, after=page["pageInfo"]["endCursor"])["data"]["personalDataReads"]
    assert [e["node"]["reason"] for e in rest["edges"]] == ["日程調整"]
    assert rest["pageInfo"]["hasNextPage"] is False


def test_the_log_narrows_to_one_reader(api: GraphQLClient) -> None:
    worker = register_worker(api)
    _read(api, worker, "日程調整")
    _read(api, worker, "報告書の送付", "chief")

    found = _log(api, readerId="chief-01")["data"]["personalDataReads"]["edges"]

    assert [(e["node"]["actorId"], e["node"]["reason"]) for e in found] == [
        ("chief-01", "報告書の送付")
    ]
    assert _log(api, readerId="nobody")["data"]["personalDataReads"]["edges"] == []


def test_an_admin_reads_the_log_without_the_directory_s_names(api: GraphQLClient) -> None:
    worker = register_worker(api)
    _read(api, worker, "日程調整")

    (edge,) = _log(api, "admin")["data"]["personalDataReads"]["edges"]

    assert edge["node"]["partyId"] == worker
    assert edge["node"]["party"] is None  # an admin reads no directory
    assert _log(api, "facilitator")["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def _step(api: GraphQLClient, group: str, operation: str, role: str, **input: Any) -> None:
    written = next(iter(api.operation(group, operation, {"input": input}, role=role).values()))
    assert written["__typename"] == "PartyPayload", written


def _records(api: GraphQLClient, role: str = "auditor", **variables: Any) -> Any:
    return api.operation_response(
        "auditor", "PersonalDataErasureRecords", variables, role=role
    ).json()


def test_every_request_to_erase_is_kept_with_its_answer(api: GraphQLClient) -> None:
    worker, npo = register_worker(api), _organisation(api, "NPO法人 ゆだ温泉まちづくり")
    ask = partial(_step, api, "party", "RequestPersonalDataErasure", "facilitator")
    ask(partyId=worker, note="窓口で受付", occurredOn="2026-11-02")
    _step(api, "admin", "DeclinePersonalDataErasure", "admin", partyId=worker, reason="保存が必要")
    ask(partyId=worker, byAgent=True, occurredOn="2026-11-20")
    erase = {"partyId": worker, "reason": "再度の請求"}
    _step(api, "auditor", "ErasePartyPersonalData", "admin", **erase)
    ask(partyId=npo, occurredOn="2026-11-25")

    page = _records(api)["data"]["personalDataErasureRecords"]

    found = [e["node"] for e in page["edges"]]
    assert [(r["requestedOn"], r["outcome"], r["reason"]) for r in found] == [
        ("2026-11-25", None, None),
        ("2026-11-20", "erased", "再度の請求"),
        ("2026-11-02", "declined", "保存が必要"),
    ]
    assert [r["partyName"] for r in found] == [
        "NPO法人 ゆだ温泉まちづくり",
        "プロボノワーカー（個人）",
        "プロボノワーカー（個人）",
    ]
    assert found[0]["daysToAnswer"] is None
    assert found[2]["answeredBy"] == "admin-01"
    assert (
        found[2]["daysToAnswer"]
        == (date.fromisoformat(found[2]["answeredOn"]) - date(2026, 11, 2)).days
    )
    assert (found[1]["byAgent"], found[2]["note"]) == (True, "窓口で受付")
    first = _records(api, first=1)["data"]["personalDataErasureRecords"]
    rest = _records(api, first=5, after=first["pageInfo"]["endCursor"])
    assert len(rest["data"]["personalDataErasureRecords"]["edges"]) == 2
    by_admin = _records(api, "admin")["data"]["personalDataErasureRecords"]["edges"]
    assert {e["node"]["partyName"] for e in by_admin} == {None}  # an admin reads no directory
    assert _records(api, "facilitator")["errors"][0]["extensions"]["code"] == "FORBIDDEN"
