"""A finished fiscal year's figures closed as reported, kept beside the current ones, with the
steps that changed them since; and the table as it stood at a past position of the log."""

from __future__ import annotations

from datetime import date

import pytest

from application.ledger import Ledger
from domain.commands import DeregisterParty
from domain.errors import FiscalYearAlreadyClosedError, FiscalYearNotOverError, NotAllowedError
from domain.values import ContactDetails
from domain.vocabulary import ClosureResult, PartyKind, PartyRole
from projections.kpi.projection import Kpi
from projections.kpi.queries import KpiScope, kpi_report
from tests.library.readside import ReadSide
from tests.pro_bono.bank import join_bank
from tests.support import CHIEF, FACILITATOR, CaseFixture, context

KPI = Kpi()


def _succeeded_in_2023(ledger: Ledger) -> CaseFixture:
    case = CaseFixture(ledger)
    case.open(on=date(2023, 5, 1))
    case.join("こどもの未来", role=PartyRole.PROPOSER, on=date(2023, 5, 2))
    case.join("山口食品株式会社", PartyKind.BUSINESS, on=date(2023, 5, 3))
    case.agree(on=date(2023, 5, 21))
    case.act(on=date(2023, 6, 1))
    case.review(on=date(2023, 9, 1))
    case.close(on=date(2023, 10, 1))
    return case


def _failed_in_2023(ledger: Ledger, parties: dict[str, object]) -> CaseFixture:
    case = CaseFixture(ledger, parties=parties)  # type: ignore[arg-type]
    case.open(on=date(2023, 6, 1))
    case.close(ClosureResult.DISCONTINUED, on=date(2023, 11, 1))
    return case


def _report(side: ReadSide, at: int | None = None, municipality: str | None = "山口市") -> object:
    with side.reading(KPI) as (db, tables):
        return kpi_report(db, side.dialect, tables, KpiScope(2023, municipality, at))


def _rows(report: object) -> dict[str, tuple[float | None, float | None, float | None]]:
    return {r.indicator: (r.actual, r.reported, r.difference) for r in report.rows}  # type: ignore[attr-defined]


def test_a_closed_year_keeps_its_reported_figures_beside_the_current_ones(
    ledger: Ledger, kpi_side: ReadSide
) -> None:
    won = _succeeded_in_2023(ledger)
    _failed_in_2023(ledger, won.parties)
    ledger.close_fiscal_year(CHIEF, fiscal_year=2023, municipality=None)
    assert _rows(_report(kpi_side))["success_rate"] == (50.0, 50.0, 0.0)

    ledger.reopen_case(FACILITATOR, won.id, reason="活動を続ける", occurred_on=date(2025, 3, 1))

    report = _report(kpi_side)
    rows = _rows(report)
    assert rows["success_rate"] == (0.0, 50.0, -50.0)
    assert rows["successes"] == (0, 1, -1)
    assert rows["cases_opened"] == (2, 2, 0)
    assert report.closing.closed_by == "chief-01"  # type: ignore[attr-defined]
    assert report.closing.municipality is None  # type: ignore[attr-defined]
    changes = report.later_changes  # type: ignore[attr-defined]
    assert [(c.step, c.case_id) for c in changes] == [("再開", str(won.id))]


def test_a_step_recorded_later_for_a_closed_year_is_listed_and_changes_only_the_current(
    ledger: Ledger, kpi_side: ReadSide
) -> None:
    won = _succeeded_in_2023(ledger)
    ledger.close_fiscal_year(CHIEF, fiscal_year=2023, municipality="山口市")
    late = CaseFixture(ledger, parties=won.parties)
    late.open(on=date(2024, 2, 1))  # logged after the closing, dated within 2023年度
    report = _report(kpi_side)
    assert _rows(report)["cases_opened"] == (2, 1, 1)
    assert report.closing.municipality == "35203"  # type: ignore[attr-defined]
    assert [c.step for c in report.later_changes] == ["相談受付"]  # type: ignore[attr-defined]


def test_the_table_as_it_stood_at_a_past_position(ledger: Ledger, kpi_side: ReadSide) -> None:
    won = _succeeded_in_2023(ledger)
    before = ledger.recorder.max_notification_id()
    ledger.reopen_case(FACILITATOR, won.id, reason="活動を続ける", occurred_on=date(2025, 3, 1))
    assert _rows(_report(kpi_side))["successes"][0] == 0
    then = _report(kpi_side, at=before)
    assert _rows(then)["successes"][0] == 1
    assert then.closing is None  # type: ignore[attr-defined]


