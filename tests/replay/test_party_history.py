"""A party's stored history as the auditor reads it (`partyHistory`, `PartyHistory`), on
SQLite and on PostgreSQL: every step with its label, a sentence, who recorded it, and its
fields, the contact details only as how they were kept; read by auditors, chiefs and the
facilitators of the party's own centre."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any
from uuid import UUID

import pytest

from persistence.settings import Settings
from tests.api.client import GraphQLClient, running_api
from tests.personal_data.test_api import register_worker

PERSON = "周南 花子"
EMAIL = "hanako@example.jp"


@pytest.fixture
def api(settings: Settings) -> Iterator[GraphQLClient]:
    with running_api(settings) as client:
        yield client


def _write(
    api: GraphQLClient, group: str, operation: str, role: str = "facilitator", **input: Any
) -> Any:
    data = api.operation(group, operation, {"input": input}, role=role)
    (written,) = data.values()
    assert written["__typename"] == "PartyPayload", written
    return written


def _worker_with_a_story(api: GraphQLClient) -> str:
    """A pro bono worker registered, consenting, changing contact, asking to erase, refused
    with a reason, asking again and erased: seven steps."""
    party_id = register_worker(api, PERSON, EMAIL)
    _write(api, "party", "ChangePublicationConsent", partyId=party_id, consent=True)
    contact = {"personName": PERSON, "email": "hanako.new@example.jp"}
    _write(api, "party", "ChangeContactDetails", partyId=party_id, contact=contact)
    _write(api, "party", "RequestPersonalDataErasure", partyId=party_id, note="窓口で受付")
    reason = "補助金の実績報告のため保存が必要"
    _write(api, "admin", "DeclinePersonalDataErasure", "admin", partyId=party_id, reason=reason)
    _write(api, "party", "RequestPersonalDataErasure", partyId=party_id, byAgent=True)
    erase = {"partyId": party_id, "reason": "本人からの再度の請求"}
    _write(api, "auditor", "ErasePartyPersonalData", "admin", **erase)
    return party_id


def _history(api: GraphQLClient, party_id: str, role: str = "auditor", **more: Any) -> Any:
    variables = {"id": party_id, **more}
    return api.operation_response("party", "PartyHistory", variables, role=role).json()


def test_an_auditor_reads_every_step_of_a_party(api: GraphQLClient) -> None:
    party_id = _worker_with_a_story(api)

    history = _history(api, party_id)["data"]["partyHistory"]

    assert history["totalCount"] == 7
    nodes = [e["node"] for e in history["edges"]]
    assert [n["version"] for n in nodes] == [1, 2, 3, 4, 5, 6, 7]
    assert [n["summary"] for n in nodes] == [
        "プロボノワーカー（個人）として登録しました",
        "成功事例集への掲載に同意しました",
        "連絡先を変更しました（暗号化して保管）",
        "個人情報の消去請求を受け付けました：窓口で受付",
        "消去しない旨を決定しました：補助金の実績報告のため保存が必要",
        "個人情報の消去請求を代理人から受け付けました",
        "個人情報を消去しました：本人からの再度の請求",
    ]
    assert nodes[0]["label"] == "団体登録"
    assert nodes[4]["actor"] == {"userId": "admin-01", "role": "ADMIN"}
    assert nodes[3]["details"] == {
        "occurred_on": nodes[3]["occurredOn"],
        "by_agent": False,
        "note": "窓口で受付",
    }


def test_contact_details_show_only_how_they_were_kept(api: GraphQLClient) -> None:
    party_id = _worker_with_a_story(api)

    text = str(_history(api, party_id))

    for secret in (PERSON, EMAIL, "hanako.new@example.jp", "ciphertext", "nonce"):
        assert secret not in text
    nodes = [e["node"] for e in _history(api, party_id)["data"]["partyHistory"]["edges"]]
    assert nodes[0]["details"]["contact"] == "暗号化して保管"
    assert nodes[2]["details"]["contact"] == "暗号化して保管"


def test_the_history_comes_a_page_at_a_time_from_the_newest(api: GraphQLClient) -> None:
    party_id = _worker_with_a_story(api)

    last = _history(api, party_id, last=3)["data"]["partyHistory"]
    assert [e["node"]["version"] for e in last["edges"]] == [5, 6, 7]
    assert last["pageInfo"]["hasPreviousPage"] is True
    before = last["pageInfo"]["startCursor"]
    earlier = _history(api, party_id, last=3, before=before)["data"]["partyHistory"]
    assert [e["node"]["version"] for e in earlier["edges"]] == [2, 3, 4]


@pytest.mark.parametrize("role", ["facilitator", "chief", "auditor"])
def test_its_centre_the_chief_and_the_auditor_read_it(api: GraphQLClient, role: str) -> None:
    party_id = _worker_with_a_story(api)

    assert _history(api, party_id, role)["data"]["partyHistory"]["totalCount"] == 7


@pytest.mark.parametrize("role", ["other_facilitator", "meeting", "admin"])
def test_others_may_not(api: GraphQLClient, role: str) -> None:
    party_id = _worker_with_a_story(api)

    answer = _history(api, party_id, role)

    assert answer["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert (answer.get("data") or {}).get("partyHistory") is None


def test_an_unknown_party_has_no_history(api: GraphQLClient) -> None:
    unknown = base64.b64encode(f"Party:{UUID(int=0)}".encode()).decode()

    assert _history(api, unknown)["data"]["partyHistory"] is None


def test_a_group_leaving_the_register_reads_as_a_step_with_its_reason(api: GraphQLClient) -> None:
    registered = api.operation(
        "facilitator",
        "RegisterParty",
        {"input": {"kind": "VOLUNTARY_GROUP", "name": "湯田の会", "municipality": "山口市"}},
    )["registerParty"]
    party_id = registered["partyId"]
    _write(api, "party", "DeregisterParty", partyId=party_id, reason="会員の高齢化により解散")

    nodes = [e["node"] for e in _history(api, party_id)["data"]["partyHistory"]["edges"]]

    assert [(n["label"], n["summary"]) for n in nodes] == [
        ("団体登録", "ボランティア団体・市民活動団体（任意団体）として登録しました（湯田の会）"),
        ("登録の抹消", "登録を抹消しました：会員の高齢化により解散"),
    ]
