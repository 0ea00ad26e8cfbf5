"""`kyodo case show`'s one-line descriptions: a number or a date says which field it is, and a
review's outcome figure which of 実績 and 目標 it is."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

from api.cli.wording import describe
from domain.case import Case
from domain.values import Outcome
from domain.vocabulary import CollaborationForm, ReviewKind


class _Names:
    def party(self, party_id: UUID) -> str:
        return "NPO法人 こどもの未来"

    def meeting(self, meeting_id: UUID) -> str:
        return "第1回 会議"


def _event(cls: type, **fields: object) -> object:
    """An event of `cls` with its envelope, as the ledger decodes one."""
    return cls(
        originator_id=uuid4(),
        originator_version=3,
        timestamp=cls.create_timestamp(),
        meta={},
        occurred_on=date(2024, 8, 5),
        **fields,
    )


def test_an_agreement_s_dates_say_which_they_are() -> None:
    event = _event(
        Case.AgreementReached,
        roles=(),
        period_start=date(2024, 8, 5),
        period_end=date(2025, 3, 31),
        form=CollaborationForm.EXECUTIVE_COMMITTEE,
        resources="各団体の持ち寄り",
    )

    text = describe(event, _Names())

    assert "協働期間の開始 2024-08-05／協働期間の終了 2025-03-31" in text
    assert text.endswith("／各団体の持ち寄り／実行委員会")


def test_an_outcome_says_which_figure_is_the_actual_and_which_the_target() -> None:
    outcomes = (
        Outcome("フードパントリー利用世帯", 46, 40, "世帯"),
        Outcome("ガイド配布部数", 3000, None, "部", "市内21か所"),
        Outcome("参加団体", None, 5, "団体"),
        Outcome("地域の声"),
    )
    event = _event(
        Case.ReviewConducted,
        kind=ReviewKind.SELF,
        summary="役割を分担できた",
        outcomes=outcomes,
        lessons="",
    )

    text = describe(event, _Names())

    assert (
        "フードパントリー利用世帯 実績46世帯（目標40世帯）、ガイド配布部数 実績3,000部 市内21か所、"
        "参加団体 目標5団体、地域の声"
    ) in text


def test_a_correction_says_each_field_from_what_to_what() -> None:
    event = _event(
        Case.StepCorrected,
        corrected_version=2,
        corrected_step="ActivityCarriedOut",
        changes={"participants": 30, "occurred_on": date(2024, 8, 4), "outputs": "報告書"},
        reason="受付名簿で数え直した",
    )
    before = {"participants": 24, "occurred_on": date(2024, 8, 5), "outputs": ""}

    text = describe(event, _Names(), before)

    assert text == (
        "訂正: 第2版（活動の実施）を訂正 参加者数 24 → 30、日付 2024-08-05 → 2024-08-04、"
        "成果物 （なし） → 報告書／理由 受付名簿で数え直した"
    )
