"""The KPI table of a fiscal year: 基準値・実績値・目標値 per indicator, like the seeds' tables.

`municipality=None` gives the whole prefecture. Each indicator's definition is written once, in
`domain.vocabulary.KPI_INDICATORS`, and computed here as it says. The table can be read as it
stands now, as it stood at a position of the ledger's log (`at`: the end of a past day, see
`position_at`), and, for a closed fiscal year, beside the figures as reported at its closing,
with the later steps that changed them.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from domain.fiscal import fiscal_year as fiscal_year_of
from domain.vocabulary import KPI_INDICATORS, MUNICIPALITY_BY_KEY
from projections.engine import Db, Dialect, Tables
from projections.engine.temporal import position_at as temporal_position_at
from projections.engine.temporal import valid_at
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
from projections.shared import code_of

DECIMALS = 1
ROUNDING = (
    "比率と中央値は小数第2位を四捨五入して小数第1位まで示す。"
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
    """One line of the table: 基準値 (baseline), 実績値 (actual), 目標値 (target); for a closed
    year also the actual as reported at the closing and the difference since."""

    indicator: str
    label: str
    baseline: float | None
    actual: float | None
    target: float | None
    definition: str
    definition_en: str
    reported: float | None = None
    difference: float | None = None


@dataclass(frozen=True)
class Closing:
    """A fiscal year's figures closed as reported: where in the log, when, by whom."""

    fiscal_year: int
    municipality: str | None
    position: int
    closed_on: date
    closed_at: datetime
    closed_by: str


@dataclass(frozen=True)
class LaterChange:
    """A step recorded after a closing that changed the closed year's figures."""

    position: int
    recorded_at: datetime
    case_id: str | None
    version: int
    step: str


@dataclass(frozen=True)
class KpiReport:
    """The table, and for a closed year its closing and the steps that changed it since."""

    fiscal_year: int
    municipality: str | None
    rows: tuple[KpiRow, ...]
    closing: Closing | None
    later_changes: tuple[LaterChange, ...]
    at: int | None


@dataclass(frozen=True)
class KpiScope:
    """Which table is read: a fiscal year's, for a municipality (its code or name; None: the
    whole prefecture), as it stands now or as it stood at a position of the log (`at`)."""

    fiscal_year: int
    municipality: str | None = None
    at: int | None = None

    @property
    def municipality_code(self) -> str | None:
        """The municipality's code (None, or "", for the whole prefecture)."""
        return code_of(MUNICIPALITY_BY_KEY, self.municipality or None)


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


