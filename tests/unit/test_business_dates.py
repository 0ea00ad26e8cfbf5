"""The business date (`occurred_on`): not in the future, not before the consultation."""

from __future__ import annotations

from datetime import timedelta

from application.ledger import Ledger
from domain import errors
from domain.vocabulary import ClosureResult
from tests.support import FACILITATOR, OPENED_ON, TODAY, CaseFixture
from tests.unit.helpers import refused, refused_on_case


def test_a_step_cannot_happen_tomorrow(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)
    given.open()
    tomorrow = TODAY + timedelta(days=1)

    error = refused_on_case(
        memory_ledger,
        given.id,
        errors.FutureDateError,
        lambda: memory_ledger.hold_hearing(
            FACILITATOR, given.id, summary="代表者から聞き取り", occurred_on=tomorrow
        ),
    )

    assert error.message == "未来の日付（2025-03-11）は記録できません"


def test_a_step_may_happen_today(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)
    given.open()

    memory_ledger.hold_hearing(FACILITATOR, given.id, summary="聞き取り", occurred_on=TODAY)

    assert memory_ledger.case_history(given.id)[-1].occurred_on == TODAY


def test_a_step_cannot_precede_the_consultation(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)
    given.open()

    error = refused_on_case(
        memory_ledger,
        given.id,
        errors.DateBeforeConsultationError,
        lambda: memory_ledger.hold_hearing(
            FACILITATOR,
            given.id,
            summary="聞き取り",
            occurred_on=OPENED_ON - timedelta(days=1),
        ),
    )

    assert error.code == "occurred_on_before_consultation"
    assert error.message == "相談受付日（2024-05-01）より前の日付（2024-04-30）は記録できません"


def test_a_step_may_happen_on_the_consultation_day(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)
    given.open()

    memory_ledger.hold_hearing(FACILITATOR, given.id, summary="聞き取り", occurred_on=OPENED_ON)

    assert len(memory_ledger.case_history(given.id)) == 2


def test_a_consultation_cannot_be_received_tomorrow(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)
    given.party("こどもの未来")

    refused(memory_ledger, errors.FutureDateError, lambda: given.open(on=TODAY + timedelta(days=1)))


def test_a_note_on_a_closed_case_still_respects_the_consultation_date(
    memory_ledger: Ledger,
) -> None:
    given = CaseFixture(memory_ledger)
    given.open()
    given.close(ClosureResult.WITHDRAWN)

    refused_on_case(
        memory_ledger,
        given.id,
        errors.DateBeforeConsultationError,
        lambda: memory_ledger.add_note(
            FACILITATOR, given.id, text="メモ", occurred_on=OPENED_ON - timedelta(days=1)
        ),
    )
