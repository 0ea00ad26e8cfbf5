"""Plan items (推進項目, seed 004): each plan's items where the list prints them (推進方針 >
推進施策, restatements 再掲 included), their status per fiscal year, and the cases and
indicators linked to them. Queries live in `queries.py`.

A row is placed where its event put it: the list's order is the order in which the plan's
policies, measures and rows were first recorded (an import records them as the city prints
them). The number and title of each linked case are kept here from the cases' own events.
"""

from __future__ import annotations

from typing import Any

from domain.plans import Plan
from projections.engine import Change, ReadModel, Upsert, Value
from projections.engine.handlers import HandledReadModel, Handlers
from projections.engine.schema import primary_keys
from projections.shared import CASE_TITLES, CASE_TITLES_DDL


def _key(e: Any, **more: Value) -> dict[str, Value]:
    return {"plan_id": str(e.originator_id), **more}


def _registered(e: Plan.PlanRegistered, position: int) -> list[Change]:
    return [Upsert("plans", _key(e), {"name": e.name, "municipality": e.municipality})]


def _placed(e: Any, restated: bool) -> Upsert:
    row: dict[str, Value] = {
        "number": e.number,
        "policy": e.policy,
        "measure": e.measure,
        "restated": restated,
    }
    return Upsert("placements", _key(e, version=e.originator_version), row)


def _added(e: Plan.PlanItemAdded, position: int) -> list[Change]:
    return [Upsert("items", _key(e, number=e.number), {"title": e.title}), _placed(e, False)]


def _restated(e: Plan.PlanItemRestated, position: int) -> list[Change]:
    return [_placed(e, True)]


def _status(e: Plan.PlanItemStatusRecorded, position: int) -> list[Change]:
    row: dict[str, Value] = {
        "status": e.status.value,
        "handling": e.handling.value,
        "merged_into": e.merged_into,
        "review_note": e.review_note,
        "recorded_on": e.occurred_on,
    }
    return [Upsert("statuses", _key(e, number=e.number, fiscal_year=e.fiscal_year), row)]


def _case_linked(e: Plan.CaseLinkedToPlanItem, position: int) -> list[Change]:
    key = _key(e, number=e.number, case_id=str(e.case_id))
    return [Upsert("case_links", key, {"version": e.originator_version})]


def _indicator_linked(e: Plan.IndicatorLinkedToPlanItem, position: int) -> list[Change]:
    key = _key(e, number=e.number, indicator=e.indicator)
    return [Upsert("indicator_links", key, {"version": e.originator_version})]


_HANDLERS = Handlers(
    {
        Plan.PlanRegistered: _registered,
        Plan.PlanItemAdded: _added,
        Plan.PlanItemRestated: _restated,
        Plan.PlanItemStatusRecorded: _status,
        Plan.CaseLinkedToPlanItem: _case_linked,
        Plan.IndicatorLinkedToPlanItem: _indicator_linked,
        **CASE_TITLES,
    }
)


class PlanItemsReadModel(HandledReadModel, name="plan_items", version=1, handlers=_HANDLERS):
    label = "推進計画の項目"
    schema = (
        "CREATE TABLE IF NOT EXISTS {plans} (plan_id TEXT PRIMARY KEY, "
        "name TEXT NOT NULL, municipality TEXT)",
        "CREATE TABLE IF NOT EXISTS {items} (plan_id TEXT NOT NULL, "
        "number INTEGER NOT NULL, title TEXT NOT NULL, PRIMARY KEY (plan_id, number))",
        "CREATE TABLE IF NOT EXISTS {placements} (plan_id TEXT NOT NULL, "
        "version INTEGER NOT NULL, number INTEGER NOT NULL, policy TEXT NOT NULL, "
        "measure TEXT NOT NULL, restated INTEGER NOT NULL, PRIMARY KEY (plan_id, version))",
        "CREATE TABLE IF NOT EXISTS {statuses} (plan_id TEXT NOT NULL, "
        "number INTEGER NOT NULL, fiscal_year INTEGER NOT NULL, status TEXT NOT NULL, "
        "handling TEXT NOT NULL, merged_into INTEGER, review_note TEXT NOT NULL, "
        "recorded_on TEXT NOT NULL, PRIMARY KEY (plan_id, number, fiscal_year))",
        "CREATE TABLE IF NOT EXISTS {case_links} (plan_id TEXT NOT NULL, "
        "number INTEGER NOT NULL, case_id TEXT NOT NULL, version INTEGER NOT NULL, "
        "PRIMARY KEY (plan_id, number, case_id))",
        "CREATE TABLE IF NOT EXISTS {indicator_links} (plan_id TEXT NOT NULL, "
        "number INTEGER NOT NULL, indicator TEXT NOT NULL, version INTEGER NOT NULL, "
        "PRIMARY KEY (plan_id, number, indicator))",
        CASE_TITLES_DDL,
    )


PRIMARY_KEYS = primary_keys(PlanItemsReadModel.schema)


READ_MODELS: tuple[ReadModel, ...] = (PlanItemsReadModel(),)
