"""Plans as GraphQL (seed 004): the status list of a fiscal year as the city prints it, and
an item's history across years. Mutations come from the plan commands; their payload is here."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

import strawberry

from api.graphql.context import Context, Info, forbidden
from api.graphql.copying import converted, copied
from api.graphql.errors import Conflict, NotFound, RuleViolation, ValidationError
from api.graphql.ids import bad_input, decode_id, node_id
from api.graphql.node import CaseReference
from api.graphql.payloads import payload_of
from api.graphql.reading import read
from application.permissions import may_read_plans
from domain import errors, rules
from domain.fiscal import fiscal_year_label
from domain.plan_vocabulary import LEGEND, FutureHandling, ImplementationStatus
from projections.plan_items import queries as q

T = TypeVar("T")

strawberry.enum(ImplementationStatus, description="実施状況 of a plan item (◎○△×)")
strawberry.enum(FutureHandling, description="今後の取扱い of a plan item")


@strawberry.type(description="A plan, one of its items or an item's status was recorded.")
class PlanPayload:
    plan_id: strawberry.ID
    version: int
    position: int | None = strawberry.field(description="Notification position of the write")
    read_models_current: bool | None = strawberry.field(
        description="With waitForReadModels: whether the read models caught up in time"
    )


PlanResult = PlanPayload | RuleViolation | NotFound | Conflict | ValidationError


plan_payload = payload_of(PlanPayload, "Plan", "plan_id")


# --- queries ---------------------------------------------------------------------------------

PLAN_ITEMS = "plan_items"


@strawberry.type(description="A plan (計画) whose items are followed year by year.")
class Plan:
    id: strawberry.ID
    name: str
    municipality: str | None = strawberry.field(description="None: the prefecture")
    fiscal_years: list[int] = strawberry.field(description="Years with recorded statuses")

    of = converted(q.PlanEntry, id=lambda p: node_id("Plan", p.plan_id))


@strawberry.type(description="An item's status (実施状況) in one fiscal year.")
class PlanItemStatus:
    fiscal_year: int
    fiscal_year_label: str = strawberry.field(description="和暦: 令和6年度")
    status: ImplementationStatus
    mark: str = strawberry.field(description="◎ ○ △ ×")
    status_label: str
    handling: FutureHandling
    handling_label: str
    merged_into: int | None = strawberry.field(description="With MERGED: the item's number")
    review_note: str = strawberry.field(description="検証内容")
    recorded_on: date

    of = converted(
        q.YearStatus,
        fiscal_year_label=lambda s: fiscal_year_label(s.fiscal_year, japanese_era=True),
        mark=lambda s: s.status.mark,
        status_label=lambda s: s.status.ja,
        handling_label=lambda s: s.handling.ja,
    )


@strawberry.type(description="One row of a status list; a restated row (再掲) has no status.")
class PlanStatusRow:
    number: int
    title: str
    restated: bool = strawberry.field(description="再掲: listed again from another measure")
    status: PlanItemStatus | None = strawberry.field(description="None: none recorded")
    cells: list[str] = strawberry.field(
        description="NO, 推進項目, 実施状況, 今後の取扱い, 検証内容 as the list prints them"
    )


@strawberry.type(description="推進施策 and its rows.")
class PlanMeasure:
    title: str
    rows: list[PlanStatusRow]


@strawberry.type(description="推進方針 and its measures.")
class PlanPolicy:
    title: str
    measures: list[PlanMeasure]


@strawberry.type(description="The status list (実施状況一覧) of a plan for one fiscal year.")
class PlanStatusList:
    plan: Plan
    fiscal_year: int
    fiscal_year_label: str = strawberry.field(description="和暦: 令和6年度")
    legend: str = strawberry.field(description="実施状況：◎実施済 ○継続推進 △一部実施 ×検討中")
    columns: list[str] = strawberry.field(description="The column headings the list prints")
    policies: list[PlanPolicy]

    @classmethod
    def of(cls, found: q.StatusList) -> PlanStatusList:
        def row(r: q.StatusRow) -> PlanStatusRow:
            status = PlanItemStatus.of(r.status) if r.status else None
            return copied(PlanStatusRow, r, status=status, cells=list(r.cells))

        return cls(
            plan=Plan.of(found.plan),
            fiscal_year=found.fiscal_year,
            fiscal_year_label=fiscal_year_label(found.fiscal_year, japanese_era=True),
            legend=LEGEND,
            columns=list(q.COLUMNS),
            policies=[
                PlanPolicy(
                    title=p.title,
                    measures=[
                        PlanMeasure(title=m.title, rows=[row(r) for r in m.rows])
                        for m in p.measures
                    ],
                )
                for p in found.policies
            ],
        )


@strawberry.type(description="Where an item is listed again (再掲).")
class PlanPlacement:
    policy: str
    measure: str


@strawberry.type(description="A case that carries a plan item out.")
class PlanLinkedCase(CaseReference):
    number: str
    title: str


@strawberry.type(description="A plan item (推進項目) and its history across fiscal years.")
class PlanItem:
    plan: Plan
    number: int
    title: str
    policy: str
    measure: str
    restated_under: list[PlanPlacement]
    statuses: list[PlanItemStatus] = strawberry.field(description="Oldest fiscal year first")
    cases: list[PlanLinkedCase]
    indicators: list[str]

    @classmethod
    def of(cls, h: q.ItemHistory) -> PlanItem:
        return copied(
            cls,
            h,
            plan=Plan.of(h.plan),
            restated_under=[PlanPlacement(policy=p, measure=m) for p, m in h.restated_under],
            statuses=[PlanItemStatus.of(s) for s in h.statuses],
            cases=[copied(PlanLinkedCase, c, case_id=node_id("Case", c.case_id)) for c in h.cases],
            indicators=list(h.indicators),
        )


@strawberry.type(description="A plan item (推進項目) a case carries out.")
class CasePlanItem:
    plan_id: strawberry.ID
    plan_name: str
    number: int
    title: str

    of = converted(q.CaseItem, plan_id=lambda i: node_id("Plan", i.plan_id))


def _query(context: Context, ask: Callable[[q.PlanItemQueries], T]) -> T | None:
    store = context.container.read_store
    with store.reading() as db:
        tables = store.tables(PLAN_ITEMS, db)
        return None if tables is None else ask(q.PlanItemQueries(db, store.dialect, tables))


async def _read(info: Info, ask: Callable[[q.PlanItemQueries], T]) -> T | None:
    if not may_read_plans(info.context.actor):
        raise forbidden("計画の実施状況")
    return await read(_query, info.context, ask)


def _year(fiscal_year: int) -> int:
    try:
        return rules.require_fiscal_year(fiscal_year)
    except errors.ValidationError as error:
        raise bad_input(error.message, "fiscalYear") from None


@strawberry.type
class PlanQuery:
    """Query fields for plans and their items (mixed into `Query`)."""

    @strawberry.field(description="The plans whose items are followed, by name")
    async def plans(self, info: Info) -> list[Plan]:
        found = await _read(info, lambda queries: queries.plans())
        return [Plan.of(p) for p in found or []]

    @strawberry.field(
        description="A plan's status list (実施状況一覧) for a fiscal year, as the city prints "
        "it; null for an unknown plan"
    )
    async def plan_status_list(
        self, info: Info, plan_id: strawberry.ID, fiscal_year: int
    ) -> PlanStatusList | None:
        key = str(decode_id(plan_id, "Plan", "planId"))
        year = _year(fiscal_year)
        found = await _read(info, lambda queries: queries.status_list(key, year))
        return PlanStatusList.of(found) if found else None

    @strawberry.field(description="The plan items a case carries out (推進項目), plan by plan")
    async def case_plan_items(self, info: Info, case_id: strawberry.ID) -> list[CasePlanItem]:
        key = str(decode_id(case_id, "Case", "caseId"))
        found = await _read(info, lambda queries: queries.items_of_case(key))
        return [CasePlanItem.of(i) for i in found or []]

    @strawberry.field(description="A plan item and its history across fiscal years")
    async def plan_item(self, info: Info, plan_id: strawberry.ID, number: int) -> PlanItem | None:
        key = str(decode_id(plan_id, "Plan", "planId"))
        found = await _read(info, lambda queries: queries.item_history(key, number))
        return PlanItem.of(found) if found else None
