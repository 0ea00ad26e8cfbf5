"""The life of a case: intake → coordinating → agreed → in_progress → reviewing → closed."""

from __future__ import annotations

from datetime import timedelta

import pytest

from application.ledger import Ledger
from domain import errors
from domain.case import Case
from domain.vocabulary import CaseState, ClosureResult, PartyKind, PartyRole
from tests.support import FACILITATOR, OPENED_ON, CaseFixture
from tests.unit.helpers import last_step, refused_on_case

LATER = OPENED_ON + timedelta(days=60)


def _state(given: CaseFixture) -> CaseState:
    return given.ledger.get_case(given.id).state


def _with_two_organisations(ledger: Ledger) -> CaseFixture:
    given = CaseFixture(ledger)
    given.open()
    given.join("こどもの未来", role=PartyRole.PROPOSER)
    given.join("山口食品株式会社", PartyKind.BUSINESS, PartyRole.VENUE_OR_GOODS)
    return given


def test_a_consultation_opens_a_case_in_intake(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)

    given.open()

    assert _state(given) is CaseState.INTAKE


def test_proposing_partners_starts_coordination(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)
    given.open()
    shop = given.party("山口食品株式会社", PartyKind.BUSINESS)

    memory_ledger.propose_partners(
        FACILITATOR, given.id, party_ids=[shop], rationale="食材の提供", occurred_on=LATER
    )

    assert _state(given) is CaseState.COORDINATING


def test_the_steps_walk_through_every_state(memory_ledger: Ledger) -> None:
    given = _with_two_organisations(memory_ledger)
    seen = [_state(given)]

    for step in (given.agree, given.act, given.review, given.close):
        step()
        seen.append(_state(given))

    assert seen == [
        CaseState.COORDINATING,
        CaseState.AGREED,
        CaseState.IN_PROGRESS,
        CaseState.REVIEWING,
        CaseState.CLOSED,
    ]


def test_an_activity_needs_an_agreement(memory_ledger: Ledger) -> None:
    given = _with_two_organisations(memory_ledger)

    error = refused_on_case(memory_ledger, given.id, errors.ActivityNeedsAgreementError, given.act)

    assert error.message == "活動の実施を記録するには、先に合意（役割分担）が必要です"


def test_a_review_needs_an_activity(memory_ledger: Ledger) -> None:
    given = _with_two_organisations(memory_ledger)
    given.agree()

    error = refused_on_case(memory_ledger, given.id, errors.ReviewNeedsActivityError, given.review)

    assert error.message == "振り返り・評価を記録するには、先に活動の実施が必要です"


def test_success_needs_a_review(memory_ledger: Ledger) -> None:
    given = _with_two_organisations(memory_ledger)
    given.agree()
    given.act()

    error = refused_on_case(memory_ledger, given.id, errors.SuccessNeedsReviewError, given.close)

    assert error.code == "success_needs_review"


@pytest.mark.parametrize("result", [ClosureResult.DISCONTINUED, ClosureResult.WITHDRAWN])
def test_a_case_may_end_early_without_success(memory_ledger: Ledger, result: ClosureResult) -> None:
    given = CaseFixture(memory_ledger)
    given.open()

    given.close(result, on=LATER)

    case = memory_ledger.get_case(given.id)
    assert (case.state, case.result) == (CaseState.CLOSED, result)


def test_a_closed_case_refuses_new_activities(memory_ledger: Ledger) -> None:
    given = _with_two_organisations(memory_ledger)
    given.agree()
    given.close(ClosureResult.DISCONTINUED, on=LATER)

    error = refused_on_case(memory_ledger, given.id, errors.CaseClosedError, given.act)

    assert "「活動の実施」" in error.message


def test_a_closed_case_cannot_be_closed_again(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)
    given.open()
    given.close(ClosureResult.WITHDRAWN, on=LATER)

    refused_on_case(
        memory_ledger,
        given.id,
        errors.CaseClosedError,
        lambda: given.close(ClosureResult.DISCONTINUED, on=LATER),
    )


def test_a_closed_case_still_takes_a_note(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)
    given.open()
    given.close(ClosureResult.WITHDRAWN, on=LATER)

    memory_ledger.add_note(FACILITATOR, given.id, text="相談者から礼状が届いた")

    assert last_step(memory_ledger, given.id, Case.NoteAdded).text == "相談者から礼状が届いた"


def test_reopening_returns_to_the_state_before_closure(memory_ledger: Ledger) -> None:
    given = _with_two_organisations(memory_ledger)
    given.agree()
    given.close(ClosureResult.DISCONTINUED, on=LATER)

    memory_ledger.reopen_case(FACILITATOR, given.id, reason="再挑戦", occurred_on=LATER)

    case = memory_ledger.get_case(given.id)
    assert (case.state, case.result) == (CaseState.AGREED, None)


def test_only_a_closed_case_can_be_reopened(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)
    given.open()

    error = refused_on_case(
        memory_ledger,
        given.id,
        errors.CaseNotClosedError,
        lambda: memory_ledger.reopen_case(
            FACILITATOR, given.id, reason="再挑戦", occurred_on=LATER
        ),
    )

    assert error.message == "完了していない案件は再開できません"


def test_reopening_needs_a_reason(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)
    given.open()
    given.close(ClosureResult.WITHDRAWN, on=LATER)

    error = refused_on_case(
        memory_ledger,
        given.id,
        errors.BlankValueError,
        lambda: memory_ledger.reopen_case(FACILITATOR, given.id, reason=" ", occurred_on=LATER),
    )

    assert error.field == "reason"
