"""Plan indicators (評価指標): one row per indicator and one per (indicator, fiscal year), both
temporal (`projections.engine.base.Begin`), so the table reads as it stood at any position
of the ledger's log — the end of any past day through `moments`.

Derived indicators keep only their definition and commentary here: their actuals are the KPI
figures of the fiscal year, read at query time by the API beside these rows.
"""

from __future__ import annotations

from typing import Any

from domain.indicators import PlanIndicator
from projections.engine import Begin, Change, ReadModel, Retire, Supersede, Upsert, Value
from projections.engine.handlers import HandledReadModel, Handlers

_DEFINED = ("plan", "code", "name", "unit", "policy", "municipality", "derived_from")
"""The columns an indicator's definition sets: the fields of `IndicatorDefined` so named."""

INDICATOR_COLUMNS = (
    "indicator_id",
    *_DEFINED,
    "baseline",
    "baseline_period",
    "target",
    "target_year",
    "target_wording",
)


def _key(e: Any) -> dict[str, Value]:
    return {"indicator_id": str(e.originator_id)}


def _moment(e: Any, at: int) -> Change:
    return Upsert("moments", {"position": at}, {"recorded_at": e.timestamp})


def _defined(e: PlanIndicator.IndicatorDefined, at: int) -> list[Change]:
    values: dict[str, Value] = {column: getattr(e, column) for column in _DEFINED}
    return [Begin("indicators", _key(e), values, at), _moment(e, at)]


def _indicator(values: dict[str, Value], e: Any, at: int) -> list[Change]:
    return [Supersede("indicators", _key(e), values, at, INDICATOR_COLUMNS), _moment(e, at)]


def _baseline(e: PlanIndicator.BaselineSet, at: int) -> list[Change]:
    return _indicator({"baseline": e.value, "baseline_period": e.period}, e, at)


def _target(e: PlanIndicator.TargetSet, at: int) -> list[Change]:
    values: dict[str, Value] = {
        "target": e.value,
        "target_year": e.fiscal_year,
        "target_wording": e.wording,
    }
    return _indicator(values, e, at)


def _replaced(table: str, e: Any, values: dict[str, Value], at: int) -> list[Change]:
    """A year's row of `table` as the event states it whole: the previous version ends."""
    key = {**_key(e), "fiscal_year": e.fiscal_year}
    return [Retire(table, key, at), Begin(table, key, values, at)]


def _reported(e: PlanIndicator.ActualReported, at: int) -> list[Change]:
    changes = _replaced("actuals", e, {"actual": e.value, "source": e.source}, at)
    if e.commentary:
        changes += _replaced("commentaries", e, {"commentary": e.commentary}, at)
    return [*changes, _moment(e, at)]


def _commented(e: PlanIndicator.CommentaryWritten, at: int) -> list[Change]:
    return [*_replaced("commentaries", e, {"commentary": e.commentary}, at), _moment(e, at)]


_HANDLERS = Handlers(
    {
        PlanIndicator.IndicatorDefined: _defined,
        PlanIndicator.BaselineSet: _baseline,
        PlanIndicator.TargetSet: _target,
        PlanIndicator.ActualReported: _reported,
        PlanIndicator.CommentaryWritten: _commented,
    }
)


class PlanIndicatorsReadModel(
    HandledReadModel, name="plan_indicators", version=1, handlers=_HANDLERS
):
    label = "計画の指標"
    schema = (
        "CREATE TABLE IF NOT EXISTS {indicators} (indicator_id TEXT NOT NULL, "
        "plan TEXT NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL, unit TEXT NOT NULL, "
        "policy TEXT NOT NULL, municipality TEXT, derived_from TEXT, "
        "baseline {double}, baseline_period TEXT, target {double}, target_year INTEGER, "
        "target_wording TEXT, {valid}, PRIMARY KEY (indicator_id, valid_from))",
        "CREATE INDEX IF NOT EXISTS {indicators}_plan ON {indicators} (plan)",
        "CREATE TABLE IF NOT EXISTS {actuals} (indicator_id TEXT NOT NULL, "
        "fiscal_year INTEGER NOT NULL, actual {double}, source TEXT NOT NULL, {valid}, "
        "PRIMARY KEY (indicator_id, fiscal_year, valid_from))",
        "CREATE TABLE IF NOT EXISTS {commentaries} (indicator_id TEXT NOT NULL, "
        "fiscal_year INTEGER NOT NULL, commentary TEXT NOT NULL, {valid}, "
        "PRIMARY KEY (indicator_id, fiscal_year, valid_from))",
        "CREATE TABLE IF NOT EXISTS {moments} (position {bigint} PRIMARY KEY, "
        "recorded_at TEXT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS {moments}_at ON {moments} (recorded_at)",
    )


READ_MODELS: tuple[ReadModel, ...] = (PlanIndicatorsReadModel(),)
