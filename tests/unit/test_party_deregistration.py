"""登録の抹消: a group leaves the register once, for a reason, not on a future day; from
that day no new step names it (a step dated before may)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from application.ledger import Ledger
from domain.commands import DeregisterParty
from domain.errors import BlankValueError, FutureDateError, PartyDeregisteredError
from domain.party import PartyAlreadyDeregisteredError
from tests.support import FACILITATOR, TODAY, CaseFixture


@pytest.fixture
def case(memory_ledger: Ledger) -> CaseFixture:
    fixture = CaseFixture(memory_ledger)
    fixture.open()
    return fixture


def _leave(case: CaseFixture, name: str, on: date | None, reason: str = "解散") -> None:
    left = DeregisterParty(party_id=case.party(name), reason=reason, occurred_on=on)
    case.ledger.handle(FACILITATOR, left)


def test_a_group_leaves_the_register_once(case: CaseFixture) -> None:
    _leave(case, "湯田温泉を愛する会", date(2024, 6, 1))
    party = case.ledger.get_party(case.party("湯田温泉を愛する会"))
    assert party.deregistered_on == date(2024, 6, 1)

    with pytest.raises(PartyAlreadyDeregisteredError) as refused:
        _leave(case, "湯田温泉を愛する会", None)
    assert "2024-06-01" in refused.value.message


def test_leaving_needs_a_reason_and_a_day_not_in_the_future(case: CaseFixture) -> None:
    with pytest.raises(BlankValueError):
        _leave(case, "湯田温泉を愛する会", None, reason="  ")
    with pytest.raises(FutureDateError):
        _leave(case, "湯田温泉を愛する会", TODAY + timedelta(days=1))
    assert case.ledger.get_party(case.party("湯田温泉を愛する会")).deregistered_on is None


def test_no_step_from_the_day_it_left_names_it_but_one_dated_before_may(
    case: CaseFixture,
) -> None:
    _leave(case, "湯田温泉を愛する会", date(2024, 6, 1))

    with pytest.raises(PartyDeregisteredError) as refused:
        case.join("湯田温泉を愛する会", on=date(2024, 6, 1))
    assert refused.value.message.startswith("「湯田温泉を愛する会」は2024-06-01に")
    case.join("湯田温泉を愛する会", on=date(2024, 5, 31))  # before it left