class _Reader:
    """The KPI tables as they stand now (`at=None`) or stood at a position of the log."""

    def __init__(self, db: Db, dialect: Dialect, tables: Tables, at: int | None) -> None:
        self.db, self.tables, self.at, self.p = db, tables, at, dialect.param

    def valid(self, alias: str) -> tuple[str, list[Any]]:
        """The rows of a temporal table valid at the reader's position."""
        return valid_at(alias, self.at, self.p)

    def facts(
        self, select: str, where: tuple[str, Any], municipality: str | None, group_by: str
    ) -> list[Any]:
        """`select` over the facts `f` joined to their cases `c`, where the column `where[0]`
        holds the value `where[1]` (and the case is in the municipality, when given)."""
        (fv, fp), (cv, cp) = self.valid("f"), self.valid("c")
        sql = (
            f"SELECT {select} FROM {self.tables['facts']} f "
            f"JOIN {self.tables['cases']} c ON c.case_id = f.case_id AND {cv} "
            f"WHERE {where[0]} = {self.p} AND {fv}"
        )
        params: list[Any] = [*cp, where[1], *fp]
        if municipality is not None:
            sql += f" AND c.municipality = {self.p}"
            params.append(municipality)
        return list(self.db.execute(f"{sql} GROUP BY {group_by}", params).fetchall())

    def sums(self, year: int, municipality: str | None) -> dict[str, int]:
        where = ("f.fiscal_year", year)
        rows = self.facts("f.kind, SUM(f.value)", where, municipality, "f.kind")
        return {str(kind): int(total) for kind, total in rows}

    def first_in_year(
        self, year: int, municipality: str | None, kind: str, per: str
    ) -> list[tuple[str, date]]:
        """The first business date of a kind of fact per `per` group (a case, or a party in
        a case), with the case's opening date, for the groups whose first date is in the year."""
        rows = self.facts("c.opened_on, MIN(f.on_date)", ("f.kind", kind), municipality, per)
        firsts = [(str(opened), date.fromisoformat(str(first))) for opened, first in rows]
        return [(opened, first) for opened, first in firsts if fiscal_year_of(first) == year]

    def registered_groups(self, year: int, municipality: str | None) -> int:
        """Groups registered at the end of `year`: registered in it or before, and not
        deregistered by its end (in the municipality when given)."""
        valid, params = self.valid("g")
        where = f"WHERE {valid} AND g.fiscal_year <= {self.p} "
        where += f"AND (g.left_year IS NULL OR g.left_year > {self.p})"
        params = [*params, year, year]
        if municipality is not None:
            where += f" AND g.municipality = {self.p}"
            params.append(municipality)
        sql = f"SELECT COUNT(*) FROM {self.tables['groups']} g {where}"
        return int(self.db.execute(sql, params).fetchone()[0])

    def registered_by(self, year: int, municipality: str | None) -> int:
        """People registered in the pro bono bank by the end of `year` (each once, at their
        first registration), in the municipality when given."""
        valid, params = self.valid("w")
        where = f"WHERE {valid}"
        if municipality is not None:
            where += f" AND w.municipality = {self.p}"
            params = [*params, municipality]
        row = self.db.execute(
            f"SELECT COUNT(*) FROM (SELECT MIN(w.fiscal_year) AS first_year "
            f"FROM {self.tables['workers']} w {where} GROUP BY w.worker_id) s "
            f"WHERE s.first_year <= {self.p}",
            [*params, year],
        ).fetchone()
        return int(row[0])

    def targets(
        self, year: int, municipality: str | None
    ) -> dict[str, tuple[float | None, float | None]]:
        valid, params = self.valid("t")
        rows = self.db.execute(
            f"SELECT indicator, target, baseline FROM {self.tables['targets']} t "
            f"WHERE fiscal_year = {self.p} AND municipality = {self.p} AND {valid}",
            [year, municipality or ALL_MUNICIPALITIES, *params],
        ).fetchall()
        return {str(i): (_num(t), _num(b)) for i, t, b in rows}

    def actuals(self, year: int, municipality: str | None) -> dict[str, float | None]:
        """実績値 per indicator code, as each indicator's definition says."""
        sums = self.sums(year, municipality)
        firsts = self.first_in_year(year, municipality, AGREED, "c.case_id, c.opened_on")
        days = [(agreed - date.fromisoformat(opened)).days for opened, agreed in firsts]
        per_party = "c.case_id, c.opened_on, f.party_id"
        successes = sums.get(SUCCEEDED, 0)
        closures = successes + sums.get(CLOSED_OTHERWISE, 0)
        rate = Fraction(100 * successes, closures) if closures else None
        middle = statistics.median_low(days) + statistics.median_high(days) if days else None
        return {
            "cases_opened": sums.get(OPENED, 0),
            "matchings": len(self.first_in_year(year, municipality, JOINED, per_party)),
            "agreements": len(days),
            "successes": successes,
            "success_rate": rounded(rate),
            "median_days_to_agreement": rounded(None if middle is None else Fraction(middle, 2)),
            "volunteers": sums.get(VOLUNTEERS, 0),
            "published_cases": sums.get(PUBLISHED, 0),
            "pro_bono_registrations": self.registered_by(year, municipality),
            "registered_groups": self.registered_groups(year, municipality),
        }

    def rows(self, year: int, municipality: str | None) -> list[KpiRow]:
        found = self.actuals(year, municipality)
        targets = self.targets(year, municipality)
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


def actuals(db: Db, dialect: Dialect, tables: Tables, scope: KpiScope) -> dict[str, float | None]:
    """実績値 per indicator code."""
    code = scope.municipality_code
    return _Reader(db, dialect, tables, scope.at).actuals(scope.fiscal_year, code)


def kpi_table(db: Db, dialect: Dialect, tables: Tables, scope: KpiScope) -> list[KpiRow]:
    """The 評価指標 table of a fiscal year, for a municipality or the whole prefecture."""
    return list(kpi_report(db, dialect, tables, scope).rows)


def kpi_report(db: Db, dialect: Dialect, tables: Tables, scope: KpiScope) -> KpiReport:
    """The table as it stands (or stood at `at`), and for a year closed by then its figures
    as reported beside it, with the steps recorded later that changed them."""
    year, at, code = scope.fiscal_year, scope.at, scope.municipality_code
    rows = _Reader(db, dialect, tables, at).rows(year, code)
    closing = closing_of(db, dialect, tables, year, code)
    if closing is None or (at is not None and closing.position > at):
        return KpiReport(year, code, tuple(rows), None, (), at)
    reported = _Reader(db, dialect, tables, closing.position).actuals(year, code)
    rows = [_beside(row, reported[row.indicator]) for row in rows]
    later = later_changes(db, dialect, tables, year, code, closing.position, at)
    return KpiReport(year, code, tuple(rows), closing, later, at)


def _beside(row: KpiRow, reported: float | None) -> KpiRow:
    if row.actual is None or reported is None:
        return replace(row, reported=reported)
    exact = Fraction(Decimal(str(row.actual))) - Fraction(Decimal(str(reported)))
    return replace(row, reported=reported, difference=rounded(exact))


