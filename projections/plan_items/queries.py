"""Queries over the plan items read model: the plans, the status list of a fiscal year in
the order the city prints it (推進方針 > 推進施策 > rows, restatements 再掲 in place), and an
item's history across fiscal years with the cases and indicators that carry it out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from domain.plan_vocabulary import (
    NOT_APPLICABLE,
    RESTATED,
    FutureHandling,
    ImplementationStatus,
)
from domain.plans import in_print_order
from projections.engine import Db, Dialect, Tables
from projections.engine.rows import from_row
from projections.shared import CaseTitle

COLUMNS = ("推進方針", "推進施策", "NO", "推進項目", "実施状況", "今後の取扱い", "検証内容")
"""The columns of the status list, as seed 004 heads them."""


@dataclass(frozen=True)
class PlanEntry:
    plan_id: str
    name: str
    municipality: str | None
    fiscal_years: tuple[int, ...]


@dataclass(frozen=True)
class YearStatus:
    """An item's status in one fiscal year."""

    fiscal_year: int
    status: ImplementationStatus
    handling: FutureHandling
    merged_into: int | None
    review_note: str
    recorded_on: date


@dataclass(frozen=True)
class StatusRow:
    """One row of the list; a restated row (再掲) shows no status of its own."""

    number: int
    title: str
    restated: bool
    status: YearStatus | None

    @property
    def cells(self) -> tuple[str, ...]:
        """NO, 推進項目, 実施状況, 今後の取扱い, 検証内容 as the list prints them."""
        title = self.title + (RESTATED if self.restated else "")
        if self.restated:
            return (str(self.number), title, NOT_APPLICABLE, NOT_APPLICABLE, NOT_APPLICABLE)
        s = self.status
        if s is None:
            return (str(self.number), title, "", "", "")
        handling = s.handling.ja + (f"（No.{s.merged_into}へ）" if s.merged_into else "")
        return (str(self.number), title, s.status.mark, handling, s.review_note)


@dataclass(frozen=True)
class Measure:
    title: str
    rows: tuple[StatusRow, ...]


@dataclass(frozen=True)
class Policy:
    title: str
    measures: tuple[Measure, ...]


@dataclass(frozen=True)
class StatusList:
    plan: PlanEntry
    fiscal_year: int
    policies: tuple[Policy, ...]


@dataclass(frozen=True)
class ItemHistory:
    plan: PlanEntry
    number: int
    title: str
    policy: str
    measure: str
    restated_under: tuple[tuple[str, str], ...]
    statuses: tuple[YearStatus, ...]
    cases: tuple[CaseTitle, ...]
    indicators: tuple[str, ...]


@dataclass(frozen=True)
class CaseItem:
    """A plan item a case carries out."""

    plan_id: str
    plan_name: str
    number: int
    title: str


_STATUS = "fiscal_year, status, handling, merged_into, review_note, recorded_on"


def _year_status(row: Any) -> YearStatus:
    year, status, handling, merged_into, note, recorded_on = row
    return YearStatus(
        year,
        ImplementationStatus(status),
        FutureHandling(handling),
        merged_into,
        note,
        date.fromisoformat(recorded_on),
    )


