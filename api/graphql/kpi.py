"""The KPI read model as GraphQL: the 評価指標 table (基準値・実績値・目標値) of a fiscal
year, for one municipality or the whole prefecture."""

from __future__ import annotations

import strawberry

from api.graphql.context import Context, Info, forbidden
from api.graphql.copying import copied
from api.graphql.ids import bad_input
from api.graphql.reading import read
from application.permissions import may_read_library
from domain import rules
from domain.errors import ValidationError
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


@strawberry.type(
    description="The 評価指標 table of a fiscal year (April–March). Rates and medians are "
    "rounded half up (四捨五入) to one decimal place."
)
class KpiTable:
    fiscal_year: int
    municipality: str | None = strawberry.field(description="None: the whole prefecture")
    rows: list[KpiRow]
    rounding: str = strawberry.field(
        description="The one rounding rule of every displayed figure (四捨五入)"
    )


def _table(context: Context, year: int, municipality: str | None) -> list[q.KpiRow]:
    store = context.container.read_store
    with store.reading() as db:
        tables = store.tables(KPI, db)
        if tables is None:
            return []
        return q.kpi_table(db, store.dialect, tables, year, municipality)


async def kpi_table(info: Info, fiscal_year: int, municipality: str | None) -> KpiTable:
    if not may_read_library(info.context.actor):
        raise forbidden("評価指標")
    try:
        rules.require_fiscal_year(fiscal_year)
        if municipality:
            rules.municipality_code(municipality)
    except ValidationError as error:
        raise bad_input(error.message, error.field) from None
    rows = await read(_table, info.context, fiscal_year, municipality)
    return KpiTable(
        fiscal_year=fiscal_year,
        municipality=municipality,
        rows=[copied(KpiRow, r) for r in rows],
        rounding=q.ROUNDING,
    )
