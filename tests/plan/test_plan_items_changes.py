"""The plan items read model's pure part: events to row changes, without a database."""

from __future__ import annotations

from application.ledger import Ledger
from domain.plans import Plan
from projections.engine import MemoryTables
from projections.plan_items.projection import PRIMARY_KEYS, PlanItemsReadModel
from tests.plan.support import MEASURE_3, MEASURE_IV_2, POLICY_IV, YEAR, PlanFixture

MODEL = PlanItemsReadModel()


def _tables(plan: PlanFixture) -> MemoryTables:
    tables = MemoryTables(PRIMARY_KEYS)
    for position, event in enumerate(plan.ledger.repository.event_store.get(plan.id), 1):
        tables.apply(MODEL.changes(event, position))
    return tables


def test_every_plan_event_is_read() -> None:
    events = (e for e in vars(Plan).values() if isinstance(e, type) and hasattr(e, "COMMAND"))

    assert {e.TOPIC for e in events} <= set(MODEL.topics)


def test_a_restatement_is_a_row_of_its_own(memory_ledger: Ledger) -> None:
    plan = PlanFixture(memory_ledger).seeded()
    plan.ledger.restate_plan_item(
        plan.ctx, plan.id, number=11, policy=POLICY_IV, measure=MEASURE_IV_2
    )

    rows = _tables(plan).table("placements")

    assert [(r["number"], r["measure"], r["restated"]) for r in rows][-2:] == [
        (12, MEASURE_3, False),
        (11, MEASURE_IV_2, True),
    ]


def test_a_year_keeps_its_latest_status(memory_ledger: Ledger) -> None:
    plan = PlanFixture(memory_ledger).seeded()
    plan.status(2, review_note="検討する")
    plan.status(2, review_note="引き続き検討する")

    rows = _tables(plan).table("statuses")

    assert [(r["number"], r["fiscal_year"], r["review_note"]) for r in rows] == [
        (2, YEAR, "引き続き検討する")
    ]
