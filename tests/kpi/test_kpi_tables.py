"""KPI tables on SQLite and PostgreSQL: actuals beside targets and baselines."""

from __future__ import annotations

from datetime import date

from application.ledger import Ledger
from domain.vocabulary import ClosureResult
from projections.kpi.projection import Kpi
from projections.kpi.queries import kpi_table, kpi_tables_by_municipality
from tests.library.readside import ReadSide
from tests.support import CHIEF, CaseFixture

KPI = Kpi()


def test_the_table_shows_actuals_beside_targets_and_baselines(
    ledger: Ledger, kpi_side: ReadSide
) -> None:
    CaseFixture(ledger).through_success()
    failed = CaseFixture(ledger)
    failed.open(on=date(2024, 6, 1))
    failed.join("こどもの未来", on=date(2024, 6, 2))
    failed.join("山口食品株式会社", on=date(2024, 6, 3))
    failed.agree(on=date(2024, 6, 11))
    failed.close(ClosureResult.DISCONTINUED, on=date(2024, 7, 1))
    ledger.set_kpi_target(CHIEF, 2024, "山口市", "successes", 3, 1)
    with kpi_side.reading(KPI) as (db, tables):
        rows = {r.indicator: r for r in kpi_table(db, kpi_side.dialect, tables, 2024, "山口市")}
        elsewhere = kpi_table(db, kpi_side.dialect, tables, 2024, "萩市")
    assert {k: r.actual for k, r in rows.items()} == {
        "cases_opened": 2,
        "matchings": 4,
        "agreements": 2,
        "successes": 1,
        "success_rate": 50.0,
        "median_days_to_agreement": 15,
        "volunteers": 5,
        "published_cases": 0,
    }
    assert (rows["successes"].baseline, rows["successes"].target) == (1, 3)
    assert rows["successes"].label == "協働成功件数"
    assert {r.actual for r in elsewhere} <= {0, None}


def test_the_prefecture_table_sums_every_municipality(ledger: Ledger, kpi_side: ReadSide) -> None:
    CaseFixture(ledger).through_success()
    with kpi_side.reading(KPI) as (db, tables):
        whole = {r.indicator: r.actual for r in kpi_table(db, kpi_side.dialect, tables, 2024)}
        per_city = kpi_tables_by_municipality(db, kpi_side.dialect, tables, 2024)
        previous_year = kpi_table(db, kpi_side.dialect, tables, 2023)
    assert whole["cases_opened"] == 1
    assert list(per_city) == ["35203"]
    assert {r.actual for r in previous_year} <= {0, None}


def test_a_corrected_date_moves_a_step_to_its_fiscal_year(
    ledger: Ledger, kpi_side: ReadSide
) -> None:
    given = CaseFixture(ledger)
    given.open(on=date(2024, 3, 20))
    given.join("山口食品株式会社", on=date(2024, 3, 25))
    ledger.correct_step(
        CHIEF,
        given.id,
        corrected_version=2,
        changes={"occurred_on": date(2024, 4, 2)},
        reason="参加日の記入誤り",
    )
    with kpi_side.reading(KPI) as (db, tables):
        before = {r.indicator: r.actual for r in kpi_table(db, kpi_side.dialect, tables, 2023)}
        after = {r.indicator: r.actual for r in kpi_table(db, kpi_side.dialect, tables, 2024)}
    assert (before["cases_opened"], before["matchings"]) == (1, 0)
    assert (after["cases_opened"], after["matchings"]) == (0, 1)