class PlanItemQueries:
    """Reads one read store connection's tables of the plan items read model."""

    def __init__(self, db: Db, dialect: Dialect, tables: Tables) -> None:
        self.db, self.p, self.t = db, dialect.param, tables

    def _all(self, sql: str, *params: Any) -> list[Any]:
        return self.db.execute(sql.format_map(self.t), params).fetchall()

    def plans(self) -> list[PlanEntry]:
        found = self._all("SELECT plan_id FROM {plans} ORDER BY name")
        return [p for (plan_id,) in found if (p := self.plan(plan_id)) is not None]

    def plan(self, plan_id: str) -> PlanEntry | None:
        p = self.p
        row = self._all(
            f"SELECT plan_id, name, municipality FROM {{plans}} WHERE plan_id = {p}", plan_id
        )
        if not row:
            return None
        years = self._all(
            f"SELECT DISTINCT fiscal_year FROM {{statuses}} WHERE plan_id = {p} "
            "ORDER BY fiscal_year",
            plan_id,
        )
        return from_row(PlanEntry, row[0], fiscal_years=tuple(y for (y,) in years))

    def status_list(self, plan_id: str, fiscal_year: int) -> StatusList | None:
        """Every row of the plan, each with its status in `fiscal_year` (if any)."""
        plan = self.plan(plan_id)
        if plan is None:
            return None
        p = self.p
        statuses = {
            row[0]: _year_status(row[1:])
            for row in self._all(
                f"SELECT number, {_STATUS} FROM {{statuses}} "
                f"WHERE plan_id = {p} AND fiscal_year = {p}",
                plan_id,
                fiscal_year,
            )
        }
        rows = self._all(
            "SELECT r.policy, r.measure, r.number, i.title, r.restated FROM {placements} r "
            f"JOIN {{items}} i ON i.plan_id = r.plan_id AND i.number = r.number "
            f"WHERE r.plan_id = {p} ORDER BY r.version",
            plan_id,
        )
        return StatusList(plan, fiscal_year, _grouped(rows, statuses))

    def items_of_case(self, case_id: str) -> list[CaseItem]:
        """The items `case_id` carries out, plan by plan, in the plan's order."""
        return _case_items(
            self._all(
                "SELECT l.plan_id, p.name, l.number, i.title FROM {case_links} l "
                "JOIN {plans} p ON p.plan_id = l.plan_id "
                "JOIN {items} i ON i.plan_id = l.plan_id AND i.number = l.number "
                f"WHERE l.case_id = {self.p} ORDER BY p.name, l.number",
                case_id,
            )
        )

    def item_history(self, plan_id: str, number: int) -> ItemHistory | None:
        plan = self.plan(plan_id)
        if plan is None:
            return None
        p = self.p
        where = f"WHERE plan_id = {p} AND number = {p}"
        placed = self._all(
            f"SELECT i.title, r.policy, r.measure FROM {{placements}} r JOIN {{items}} i "
            f"ON i.plan_id = r.plan_id AND i.number = r.number "
            f"WHERE r.plan_id = {p} AND r.number = {p} ORDER BY r.version",
            plan_id,
            number,
        )
        if not placed:
            return None
        statuses = self._all(
            f"SELECT {_STATUS} FROM {{statuses}} {where} ORDER BY fiscal_year", plan_id, number
        )
        cases = self._all(
            "SELECT l.case_id, COALESCE(c.number, ''), COALESCE(c.title, '') FROM {case_links} l "
            "LEFT JOIN {case_titles} c ON c.case_id = l.case_id "
            f"WHERE l.plan_id = {p} AND l.number = {p} ORDER BY l.version",
            plan_id,
            number,
        )
        indicators = self._all(
            f"SELECT indicator FROM {{indicator_links}} {where} ORDER BY version", plan_id, number
        )
        (title, policy, measure), *restated = placed
        return ItemHistory(
            plan=plan,
            number=number,
            title=title,
            policy=policy,
            measure=measure,
            restated_under=tuple((r[1], r[2]) for r in restated),
            statuses=tuple(_year_status(s) for s in statuses),
            cases=tuple(CaseTitle(*c) for c in cases),
            indicators=tuple(i for (i,) in indicators),
        )


def _case_items(rows: list[Any]) -> list[CaseItem]:
    return [CaseItem(str(plan_id), name, int(n), title) for plan_id, name, n, title in rows]


def _grouped(rows: list[Any], statuses: dict[int, YearStatus]) -> tuple[Policy, ...]:
    listed = (
        ((policy, measure), StatusRow(n, title, bool(r), None if r else statuses.get(n)))
        for policy, measure, n, title, r in rows
    )
    return tuple(
        Policy(policy, tuple(Measure(m, tuple(found)) for m, found in measures))
        for policy, measures in in_print_order(listed)
    )
