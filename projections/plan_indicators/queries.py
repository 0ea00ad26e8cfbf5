"""Queries over the plan indicators: a plan's indicators with each fiscal year's reported
actual and commentary, as they stand now or stood at a position (`position_at` a moment)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from projections.engine import Db, Dialect, Tables
from projections.engine.temporal import position_at as temporal_position_at
from projections.engine.temporal import valid_at


@dataclass(frozen=True)
class YearFigure:
    """An indicator's fiscal year: the reported actual (None for a derived indicator, whose
    actual the KPI tables give) and the commentary."""

    fiscal_year: int
    actual: float | None
    source: str
    commentary: str


@dataclass(frozen=True)
class IndicatorEntry:
    indicator_id: str
    plan: str
    code: str
    name: str
    unit: str
    policy: str
    municipality: str | None
    derived_from: str | None
    baseline: float | None
    baseline_period: str | None
    target: float | None
    target_year: int | None
    target_wording: str | None
    years: tuple[YearFigure, ...]


_COLUMNS = (
    "i.indicator_id, i.plan, i.code, i.name, i.unit, i.policy, i.municipality, "
    "i.derived_from, i.baseline, i.baseline_period, i.target, i.target_year, i.target_wording"
)


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def plan_indicators(
    db: Db, dialect: Dialect, tables: Tables, plan: str, at: int | None = None
) -> list[IndicatorEntry]:
    """The plan's indicators in the order they were defined, each with its years."""
    p = dialect.param
    valid, params = valid_at("i", at, p)
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM {tables['indicators']} i WHERE i.plan = {p} AND {valid} "
        "ORDER BY i.valid_from, i.code",
        [plan.strip(), *params],
    ).fetchall()
    years = _years(db, dialect, tables, [str(r[0]) for r in rows], at)
    return [_entry(r, tuple(years.get(str(r[0]), {}).values())) for r in rows]


def _entry(r: Any, years: tuple[YearFigure, ...]) -> IndicatorEntry:
    def text(value: Any) -> str | None:
        return None if value is None else str(value)

    return IndicatorEntry(
        indicator_id=str(r[0]),
        plan=str(r[1]),
        code=str(r[2]),
        name=str(r[3]),
        unit=str(r[4]),
        policy=str(r[5]),
        municipality=text(r[6]),
        derived_from=text(r[7]),
        baseline=_float(r[8]),
        baseline_period=text(r[9]),
        target=_float(r[10]),
        target_year=None if r[11] is None else int(r[11]),
        target_wording=text(r[12]),
        years=years,
    )


def _years(
    db: Db, dialect: Dialect, tables: Tables, ids: list[str], at: int | None
) -> dict[str, dict[int, YearFigure]]:
    """Per indicator, its years in order, from its actuals and its commentaries."""
    found: dict[str, dict[int, YearFigure]] = {}
    if not ids:
        return found
    p = dialect.param
    marks = ", ".join(p for _ in ids)
    for table, columns in (("actuals", "a.actual, a.source"), ("commentaries", "a.commentary")):
        valid, params = valid_at("a", at, p)
        rows = db.execute(
            f"SELECT a.indicator_id, a.fiscal_year, {columns} FROM {tables[table]} a "
            f"WHERE a.indicator_id IN ({marks}) AND {valid} ORDER BY a.fiscal_year",
            [*ids, *params],
        ).fetchall()
        for indicator, year, *values in rows:
            years = found.setdefault(str(indicator), {})
            now = years.get(int(year), YearFigure(int(year), None, "", ""))
            if table == "actuals":
                now = YearFigure(now.fiscal_year, _float(values[0]), str(values[1]), now.commentary)
            else:
                now = YearFigure(now.fiscal_year, now.actual, now.source, str(values[0]))
            years[int(year)] = now
    return {k: dict(sorted(v.items())) for k, v in found.items()}


def plans_with_indicators(db: Db, tables: Tables) -> list[str]:
    rows = db.execute(
        f"SELECT DISTINCT plan FROM {tables['indicators']} WHERE valid_to IS NULL ORDER BY plan"
    ).fetchall()
    return [str(r[0]) for r in rows]


def position_at(db: Db, dialect: Dialect, tables: Tables, moment: datetime) -> int:
    """The last position the indicators had taken in by `moment` (0: none)."""
    return temporal_position_at(db, dialect, tables["moments"], moment)
