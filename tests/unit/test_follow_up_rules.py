"""Presentation of success cases at information-sharing meetings, and their follow-ups."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

from application.ledger import Ledger
from domain import errors
from domain.values import FollowUp
from tests.support import CHIEF, MEETING, OPENED_ON, CaseFixture
from tests.unit.helpers import refused, refused_on_case

HELD_ON = date(2025, 2, 14)


def _meeting(ledger: Ledger) -> UUID:
    return ledger.hold_meeting(
        MEETING,
        title="令和6年度 第3回 情報共有・検討会議",
        host_centre="pref",
        attending_centres=["下関", "周南"],
        occurred_on=HELD_ON,
    ).aggregate_id


def _success(ledger: Ledger, nominate: bool = True) -> CaseFixture:
    given = CaseFixture(ledger)
    given.through_success()
    if nominate:
        given.nominate()
    return given


def _follow_up(case_id: UUID, municipality: str = "下関市") -> FollowUp:
    return FollowUp(case_id, municipality, "shimonoseki", "下関市の子ども食堂で再現する")


def test_a_nominated_case_is_presented(memory_ledger: Ledger) -> None:
    given = _success(memory_ledger)
    meeting = _meeting(memory_ledger)

    memory_ledger.present_at_meeting(MEETING, meeting, given.id)

    assert memory_ledger.get_meeting(meeting).presented == [given.id]
    assert memory_ledger.case_history(given.id)[-1].occurred_on == HELD_ON


def test_only_a_success_case_is_presented(memory_ledger: Ledger) -> None:
    given = _success(memory_ledger, nominate=False)
    meeting = _meeting(memory_ledger)

    error = refused_on_case(
        memory_ledger,
        given.id,
        errors.PresentationNeedsSuccessCaseError,
        lambda: memory_ledger.present_at_meeting(MEETING, meeting, given.id),
    )

    assert memory_ledger.get_meeting(meeting).presented == []
    assert error.code == "presentation_needs_success_case"


def test_a_follow_up_is_agreed_for_a_presented_case(memory_ledger: Ledger) -> None:
    given = _success(memory_ledger)
    meeting = _meeting(memory_ledger)
    memory_ledger.present_at_meeting(MEETING, meeting, given.id)

    memory_ledger.agree_follow_up(MEETING, meeting, **vars(_follow_up(given.id)))

    (agreed,) = memory_ledger.get_meeting(meeting).follow_ups
    assert (agreed.municipality, agreed.owner_centre) == ("35201", "shimonoseki")


def test_a_follow_up_needs_the_case_presented_at_that_meeting(memory_ledger: Ledger) -> None:
    given = _success(memory_ledger)
    elsewhere, meeting = _meeting(memory_ledger), _meeting(memory_ledger)
    memory_ledger.present_at_meeting(MEETING, elsewhere, given.id)
    version = memory_ledger.get_meeting(meeting).version

    error = refused(
        memory_ledger,
        errors.FollowUpNeedsPresentationError,
        lambda: memory_ledger.agree_follow_up(MEETING, meeting, **vars(_follow_up(given.id))),
    )

    assert memory_ledger.get_meeting(meeting).version == version
    assert error.message == "横展開を決められるのは、この会議で共有した事例だけです"


def test_a_follow_up_names_a_known_municipality(memory_ledger: Ledger) -> None:
    given = _success(memory_ledger)
    meeting = _meeting(memory_ledger)
    memory_ledger.present_at_meeting(MEETING, meeting, given.id)

    error = refused(
        memory_ledger,
        errors.UnknownVocabularyError,
        lambda: memory_ledger.agree_follow_up(
            MEETING, meeting, **vars(_follow_up(given.id, "広島市"))
        ),
    )

    assert error.field == "municipality"


def test_a_meeting_cannot_be_held_in_the_future(memory_ledger: Ledger) -> None:
    refused(
        memory_ledger,
        errors.FutureDateError,
        lambda: memory_ledger.hold_meeting(
            CHIEF,
            title="検討会議",
            host_centre="pref",
            occurred_on=MEETING.today + timedelta(days=1),
        ),
    )


def test_a_meeting_before_the_consultation_cannot_present_it(memory_ledger: Ledger) -> None:
    given = _success(memory_ledger)
    early = memory_ledger.hold_meeting(
        MEETING, title="前年度の会議", host_centre="pref", occurred_on=OPENED_ON - timedelta(1)
    ).aggregate_id

    refused_on_case(
        memory_ledger,
        given.id,
        errors.DateBeforeConsultationError,
        lambda: memory_ledger.present_at_meeting(MEETING, early, given.id),
    )


def _agreed(ledger: Ledger) -> tuple[UUID, CaseFixture]:
    """A meeting that shared a success story and agreed to take it up in 下関市."""
    given = _success(ledger)
    meeting = _meeting(ledger)
    ledger.present_at_meeting(MEETING, meeting, given.id)
    ledger.agree_follow_up(MEETING, meeting, **vars(_follow_up(given.id)))
    return meeting, given


DROPPED_ON = HELD_ON + timedelta(days=20)


def test_a_follow_up_agreed_is_dropped_with_its_reason(memory_ledger: Ledger) -> None:
    meeting, given = _agreed(memory_ledger)

    memory_ledger.drop_follow_up(
        MEETING, meeting, given.id, "下関市", "自治会連合会が別の見守り事業を始めた", DROPPED_ON
    )

    found = memory_ledger.get_meeting(meeting)
    assert found.dropped == ((given.id, "35201", DROPPED_ON),)
    assert len(found.follow_ups) == 1  # the agreement stays recorded


def test_only_a_follow_up_the_meeting_agreed_is_dropped(memory_ledger: Ledger) -> None:
    meeting, given = _agreed(memory_ledger)
    version = memory_ledger.get_meeting(meeting).version

    error = refused(
        memory_ledger,
        errors.FollowUpNotFoundError,
        lambda: memory_ledger.drop_follow_up(
            MEETING, meeting, given.id, "宇部市", "宇部市では見送る", DROPPED_ON
        ),
    )

    assert memory_ledger.get_meeting(meeting).version == version
    assert error.message == "この会議に、その事例の宇部市での横展開の取り決めはありません"


def test_a_follow_up_is_dropped_once(memory_ledger: Ledger) -> None:
    meeting, given = _agreed(memory_ledger)
    memory_ledger.drop_follow_up(MEETING, meeting, given.id, "下関市", "見送る", DROPPED_ON)

    error = refused(
        memory_ledger,
        errors.FollowUpAlreadyDroppedError,
        lambda: memory_ledger.drop_follow_up(
            MEETING, meeting, given.id, "下関市", "もう一度", DROPPED_ON
        ),
    )

    assert error.message == f"その横展開は{DROPPED_ON.isoformat()}に見送りが記録されています"


def test_a_follow_up_is_dropped_neither_before_its_meeting_nor_in_the_future(
    memory_ledger: Ledger,
) -> None:
    meeting, given = _agreed(memory_ledger)

    before = refused(
        memory_ledger,
        errors.DateBeforeMeetingError,
        lambda: memory_ledger.drop_follow_up(
            MEETING, meeting, given.id, "下関市", "見送る", HELD_ON - timedelta(days=1)
        ),
    )
    refused(
        memory_ledger,
        errors.FutureDateError,
        lambda: memory_ledger.drop_follow_up(
            MEETING, meeting, given.id, "下関市", "見送る", MEETING.today + timedelta(days=1)
        ),
    )
    assert before.code == "date_before_meeting"


def test_a_follow_up_is_dropped_with_a_reason(memory_ledger: Ledger) -> None:
    meeting, given = _agreed(memory_ledger)

    error = refused(
        memory_ledger,
        errors.ValidationError,
        lambda: memory_ledger.drop_follow_up(MEETING, meeting, given.id, "下関市", " ", DROPPED_ON),
    )

    assert error.field == "reason"
