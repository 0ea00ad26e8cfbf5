"""The KPI read model as GraphQL: the 評価指標 table (基準値・実績値・目標値) of a fiscal
year, for one municipality or the whole prefecture."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from api.container import end_of_day
from api.graphql.context import Context, Info, forbidden
from api.graphql.copying import copied
from api.graphql.ids import bad_input, global_id
from api.graphql.reading import read
from application.permissions import may_read_library
from domain import rules
from domain.errors import ValidationError
from domain.fiscal import both_calendars
from domain.vocabulary import KPI_INDICATORS
from projections.kpi import queries as q

KPI = "kpi"


@strawberry.type(description="One indicator: 基準値 (baseline), 実績値 (actual), 目標値 (target).")
class KpiRow:
    indicator: str
    label: str
    baseline: float | None
    actual: float | None
    target: float | None
    definition: str = strawberry.field(description="What is counted, and how (Japanese)")
    definition_en: str = strawberry.field(description="What is counted, and how (English)")
    reported: float | None = strawberry.field(
        description="For a closed fiscal year: the actual as reported at its closing"
    )
    difference: float | None = strawberry.field(
        description="For a closed fiscal year: the actual now minus the actual as reported"
    )


@strawberry.type(description="A fiscal year's figures closed as reported (実績の確定).")
class KpiClosing:
    closed_on: date
    closed_at: datetime
    closed_by: str
    municipality: str | None = strawberry.field(
        description="Whose closing applies: the municipality's own, else None (the prefecture)"
    )


@strawberry.type(description="A step recorded after the closing that changed the year's figures.")
class KpiLaterChange:
    recorded_at: datetime
    step: str = strawberry.field(description="The step's Japanese name")
    case_id: strawberry.ID | None
    case_version: int


@strawberry.type(
    description="The 評価指標 table of a fiscal year (April–March). Rates and medians are "
    "rounded half up (四捨五入) to one decimal place."
)
class KpiTable:
    fiscal_year: int
    fiscal_year_label: str = strawberry.field(description="和暦と西暦: 令和6年度（2024年度）")
    municipality: str | None = strawberry.field(description="None: the whole prefecture")
    as_of: date | None = strawberry.field(description="The day whose end the table shows")
    rows: list[KpiRow]
    rounding: str = strawberry.field(
        description="The one rounding rule of every displayed figure (四捨五入)"
    )
    closing: KpiClosing | None = strawberry.field(
        description="When the year's figures were closed as reported (None: not closed)"
    )
    later_changes: list[KpiLaterChange] = strawberry.field(
        description="For a closed year: the steps recorded since that changed its figures"
    )


def _report(
    context: Context, year: int, municipality: str | None, as_of: date | None
) -> q.KpiReport | None:
    store = context.container.read_store
    with store.reading() as db:
        tables = store.tables(KPI, db)
        if tables is None:
            return None
        at = None
        if as_of is not None:
            at = q.position_at(db, store.dialect, tables, end_of_day(as_of))
        return q.kpi_report(db, store.dialect, tables, q.KpiScope(year, municipality, at))


async def kpi_table(
    info: Info, fiscal_year: int, municipality: str | None, as_of: date | None = None
) -> KpiTable:
    if not may_read_library(info.context.actor):
        raise forbidden("評価指標")
    try:
        rules.require_fiscal_year(fiscal_year)
        if municipality:
            rules.municipality_code(municipality)
    except ValidationError as error:
        raise bad_input(error.message, error.field) from None
    report = await read(_report, info.context, fiscal_year, municipality, as_of)
    closing = None if report is None else report.closing
    return KpiTable(
        fiscal_year=fiscal_year,
        fiscal_year_label=both_calendars(fiscal_year),
        municipality=municipality,
        as_of=as_of,
        rows=[copied(KpiRow, r) for r in (report.rows if report else _blank())],
        rounding=q.ROUNDING,
        closing=None if closing is None else copied(KpiClosing, closing),
        later_changes=[
            copied(
                KpiLaterChange,
                c,
                case_id=strawberry.ID(global_id("Case", c.case_id)) if c.case_id else None,
                case_version=c.version,
            )
            for c in (report.later_changes if report else ())
        ],
    )


def _blank() -> list[q.KpiRow]:
    """Before the KPI read model's first build: every indicator, no figures yet."""
    return [
        q.KpiRow(t.code, t.ja, None, None, None, t.definition_ja, t.definition_en)
        for t in KPI_INDICATORS
    ]
