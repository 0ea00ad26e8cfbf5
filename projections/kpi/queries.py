"""The KPI table of a fiscal year: 基準値・実績値・目標値 per indicator, like the seeds' tables.

`municipality=None` gives the whole prefecture. Definitions (docs/adr/2026-11-23-kpi-targets.md):
a step counts in the fiscal year of its business date; an agreement counts once per case, in
the year of its first agreement, which also gives the days from consultation to agreement;
the success rate is successes over all closures of the year.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from domain.fiscal import fiscal_year as fiscal_year_of
from domain.vocabulary import KPI_INDICATORS, MUNICIPALITY_BY_KEY
from projections.engine import Db, Dialect, Tables
from projections.kpi.projection import (
    AGREED,
    ALL_MUNICIPALITIES,
    CLOSED_OTHERWISE,
    JOINED,
    OPENED,
    PUBLISHED,
    SUCCEEDED,
    VOLUNTEERS,
)

DECIMALS = 1
ROUNDING = (
    "比率と中央値は小数第1位まで四捨五入（切り上げは0.05から）。"
    "Rates and medians are rounded half up (四捨五入) to one decimal place."
)


def rounded(value: Fraction | None, decimals: int = DECIMALS) -> float | None:
    """四捨五入 to `decimals` places, computed exactly (no binary floating point on the way):
    1/16 = 6.25% gives 6.3, where Python's round() would give 6.2."""
    if value is None:
        return None
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return float(exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class KpiRow:
    """One line of the table: 基準値 (baseline), 実績値 (actual), 目標値 (target)."""

    indicator: str
    label: str
    baseline: float | None
    actual: float | None
    target: float | None
    definition: str
    definition_en: str


def _municipality(key: str | None) -> str | None:
    if not key:
        return None
    found = MUNICIPALITY_BY_KEY.get(key)
    return found.code if found else key


def _facts(
    db: Db,
    dialect: Dialect,
    tables: Tables,
    select: str,
    where: tuple[str, Any],
    municipality: str | None,
    group_by: str,
) -> list[Any]:
    """`select` over the facts `f` joined to their cases `c`, where the column `where[0]`
    holds the value `where[1]` (and the case is in the municipality, when given)."""
    p = dialect.param
    sql = (
        f"SELECT {select} FROM {tables['facts']} f "
        f"JOIN {tables['cases']} c ON c.case_id = f.case_id WHERE {where[0]} = {p}"
    )
    params: list[Any] = [where[1]]
    if municipality is not None:
        sql += f" AND c.municipality = {p}"
        params.append(municipality)
    return list(db.execute(f"{sql} GROUP BY {group_by}", params).fetchall())


def _sums(
    db: Db, dialect: Dialect, tables: Tables, year: int, municipality: str | None
) -> dict[str, int]:
    where = ("f.fiscal_year", year)
    rows = _facts(db, dialect, tables, "f.kind, SUM(f.value)", where, municipality, "f.kind")
    return {str(kind): int(total) for kind, total in rows}


def _first_in_year(
    db: Db,
    dialect: Dialect,
    tables: Tables,
    year: int,
    municipality: str | None,
    kind: str,
    per: str,
) -> list[tuple[str, date]]:
    """The first business date of a kind of fact per `per` group (a case, or a party in a
    case), with the case's opening date, for the groups whose first date falls in the year."""
    select = "c.opened_on, MIN(f.on_date)"
    rows = _facts(db, dialect, tables, select, ("f.kind", kind), municipality, per)
    firsts = [(str(opened), date.fromisoformat(str(first))) for opened, first in rows]
    return [(opened, first) for opened, first in firsts if fiscal_year_of(first) == year]


def _days_to_first_agreement(
    db: Db, dialect: Dialect, tables: Tables, year: int, municipality: str | None
) -> list[int]:
    per_case = "c.case_id, c.opened_on"
    firsts = _first_in_year(db, dialect, tables, year, municipality, AGREED, per_case)
    return [(agreed_on - date.fromisoformat(opened)).days for opened, agreed_on in firsts]


def _matchings(
    db: Db, dialect: Dialect, tables: Tables, year: int, municipality: str | None
) -> int:
    """Distinct parties per case, counted in the year each first joined that case."""
    per_party = "c.case_id, c.opened_on, f.party_id"
    return len(_first_in_year(db, dialect, tables, year, municipality, JOINED, per_party))


def _targets(
    db: Db, dialect: Dialect, tables: Tables, year: int, municipality: str | None
) -> dict[str, tuple[float | None, float | None]]:
    p = dialect.param
    rows = db.execute(
        f"SELECT indicator, target, baseline FROM {tables['targets']} "
        f"WHERE fiscal_year = {p} AND municipality = {p}",
        [year, municipality or ALL_MUNICIPALITIES],
    ).fetchall()
    return {str(i): (_num(t), _num(b)) for i, t, b in rows}


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


def actuals(
    db: Db, dialect: Dialect, tables: Tables, year: int, municipality: str | None = None
) -> dict[str, float | None]:
    """実績値 per indicator code."""
    code = _municipality(municipality)
    sums = _sums(db, dialect, tables, year, code)
    days = _days_to_first_agreement(db, dialect, tables, year, code)
    successes = sums.get(SUCCEEDED, 0)
    closures = successes + sums.get(CLOSED_OTHERWISE, 0)
    rate = Fraction(100 * successes, closures) if closures else None
    median = (
        Fraction(statistics.median_low(days) + statistics.median_high(days), 2) if days else None
    )
    return {
        "cases_opened": sums.get(OPENED, 0),
        "matchings": _matchings(db, dialect, tables, year, code),
        "agreements": len(days),
        "successes": successes,
        "success_rate": rounded(rate),
        "median_days_to_agreement": rounded(median),
        "volunteers": sums.get(VOLUNTEERS, 0),
        "published_cases": sums.get(PUBLISHED, 0),
    }


def kpi_table(
    db: Db, dialect: Dialect, tables: Tables, year: int, municipality: str | None = None
) -> list[KpiRow]:
    """The 評価指標 table of a fiscal year, for a municipality or the whole prefecture."""
    found = actuals(db, dialect, tables, year, municipality)
    targets = _targets(db, dialect, tables, year, _municipality(municipality))
    return [
        KpiRow(
            t.code,
            t.ja,
            targets.get(t.code, (None, None))[1],
            found[t.code],
            targets.get(t.code, (None, None))[0],
            t.definition_ja,
            t.definition_en,
        )
        for t in KPI_INDICATORS
    ]


def kpi_tables_by_municipality(
    db: Db, dialect: Dialect, tables: Tables, year: int
) -> Mapping[str, list[KpiRow]]:
    """One table per municipality that has cases, keyed by its code."""
    rows = db.execute(f"SELECT DISTINCT municipality FROM {tables['cases']}").fetchall()
    codes = sorted(str(r[0]) for r in rows)
    return {code: kpi_table(db, dialect, tables, year, code) for code in codes}