def test_a_closing_before_a_past_position_is_shown_and_after_it_is_not(
    ledger: Ledger, kpi_side: ReadSide
) -> None:
    _succeeded_in_2023(ledger)
    before = ledger.recorder.max_notification_id()
    ledger.close_fiscal_year(CHIEF, fiscal_year=2023, municipality=None)
    assert _report(kpi_side, at=before).closing is None  # type: ignore[attr-defined]
    assert _report(kpi_side).closing is not None  # type: ignore[attr-defined]


def test_a_year_is_closed_only_once_only_when_over_and_only_by_a_chief(
    memory_ledger: Ledger,
) -> None:
    with pytest.raises(FiscalYearNotOverError):
        memory_ledger.close_fiscal_year(CHIEF, fiscal_year=2024, municipality=None)
    with pytest.raises(NotAllowedError):
        memory_ledger.close_fiscal_year(FACILITATOR, fiscal_year=2023, municipality=None)
    assert memory_ledger.recorder.max_notification_id() is None
    memory_ledger.close_fiscal_year(CHIEF, fiscal_year=2023, municipality=None)
    head = memory_ledger.recorder.max_notification_id()
    with pytest.raises(FiscalYearAlreadyClosedError) as refused:
        memory_ledger.close_fiscal_year(CHIEF, fiscal_year=2023, municipality=None)
    assert refused.value.code == "fiscal_year_already_closed"
    assert "確定済み" in refused.value.message
    assert memory_ledger.recorder.max_notification_id() == head


def test_a_closing_dated_within_the_year_is_refused(memory_ledger: Ledger) -> None:
    later = context(CHIEF.actor.role, "pref", "chief-01", today=date(2025, 5, 1))
    with pytest.raises(FiscalYearNotOverError):
        memory_ledger.close_fiscal_year(
            later, fiscal_year=2024, municipality=None, occurred_on=date(2025, 3, 31)
        )
    memory_ledger.close_fiscal_year(later, fiscal_year=2024, municipality=None)


@pytest.mark.parametrize("municipality", [None, "山口市"])
def test_a_registration_dated_in_a_closed_year_is_listed_and_counted_only_now(
    ledger: Ledger, kpi_side: ReadSide, municipality: str | None
) -> None:
    _succeeded_in_2023(ledger)
    ledger.close_fiscal_year(CHIEF, fiscal_year=2023, municipality=municipality)
    person = ledger.register_party(
        FACILITATOR,
        kind=PartyKind.PRO_BONO_WORKER,
        name="",
        municipality="山口市",
        contact=ContactDetails(person_name="山田 花子", email="worker@example.jp"),
        occurred_on=date(2024, 1, 5),
    ).aggregate_id
    join_bank(ledger, person, on=date(2024, 1, 10))  # after the closing, dated in 2023年度

    report = _report(kpi_side, municipality=municipality)
    assert _rows(report)["pro_bono_registrations"] == (1, 0, 1)
    steps = [c.step for c in report.later_changes]  # type: ignore[attr-defined]
    assert steps == ["プロボノワーカーバンクへの登録"]


@pytest.mark.parametrize("municipality", [None, "山口市"])
def test_a_group_registered_later_with_a_day_in_a_closed_year_is_listed_and_counted_only_now(
    ledger: Ledger, kpi_side: ReadSide, municipality: str | None
) -> None:
    _succeeded_in_2023(ledger)  # its parties are registered in 2024年度
    ledger.close_fiscal_year(CHIEF, fiscal_year=2023, municipality=municipality)
    ledger.register_party(  # a roster imported after the closing, with its 登録日
        FACILITATOR,
        kind=PartyKind.VOLUNTARY_GROUP,
        name="湯田温泉を愛する会",
        municipality="山口市",
        occurred_on=date(2024, 1, 5),
    )

    report = _report(kpi_side, municipality=municipality)
    assert _rows(report)["registered_groups"] == (1, 0, 1)
    steps = [c.step for c in report.later_changes]  # type: ignore[attr-defined]
    assert steps == ["団体登録"]


def test_a_group_leaving_the_register_after_a_closing_is_listed_and_counted_only_now(
    ledger: Ledger, kpi_side: ReadSide
) -> None:
    _succeeded_in_2023(ledger)
    left = ledger.register_party(
        FACILITATOR,
        kind=PartyKind.VOLUNTARY_GROUP,
        name="湯田温泉を愛する会",
        municipality="山口市",
        occurred_on=date(2023, 4, 1),
    ).aggregate_id
    ledger.close_fiscal_year(CHIEF, fiscal_year=2023, municipality="山口市")
    ledger.handle(  # recorded after the closing, dated within the closed year
        FACILITATOR, DeregisterParty(party_id=left, reason="解散", occurred_on=date(2024, 3, 1))
    )

    report = _report(kpi_side)
    assert _rows(report)["registered_groups"] == (0, 1, -1)
    steps = [c.step for c in report.later_changes]  # type: ignore[attr-defined]
    assert steps == ["登録の抹消"]
