"""A plan's indicators (評価指標) as the seeds print them: 名称・基準値・実績値（年度ごと）・
目標値, in 和暦 and 西暦, with the progress toward the target. Reported indicators show the
actuals a chief entered; derived ones the KPI figures of each fiscal year, counted from the
ledger, beside their commentary."""

from __future__ import annotations

import enum
from datetime import date
from fractions import Fraction
from typing import Annotated

import strawberry

from api.container import end_of_day
from api.graphql.context import Context, Info, forbidden
from api.graphql.copying import copied
from api.graphql.reading import read
from application.permissions import may_read_plans
from domain.fiscal import both_calendars
from domain.vocabulary import KPI_INDICATOR_BY_KEY
from projections.engine import Db, Dialect, Tables
from projections.kpi import queries as kpi
from projections.plan_indicators import queries as q

LEDGER_SOURCE = "協働の台帳（kyodo）"


@strawberry.enum(description="Where an indicator's actuals come from")
class IndicatorKind(enum.Enum):
    REPORTED = "reported"
    DERIVED = "derived"


@strawberry.type(description="An indicator's fiscal year: its actual and commentary.")
class IndicatorYear:
    fiscal_year: int
    fiscal_year_label: str = strawberry.field(description="令和6年度（2024年度）")
    actual: float | None
    source: str = strawberry.field(description="A survey, a register, or the ledger")
    commentary: str


@strawberry.type(description="One indicator of a plan (評価指標).")
class PlanIndicator:
    code: str
    name: str
    unit: str
    policy: str
    municipality: str | None
    kind: IndicatorKind
    derived_from: str | None = strawberry.field(description="The KPI indicator it counts")
    baseline: float | None
    baseline_period: str | None
    target: float | None
    target_fiscal_year: int | None
    target_fiscal_year_label: str | None
    target_wording: str | None = strawberry.field(description="e.g. 増加させる")
    years: list[IndicatorYear]
    progress: float | None = strawberry.field(
        description="The latest actual over the target, in % (四捨五入, one decimal)"
    )


@strawberry.type(description="A plan's indicators, now or at the end of a past day.")
class PlanIndicatorTable:
    plan: str
    as_of: date | None
    indicators: list[PlanIndicator]


def _kpi_years(
    db: Db, dialect: Dialect, tables: Tables, code: str, municipality: str | None, at: int | None
) -> dict[int, float | None]:
    return {
        year: kpi.actuals(db, dialect, tables, kpi.KpiScope(year, municipality, at))[code]
        for year in kpi.fiscal_years(db, tables)
    }


def _table(context: Context, plan: str, as_of: date | None) -> list[PlanIndicator]:
    store = context.container.read_store
    with store.reading() as db:
        tables = store.tables("plan_indicators", db)
        if tables is None:
            return []
        at = None if as_of is None else q.position_at(db, store.dialect, tables, end_of_day(as_of))
        entries = q.plan_indicators(db, store.dialect, tables, plan, at)
        kpi_tables = store.tables("kpi", db)
        shown = []
        for entry in entries:
            counted: dict[int, float | None] = {}
            if entry.derived_from and kpi_tables is not None:
                kpi_at = None
                if as_of is not None:
                    kpi_at = kpi.position_at(db, store.dialect, kpi_tables, end_of_day(as_of))
                counted = _kpi_years(
                    db, store.dialect, kpi_tables, entry.derived_from, entry.municipality, kpi_at
                )
            shown.append(_indicator(entry, counted))
        return shown


def _plans(context: Context) -> list[str]:
    store = context.container.read_store
    with store.reading() as db:
        tables = store.tables("plan_indicators", db)
        return [] if tables is None else q.plans_with_indicators(db, tables)


def _indicator(e: q.IndicatorEntry, counted: dict[int, float | None]) -> PlanIndicator:
    written = {y.fiscal_year: y for y in e.years}
    years = sorted(set(written) | set(counted))
    rows = [
        IndicatorYear(
            fiscal_year=year,
            fiscal_year_label=both_calendars(year),
            actual=counted.get(year) if e.derived_from else written[year].actual,
            source=LEDGER_SOURCE if e.derived_from else written[year].source,
            commentary=written[year].commentary if year in written else "",
        )
        for year in years
        if e.derived_from or year in written
    ]
    latest = next((r.actual for r in reversed(rows) if r.actual is not None), None)
    progress = None
    if latest is not None and e.target:
        progress = kpi.rounded(Fraction(str(latest)) * 100 / Fraction(str(e.target)))
    label = KPI_INDICATOR_BY_KEY[e.derived_from].ja if e.derived_from else None
    return copied(
        PlanIndicator,
        e,
        kind=IndicatorKind.DERIVED if e.derived_from else IndicatorKind.REPORTED,
        derived_from=label,
        target_fiscal_year=e.target_year,
        target_fiscal_year_label=None if e.target_year is None else both_calendars(e.target_year),
        years=rows,
        progress=progress,
    )


@strawberry.type
class IndicatorQuery:
    """Query fields for plan indicators (mixed into `Query`)."""

    @strawberry.field(description="A plan's indicators (評価指標), now or at the end of a day")
    async def plan_indicators(
        self,
        info: Info,
        plan: str,
        as_of: Annotated[
            date | None,
            strawberry.argument(description="The table as it stood at the end of this day"),
        ] = None,
    ) -> PlanIndicatorTable:
        if not may_read_plans(info.context.actor):
            raise forbidden("評価指標")
        found = await read(_table, info.context, plan, as_of)
        return PlanIndicatorTable(plan=plan, as_of=as_of, indicators=found)

    @strawberry.field(description="The plans that have indicators, by name (planIndicators' plan)")
    async def indicator_plans(self, info: Info) -> list[str]:
        if not may_read_plans(info.context.actor):
            raise forbidden("評価指標")
        return await read(_plans, info.context)