def closing_of(
    db: Db, dialect: Dialect, tables: Tables, year: int, municipality: str | None
) -> Closing | None:
    """The closing of a year for the municipality, else the prefecture's closing of it."""
    p = dialect.param
    rows = db.execute(
        f"SELECT municipality, position, closed_on, closed_at, closed_by "
        f"FROM {tables['closings']} WHERE fiscal_year = {p} AND municipality IN ({p}, {p})",
        [year, municipality or ALL_MUNICIPALITIES, ALL_MUNICIPALITIES],
    ).fetchall()
    if not rows:
        return None
    own = [r for r in rows if r[0] == (municipality or ALL_MUNICIPALITIES)]
    where, position, closed_on, closed_at, by = (own or rows)[0]
    return Closing(
        year,
        str(where) or None,
        int(position),
        date.fromisoformat(str(closed_on)),
        datetime.fromisoformat(str(closed_at)),
        str(by),
    )


REGISTRATIONS = {"workers": False, "groups": True}
"""The tables whose counts run over the years (a registration counts from its own year on),
and whether their rows also leave (a group's deregistration, from its year on)."""


def _registrations(
    t: Tables, p: str, year: int, municipality: str | None = None
) -> tuple[str, list[Any]]:
    """The positions of the registrations (and deregistrations) that changed the counts at the
    end of `year`, in the municipality when given, and their parameters."""
    parts: list[str] = []
    params: list[Any] = []
    for name, leaves in REGISTRATIONS.items():
        sql = f"SELECT valid_from FROM {t[name]} WHERE fiscal_year <= {p}"
        params.append(year)
        if leaves:
            sql += f" AND (left_year IS NULL OR left_year <= {p})"
            params.append(year)
        if municipality is not None:
            sql += f" AND municipality = {p}"
            params.append(municipality)
        parts.append(sql)
    return " UNION ".join(parts), params


def later_changes(
    db: Db,
    dialect: Dialect,
    tables: Tables,
    year: int,
    municipality: str | None,
    since: int,
    until: int | None = None,
) -> tuple[LaterChange, ...]:
    """The steps recorded after position `since` (up to `until`) that changed a fact of the
    year — a new one, a corrected one, an ended one — or moved a case that has facts in it."""
    p, t = dialect.param, tables
    in_year = f"SELECT case_id FROM {t['facts']} WHERE fiscal_year = {p}"
    registered, registered_params = _registrations(t, p, year)
    positions = (
        f"SELECT valid_from FROM {t['facts']} WHERE fiscal_year = {p} "
        f"UNION SELECT valid_to FROM {t['facts']} WHERE fiscal_year = {p} "
        f"AND valid_to IS NOT NULL "
        f"UNION SELECT valid_from FROM {t['cases']} WHERE case_id IN ({in_year}) "
        f"UNION {registered}"
    )
    sql = (
        f"SELECT position, recorded_at, case_id, version, step FROM {t['moments']} "
        f"WHERE position > {p} AND position IN ({positions})"
    )
    params: list[Any] = [since, year, year, year, *registered_params]
    if until is not None:
        sql += f" AND position <= {p}"
        params.append(until)
    if municipality is not None:
        there, there_params = _registrations(t, p, year, municipality)
        sql += (
            f" AND (case_id IN (SELECT case_id FROM {t['cases']} WHERE municipality = {p})"
            f" OR position IN ({there}))"
        )
        params += [municipality, *there_params]
    rows = db.execute(f"{sql} ORDER BY position", params).fetchall()
    return tuple(
        LaterChange(
            int(at), datetime.fromisoformat(str(when)), case and str(case), int(v), str(step)
        )
        for at, when, case, v, step in rows
    )


def position_at(db: Db, dialect: Dialect, tables: Tables, moment: datetime) -> int:
    """The last position the KPI tables had taken in by `moment` (0: none)."""
    return temporal_position_at(db, dialect, tables["moments"], moment)


def fiscal_years(db: Db, tables: Tables) -> list[int]:
    """The fiscal years something was counted in (steps of cases, registrations), in order."""
    rows = db.execute(
        f"SELECT fiscal_year FROM {tables['facts']} "
        f"UNION SELECT fiscal_year FROM {tables['workers']} ORDER BY 1"
    ).fetchall()
    return [int(year) for (year,) in rows]


def kpi_tables_by_municipality(
    db: Db, dialect: Dialect, tables: Tables, year: int
) -> Mapping[str, list[KpiRow]]:
    """One table per municipality that has cases, keyed by its code."""
    rows = db.execute(
        f"SELECT DISTINCT municipality FROM {tables['cases']} WHERE valid_to IS NULL"
    ).fetchall()
    codes = sorted(str(r[0]) for r in rows)
    return {code: kpi_table(db, dialect, tables, KpiScope(year, code)) for code in codes}
