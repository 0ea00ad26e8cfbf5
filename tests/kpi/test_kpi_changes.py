"""The KPI read model's pure part and the targets command (no database)."""

from __future__ import annotations

from datetime import date

import pytest

from application.ledger import Ledger
from domain.errors import NotAllowedError, UnknownVocabularyError
from projections.engine.base import MemoryTables, Row
from projections.kpi.projection import Kpi
from tests.support import CHIEF, FACILITATOR, CaseFixture

KEYS = {
    "cases": ("case_id", "valid_from"),
    "facts": ("case_id", "version", "valid_from"),
    "groups": ("party_id", "valid_from"),
    "targets": ("fiscal_year", "municipality", "indicator", "valid_from"),
    "closings": ("fiscal_year", "municipality"),
    "moments": ("position",),
}


def project(ledger: Ledger) -> MemoryTables:
    model = Kpi()
    tables = MemoryTables(KEYS)
    for note in ledger.recorder.select_notifications(1, 10_000):
        tables.apply(model.changes(ledger.mapper.to_domain_event(note), note.id))
    return tables


def current(tables: MemoryTables, name: str) -> list[Row]:
    """The rows of a temporal table as they stand now, without their validity."""
    return [
        {k: v for k, v in r.items() if k not in ("valid_from", "valid_to")}
        for r in tables.table(name)
        if r["valid_to"] is None
    ]


def kinds(tables: MemoryTables) -> list[tuple[str, int, int]]:
    return [
        (str(r["kind"]), int(r["fiscal_year"]), int(r["value"])) for r in current(tables, "facts")
    ]


def test_each_counted_step_is_one_fact_in_its_fiscal_year(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)
    given.through_success()
    assert sorted(kinds(project(memory_ledger))) == sorted(
        [
            ("opened", 2024, 1),
            ("joined", 2024, 1),
            ("joined", 2024, 1),
            ("agreed", 2024, 1),
            ("volunteers", 2024, 5),
            ("succeeded", 2024, 1),
        ]
    )


def test_a_correction_of_volunteers_replaces_the_count(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)
    given.through_success()
    activity = next(
        e.originator_version
        for e in memory_ledger.case_history(given.id)
        if type(e).__name__ == "ActivityCarriedOut"
    )
    memory_ledger.correct_step(
        FACILITATOR,
        given.id,
        corrected_version=activity,
        changes={"volunteers": 12},
        reason="集計漏れ",
    )
    assert ("volunteers", 2024, 12) in kinds(project(memory_ledger))


def test_a_step_counts_in_the_fiscal_year_of_its_business_date(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)
    given.open(on=date(2024, 3, 31))
    given.join("山口食品株式会社", on=date(2024, 4, 1))
    assert sorted(kinds(project(memory_ledger))) == [("joined", 2024, 1), ("opened", 2023, 1)]


def test_a_reopening_takes_the_success_back(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)
    given.through_success()
    memory_ledger.reopen_case(
        FACILITATOR, given.id, reason="活動を続ける", occurred_on=date(2024, 10, 1)
    )
    assert "succeeded" not in {k for k, _, _ in kinds(project(memory_ledger))}


def test_a_chief_facilitator_records_a_target_and_a_baseline(memory_ledger: Ledger) -> None:
    memory_ledger.set_kpi_target(CHIEF, 2024, "山口市", "協働成功件数", 10, 6)
    memory_ledger.set_kpi_target(CHIEF, 2024, "山口市", "successes", 12, 6)
    assert current(project(memory_ledger), "targets") == [
        {
            "fiscal_year": 2024,
            "municipality": "35203",
            "indicator": "successes",
            "target": 12,
            "baseline": 6,
        }
    ]


def test_a_facilitator_may_not_record_targets(memory_ledger: Ledger) -> None:
    with pytest.raises(NotAllowedError):
        memory_ledger.set_kpi_target(FACILITATOR, 2024, None, "successes", 10, 6)
    assert memory_ledger.recorder.max_notification_id() is None


def test_an_unknown_indicator_is_refused(memory_ledger: Ledger) -> None:
    with pytest.raises(UnknownVocabularyError):
        memory_ledger.set_kpi_target(CHIEF, 2024, None, "満足度", 10, 6)
