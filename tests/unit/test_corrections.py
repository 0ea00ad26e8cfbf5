"""Corrections (訂正) add; they never delete. They name a step, a reason and a field."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from application.ledger import Ledger
from domain import errors
from domain.case import STEP_CLASSES, STEP_LABELS, Case
from domain.vocabulary import PartyKind, PartyRole
from tests.support import FACILITATOR, OPENED_ON, TODAY, CaseFixture
from tests.unit.helpers import last_step, refused_on_case


def _opened(ledger: Ledger) -> CaseFixture:
    given = CaseFixture(ledger)
    given.open()
    return given


def _correct(given: CaseFixture, version: int, changes: dict[str, Any], reason: str) -> None:
    given.ledger.correct_step(
        FACILITATOR, given.id, corrected_version=version, changes=changes, reason=reason
    )


def test_a_correction_keeps_the_original_step(memory_ledger: Ledger) -> None:
    given = _opened(memory_ledger)
    original = memory_ledger.case_history(given.id)[0]

    _correct(given, 1, {"title": "こども食堂の立ち上げ"}, "表記の統一")

    first, correction = memory_ledger.case_history(given.id)
    assert first == original
    assert isinstance(first, Case.ConsultationReceived)
    assert first.title == "子ども食堂の立ち上げ"
    assert isinstance(correction, Case.StepCorrected)
    assert (correction.corrected_version, correction.corrected_step) == (
        1,
        "ConsultationReceived",
    )
    assert correction.changes == {"title": "こども食堂の立ち上げ"}


def test_a_correction_names_an_existing_step(memory_ledger: Ledger) -> None:
    given = _opened(memory_ledger)

    error = refused_on_case(
        memory_ledger,
        given.id,
        errors.CorrectionTargetMissingError,
        lambda: _correct(given, 7, {"title": "x"}, "誤記"),
    )

    assert error.message == "訂正する記録（第7版）がこの案件にありません"


def test_a_correction_needs_a_reason(memory_ledger: Ledger) -> None:
    given = _opened(memory_ledger)

    error = refused_on_case(
        memory_ledger,
        given.id,
        errors.CorrectionNeedsReasonError,
        lambda: _correct(given, 1, {"title": "こども食堂"}, "  "),
    )

    assert error.message == "訂正には理由が必要です"


def test_a_correction_changes_something(memory_ledger: Ledger) -> None:
    given = _opened(memory_ledger)

    refused_on_case(
        memory_ledger,
        given.id,
        errors.CorrectionNeedsChangesError,
        lambda: _correct(given, 1, {}, "誤記"),
    )


def test_a_correction_names_a_field_of_that_step(memory_ledger: Ledger) -> None:
    given = _opened(memory_ledger)

    error = refused_on_case(
        memory_ledger,
        given.id,
        errors.CorrectionFieldUnknownError,
        lambda: _correct(given, 1, {"volunteers": 3}, "誤記"),
    )

    assert error.code == "correction_field_unknown"


def test_the_metadata_of_a_step_cannot_be_corrected(memory_ledger: Ledger) -> None:
    given = _opened(memory_ledger)

    refused_on_case(
        memory_ledger,
        given.id,
        errors.CorrectionFieldUnknownError,
        lambda: _correct(given, 1, {"meta": {}}, "誤記"),
    )


def test_a_corrected_date_cannot_lie_in_the_future(memory_ledger: Ledger) -> None:
    given = _opened(memory_ledger)
    given.join("山口食品株式会社")

    refused_on_case(
        memory_ledger,
        given.id,
        errors.FutureDateError,
        lambda: _correct(given, 2, {"occurred_on": TODAY + timedelta(days=1)}, "日付の誤り"),
    )


def test_a_corrected_date_cannot_precede_the_consultation(memory_ledger: Ledger) -> None:
    given = _opened(memory_ledger)
    given.join("山口食品株式会社")

    refused_on_case(
        memory_ledger,
        given.id,
        errors.DateBeforeConsultationError,
        lambda: _correct(given, 2, {"occurred_on": date(2024, 4, 1)}, "日付の誤り"),
    )


def test_a_corrected_date_stays_a_date(memory_ledger: Ledger) -> None:
    given = _opened(memory_ledger)
    given.join("山口食品株式会社")

    _correct(given, 2, {"occurred_on": OPENED_ON + timedelta(days=2)}, "日付の誤り")

    correction = last_step(memory_ledger, given.id, Case.StepCorrected)
    assert type(correction.changes["occurred_on"]) is date


def test_a_corrected_municipality_must_be_known(memory_ledger: Ledger) -> None:
    given = _opened(memory_ledger)

    error = refused_on_case(
        memory_ledger,
        given.id,
        errors.UnknownVocabularyError,
        lambda: _correct(given, 1, {"municipality": "広島市"}, "誤記"),
    )

    assert error.field == "municipality"


def test_a_corrected_municipality_is_stored_as_its_code(memory_ledger: Ledger) -> None:
    given = _opened(memory_ledger)

    _correct(given, 1, {"municipality": "下関市"}, "受付窓口の誤り")

    assert last_step(memory_ledger, given.id, Case.StepCorrected).changes == {
        "municipality": "35201"
    }


def test_a_corrected_sdg_must_exist(memory_ledger: Ledger) -> None:
    given = _opened(memory_ledger)

    error = refused_on_case(
        memory_ledger,
        given.id,
        errors.UnknownVocabularyError,
        lambda: _correct(given, 1, {"sdgs": [18]}, "誤記"),
    )

    assert error.field == "sdgs"


def test_a_required_text_cannot_be_corrected_to_blank(memory_ledger: Ledger) -> None:
    given = _opened(memory_ledger)

    error = refused_on_case(
        memory_ledger,
        given.id,
        errors.BlankValueError,
        lambda: _correct(given, 1, {"title": "　"}, "誤記"),
    )

    assert error.field == "title"


def test_a_closed_case_takes_corrections(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)
    given.through_success()

    _correct(given, 5, {"volunteers": 8}, "集計漏れ")

    assert last_step(memory_ledger, given.id, Case.StepCorrected).changes == {"volunteers": 8}


def test_an_unknown_field_is_reported_with_the_steps_japanese_name(
    memory_ledger: Ledger,
) -> None:
    given = _opened(memory_ledger)

    error = refused_on_case(
        memory_ledger,
        given.id,
        errors.CorrectionFieldUnknownError,
        lambda: _correct(given, 1, {"volunteers": 3}, "誤記"),
    )

    assert error.message == "「相談受付」には訂正できる項目「volunteers」がありません"


def test_every_step_has_a_japanese_name() -> None:
    assert set(STEP_LABELS) == set(STEP_CLASSES)


def test_a_single_corrected_sdg_is_stored_as_a_tuple(memory_ledger: Ledger) -> None:
    given = _opened(memory_ledger)

    _correct(given, 1, {"sdgs": 4, "fields": "社会教育"}, "目標の追加漏れ")

    correction = last_step(memory_ledger, given.id, Case.StepCorrected)
    assert correction.changes == {"sdgs": (4,), "fields": ("social_education",)}
    assert type(correction.changes["sdgs"]) is tuple


def test_a_corrected_role_is_stored_as_a_role(memory_ledger: Ledger) -> None:
    given = _opened(memory_ledger)
    given.join("山口食品株式会社", PartyKind.BUSINESS)

    _correct(given, 2, {"role": "場・物品の提供"}, "役割の誤記")

    changes = last_step(memory_ledger, given.id, Case.StepCorrected).changes
    assert changes == {"role": PartyRole.VENUE_OR_GOODS}
    assert type(memory_ledger.case_history(given.id)[-1].changes["role"]) is PartyRole


def test_a_corrected_role_must_be_known(memory_ledger: Ledger) -> None:
    given = _opened(memory_ledger)
    given.join("山口食品株式会社", PartyKind.BUSINESS)

    error = refused_on_case(
        memory_ledger,
        given.id,
        errors.UnknownVocabularyError,
        lambda: _correct(given, 2, {"role": "見守り役"}, "誤記"),
    )

    assert error.field == "role"


def test_a_corrected_consultation_date_moves_the_opening(memory_ledger: Ledger) -> None:
    given = _opened(memory_ledger)
    earlier = OPENED_ON - timedelta(days=10)

    _correct(given, 1, {"occurred_on": earlier}, "受付日の誤記")
    given.ledger.add_note(FACILITATOR, given.id, text="電話で確認", occurred_on=earlier)

    assert memory_ledger.get_case(given.id).opened_on == earlier


def test_a_consultation_cannot_be_moved_after_the_steps_that_followed(
    memory_ledger: Ledger,
) -> None:
    given = _opened(memory_ledger)
    given.join("山口食品株式会社", PartyKind.BUSINESS, on=OPENED_ON + timedelta(days=5))

    error = refused_on_case(
        memory_ledger,
        given.id,
        errors.ConsultationAfterStepsError,
        lambda: _correct(given, 1, {"occurred_on": OPENED_ON + timedelta(days=6)}, "誤記"),
    )

    assert error.code == "consultation_after_steps"


def test_what_a_step_refers_to_is_not_corrected_in_place(memory_ledger: Ledger) -> None:
    """The party of a joining, the case's number or centre: withdraw and join again."""
    given = _opened(memory_ledger)
    other = given.party("山口食品株式会社")
    given.join("こどもの未来")
    for version, changes in (
        (2, {"party": str(other)}),
        (1, {"number": "山口-2024-999"}),
        (1, {"centre": "ube"}),
        (1, {"initiating_party": str(other)}),
    ):
        refused_on_case(
            memory_ledger,
            given.id,
            errors.CorrectionFieldUnknownError,
            lambda version=version, changes=changes: _correct(given, version, changes, "誤記"),
        )


