"""Queries over the pro bono worker bank: the indicator 「プロボノワーカーバンクの登録者数
（累計）」, the workers (by skill and municipality), a case's needs and matches."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from domain.fiscal import fiscal_year
from projections.engine import Db, ReadConnections, Tables
from projections.engine.keyset import Conditions, where_clause
from projections.pro_bono.projection import ProBonoBankReadModel

MODEL = ProBonoBankReadModel()
TARGET = 100
"""The bank's target: 100 registered workers by the end of fiscal 2026 (seed 000 §2(6))."""
TARGET_FISCAL_YEAR = 2026


@dataclass(frozen=True)
class YearCount:
    fiscal_year: int
    registered: int
    """Workers who first registered in the fiscal year."""
    cumulative: int
    """Workers registered by the end of the fiscal year (累計)."""


@dataclass(frozen=True)
class BankFigures:
    registered_total: int
    """Every worker who ever registered, counted once (累計)."""
    active_total: int
    """Workers in the bank now and not paused."""
    by_fiscal_year: tuple[YearCount, ...]


@dataclass(frozen=True)
class Worker:
    party_id: str
    status: str
    registered_on: date
    years_of_experience: int
    hours_per_month: int
    available_until: date | None
    contact_consent: bool
    skills: tuple[str, ...]
    municipalities: tuple[str, ...]


@dataclass(frozen=True)
class Match:
    party_id: str
    case_id: str
    skill: str
    hours: int
    hours_given: int | None
    status: str
    proposed_on: date
    changed_on: date


@dataclass(frozen=True)
class Need:
    case_id: str
    skill: str
    hours: int
    description: str
    declared_on: date


def _day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def by_fiscal_year(first_registrations: list[date]) -> tuple[YearCount, ...]:
    counted = Counter(fiscal_year(on) for on in first_registrations)
    years: list[YearCount] = []
    total = 0
    for year in sorted(counted):
        total += counted[year]
        years.append(YearCount(year, counted[year], total))
    return tuple(years)


@dataclass(frozen=True)
class WorkerFilter:
    skill: str | None = None
    municipality: str | None = None
    active_only: bool = True


class ProBonoQueries:
    def __init__(self, connections: ReadConnections) -> None:
        self.connections = connections

    def _read(self, run: Any, empty: Any) -> Any:
        with self.connections.reading() as db:
            tables = self.connections.tables(MODEL, db)
            return empty if tables is None else run(db, tables)

    def figures(self) -> BankFigures:
        def run(db: Db, t: Tables) -> BankFigures:
            first = db.execute(
                f"SELECT MIN(registered_on) FROM {t['registrations']} GROUP BY party_id"
            ).fetchall()
            active = db.execute(
                f"SELECT COUNT(*) FROM {t['workers']} WHERE status = 'active'"
            ).fetchone()[0]
            days = [d for (on,) in first if (d := _day(on)) is not None]
            return BankFigures(len(days), int(active), by_fiscal_year(days))

        result: BankFigures = self._read(run, BankFigures(0, 0, ()))
        return result

    def workers(self, where: WorkerFilter | None = None, limit: int = 200) -> list[Worker]:
        f = where or WorkerFilter()

        def run(db: Db, t: Tables) -> list[Worker]:
            p = self.connections.dialect.param
            c = Conditions(self.connections.dialect)
            if f.active_only:
                c.add("w.status = 'active'")
            if f.skill is not None:
                skilled = f"SELECT party_id FROM {t['skills']} WHERE skill = {p}"
                c.add(f"w.party_id IN ({skilled})", f.skill)
            if f.municipality is not None:
                serving = f"SELECT party_id FROM {t['areas']} WHERE municipality = {p}"
                c.add(f"w.party_id IN ({serving})", f.municipality)
            sql = (
                "SELECT w.party_id, w.status, w.registered_on, w.years_of_experience, "
                "w.hours_per_month, w.available_until, w.contact_consent "
                f"FROM {t['workers']} w{where_clause(c.parts)} "
                f"ORDER BY w.registered_on, w.party_id LIMIT {int(limit)}"
            )
            rows = db.execute(sql, c.params).fetchall()
            skills = _children(db, f"SELECT party_id, skill FROM {t['skills']} ORDER BY skill")
            areas = _children(
                db, f"SELECT party_id, municipality FROM {t['areas']} ORDER BY municipality"
            )
            return [
                Worker(
                    party_id=r[0],
                    status=r[1],
                    registered_on=_day(r[2]) or date.min,
                    years_of_experience=int(r[3]),
                    hours_per_month=int(r[4]),
                    available_until=_day(r[5]),
                    contact_consent=bool(r[6]),
                    skills=skills.get(r[0], ()),
                    municipalities=areas.get(r[0], ()),
                )
                for r in rows
            ]

        found: list[Worker] = self._read(run, [])
        return found

    def needs(self, case_id: str) -> list[Need]:
        def run(db: Db, t: Tables) -> list[Need]:
            p = self.connections.dialect.param
            rows = db.execute(
                f"SELECT case_id, skill, hours, description, declared_on FROM {t['needs']} "
                f"WHERE case_id = {p} ORDER BY step",
                [case_id],
            ).fetchall()
            return [Need(r[0], r[1], int(r[2]), r[3], _day(r[4]) or date.min) for r in rows]

        found: list[Need] = self._read(run, [])
        return found

    def matches(self, case_id: str | None = None, party_id: str | None = None) -> list[Match]:
        def run(db: Db, t: Tables) -> list[Match]:
            c = Conditions(self.connections.dialect)
            c.equal("case_id", case_id)
            c.equal("party_id", party_id)
            rows = db.execute(
                "SELECT party_id, case_id, skill, hours, hours_given, status, proposed_on, "
                f"changed_on FROM {t['matches']}{where_clause(c.parts)} "
                "ORDER BY proposed_on, party_id, case_id",
                c.params,
            ).fetchall()
            return [
                Match(
                    r[0],
                    r[1],
                    r[2],
                    int(r[3]),
                    None if r[4] is None else int(r[4]),
                    r[5],
                    _day(r[6]) or date.min,
                    _day(r[7]) or date.min,
                )
                for r in rows
            ]

        found: list[Match] = self._read(run, [])
        return found


def _children(db: Db, sql: str) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for party_id, value in db.execute(sql).fetchall():
        out.setdefault(party_id, []).append(value)
    return {k: tuple(v) for k, v in out.items()}
