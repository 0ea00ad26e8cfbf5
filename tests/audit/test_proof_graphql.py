"""`verifyCase` and `dailyDigest`: auditors only, answers in Japanese and codes."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from uuid import uuid4

import pytest

from application.proof import TOKYO
from persistence.settings import Settings
from persistence.wiring import build_ledger
from tests.api.client import GraphQLClient, running_api
from tests.audit.tampering import Tamperer
from tests.support import CaseFixture


@pytest.fixture
def stored(tmp_path: Path) -> Iterator[tuple[Settings, CaseFixture]]:
    settings = Settings(data_dir=tmp_path)
    ledger = build_ledger(settings)
    given = CaseFixture(ledger)
    given.open()
    given.join("山口食品株式会社")
    yield settings, given
    ledger.close()


@pytest.fixture
def api(stored: tuple[Settings, CaseFixture]) -> Iterator[GraphQLClient]:
    with running_api(stored[0]) as client:
        yield client


def test_an_auditor_verifies_an_untouched_case_by_number(api: GraphQLClient) -> None:
    found = api.operation("auditor", "VerifyCase", {"number": "山口-2024-001"}, "auditor")
    result = found["verifyCase"]
    assert result["ok"] is True
    assert result["checkedEvents"] == 2
    assert result["brokenVersion"] is None
    assert result["reason"] is None
    assert "改ざんは見つかりませんでした" in result["message"]


def test_an_altered_event_is_named_by_its_version(
    stored: tuple[Settings, CaseFixture], api: GraphQLClient
) -> None:
    settings, given = stored
    Tamperer(settings).replace_in_state(given.id, 2, "協力", "妨害")
    found = api.operation("auditor", "VerifyCase", {"id": str(given.id)}, "auditor")
    result = found["verifyCase"]
    assert (result["ok"], result["brokenVersion"]) == (False, 2)
    assert result["reason"] == "event_altered"
    assert result["number"] == "山口-2024-001"
    assert "版2で" in result["message"]


def test_an_unknown_case_is_null(api: GraphQLClient) -> None:
    found = api.operation("auditor", "VerifyCase", {"number": "山口-2024-099"}, "auditor")
    assert found["verifyCase"] is None


def test_a_facilitator_may_not_verify(api: GraphQLClient) -> None:
    body = api.operation_response(
        "auditor", "VerifyCase", {"number": "山口-2024-001"}, "facilitator"
    ).json()
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def _party(given: CaseFixture) -> str:
    party_id = given.parties["山口食品株式会社"]
    return base64.b64encode(f"Party:{party_id}".encode()).decode()


def test_an_auditor_verifies_a_party_s_chain_which_an_erasure_leaves_whole(
    stored: tuple[Settings, CaseFixture], api: GraphQLClient
) -> None:
    party = _party(stored[1])
    before = api.operation("party", "VerifyParty", {"id": party}, "auditor")["verifyParty"]
    assert (before["ok"], before["checkedEvents"], before["partyId"]) == (True, 1, party)
    erased = api.operation(
        "auditor",
        "ErasePartyPersonalData",
        {"input": {"partyId": party, "reason": "本人からの削除請求"}},
        "admin",
    )
    assert erased["erasePartyPersonalData"]["__typename"] == "PartyPayload"

    after = api.operation("party", "VerifyParty", {"id": party}, "auditor")["verifyParty"]

    assert (after["ok"], after["checkedEvents"], after["brokenVersion"]) == (True, 2, None)
    assert "改ざんは見つかりませんでした（2件を検証）" in after["message"]


def test_an_altered_party_event_is_named_by_its_version(
    stored: tuple[Settings, CaseFixture], api: GraphQLClient
) -> None:
    settings, given = stored
    Tamperer(settings).replace_in_state(
        given.parties["山口食品株式会社"], 1, "山口食品", "偽装食品"
    )

    found = api.operation("party", "VerifyParty", {"id": _party(given)}, "auditor")["verifyParty"]

    assert (found["ok"], found["brokenVersion"], found["reason"]) == (False, 1, "event_altered")
    assert "版1で" in found["message"]


def test_only_a_party_is_verified_as_a_party(
    stored: tuple[Settings, CaseFixture], api: GraphQLClient
) -> None:
    unknown = base64.b64encode(f"Party:{uuid4()}".encode()).decode()
    a_case = base64.b64encode(f"Party:{stored[1].id}".encode()).decode()  # a case's UUID

    for party in (unknown, a_case):
        assert (
            api.operation("party", "VerifyParty", {"id": party}, "auditor")["verifyParty"] is None
        )
    refused = api.operation_response(
        "party", "VerifyParty", {"id": _party(stored[1])}, "facilitator"
    )
    assert refused.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_the_digest_of_a_day_before_anything_was_recorded(api: GraphQLClient) -> None:
    before = datetime.now(TOKYO).date() - timedelta(days=2)
    found = api.operation("auditor", "DailyDigest", {"date": before.isoformat()}, "auditor")
    digest = found["dailyDigest"]
    assert digest["heads"] == 0
    assert len(digest["digest"]) == 64
    assert digest["intact"] is True


def test_a_day_that_has_not_ended_has_no_digest(api: GraphQLClient) -> None:
    today = datetime.now(TOKYO).date()
    body = api.operation_response(
        "auditor", "DailyDigest", {"date": today.isoformat()}, "auditor"
    ).json()
    error = body["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "まだ終わっていません" in error["message"]