def test_a_correction_is_not_itself_corrected(memory_ledger: Ledger) -> None:
    given = _opened(memory_ledger)
    _correct(given, 1, {"title": "こども食堂"}, "表記の統一")
    refused_on_case(
        memory_ledger,
        given.id,
        errors.CorrectionFieldUnknownError,
        lambda: _correct(given, 2, {"reason": "誤記"}, "訂正の訂正"),
    )


def test_a_corrected_value_is_read_as_the_step_declares_it(memory_ledger: Ledger) -> None:
    """An ISO date becomes a date, a list of objects the step's outcomes, a code its member."""
    given = CaseFixture(memory_ledger)
    given.through_success()
    history = memory_ledger.case_history(given.id)
    agreement = next(e for e in history if isinstance(e, Case.AgreementReached))
    review = next(e for e in history if isinstance(e, Case.ReviewConducted))
    _correct(given, agreement.originator_version, {"period_end": "2025-03-31"}, "期間の誤り")
    corrected = last_step(memory_ledger, given.id, Case.StepCorrected)
    assert corrected.changes["period_end"] == date(2025, 3, 31)
    outcome = {"indicator": "参加者数", "actual": 50, "target": 20, "unit": "人"}
    _correct(given, review.originator_version, {"outcomes": [outcome]}, "集計の誤り")
    corrected = last_step(memory_ledger, given.id, Case.StepCorrected)
    (stored,) = corrected.changes["outcomes"]
    assert (stored.indicator, stored.actual, stored.target, stored.unit) == (
        "参加者数",
        50,
        20,
        "人",
    )


