"""The attention read model's changes, applied in memory (pure: no database)."""

from __future__ import annotations

from datetime import date
from typing import Any

from projections.attention.projection import PRIMARY_KEYS, AttentionReadModel
from projections.engine import MemoryTables, Value
from tests.support import CaseFixture

MODEL = AttentionReadModel()


def _rows(events: list[Any]) -> MemoryTables:
    tables = MemoryTables(PRIMARY_KEYS)
    for position, event in enumerate(events, start=1):
        tables.apply(MODEL.changes(event, position))
    return tables


def _case(tables: MemoryTables) -> dict[str, Value]:
    [row] = tables.table("cases")
    return row


def test_a_correction_of_an_earlier_agreement_leaves_the_latest_period(memory_ledger: Any) -> None:
    given = CaseFixture(memory_ledger)
    given.open()
    given.join("こどもの未来")
    given.join("山口食品株式会社")
    given.agree()  # version 4, no period end
    given.agree()  # version 5, the latest
    memory_ledger.correct_step(
        given.ctx,
        given.id,
        corrected_version=4,
        changes={"period_end": date(2025, 1, 31)},
        reason="記入漏れ",
    )

    tables = _rows(memory_ledger.case_history(given.id))

    assert _case(tables)["agreement_version"] == 5
    assert _case(tables)["period_end"] is None


def test_corrections_are_not_steps_of_their_own(memory_ledger: Any) -> None:
    given = CaseFixture(memory_ledger)
    given.open()
    memory_ledger.correct_step(
        given.ctx, given.id, corrected_version=1, changes={"title": "子ども食堂"}, reason="誤記"
    )

    tables = _rows(memory_ledger.case_history(given.id))

    assert [r["version"] for r in tables.table("steps")] == [1]
    assert _case(tables)["title"] == "子ども食堂"