def test_a_corrected_value_that_is_not_of_the_steps_type_is_refused(
    memory_ledger: Ledger,
) -> None:
    given = CaseFixture(memory_ledger)
    given.through_success()
    history = memory_ledger.case_history(given.id)
    agreement = next(e for e in history if isinstance(e, Case.AgreementReached))
    review = next(e for e in history if isinstance(e, Case.ReviewConducted))
    for version, changes in (
        (agreement.originator_version, {"period_end": "来年の3月"}),
        (review.originator_version, {"outcomes": [{"indicator": "参加者数", "size": 3}]}),
        (review.originator_version, {"outcomes": "たくさん"}),
    ):
        error = refused_on_case(
            memory_ledger,
            given.id,
            errors.InvalidValueError,
            lambda version=version, changes=changes: _correct(given, version, changes, "誤記"),
        )
        assert error.code == "invalid_value"


def test_corrected_text_must_be_storable(memory_ledger: Ledger) -> None:
    given = _opened(memory_ledger)
    refused_on_case(
        memory_ledger,
        given.id,
        errors.UnstorableCharacterError,
        lambda: _correct(given, 1, {"title": "子ども\x00食堂"}, "誤記"),
    )
    refused_on_case(
        memory_ledger,
        given.id,
        errors.UnstorableCharacterError,
        lambda: _correct(given, 1, {"title": "こども食堂"}, "誤記\x07"),
    )
