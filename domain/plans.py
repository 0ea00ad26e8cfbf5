"""A plan (計画) and its items (推進項目) with their status per fiscal year (seed 004).

One `Plan` aggregate per plan, its id derived from the plan's name, so that an import finds
it without a look-up. An item has a number, a title and its place in the hierarchy
(推進方針 > 推進施策); it may be listed again (再掲) under another policy and measure. Each
fiscal year it gets a status (◎○△×), what happens to it next (今後の取扱い: 完了, 継続,
廃止, 統合 into another item) and a review note (検証内容). Cases and indicators that carry an
item out are linked to it. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar
from uuid import NAMESPACE_URL, UUID, uuid5

from domain import rules
from domain.commands import plan as c
from domain.context import StepContext
from domain.events import DatedCreation, DatedEvent, LedgerAggregate, adopts
from domain.plan_errors import (
    CaseAlreadyLinkedError,
    IndicatorAlreadyLinkedError,
    MergeIntoItselfError,
    MergeTargetRequiredError,
    MergeTargetUnexpectedError,
    PlanItemAlreadyPlacedError,
    PlanItemNotFoundError,
    PlanItemNumberTakenError,
    PlanItemStatusUnchangedError,
)
from domain.plan_vocabulary import FutureHandling, ImplementationStatus


def plan_id(name: str) -> UUID:
    """The id of the plan of this name (names are compared without surrounding blanks)."""
    return uuid5(NAMESPACE_URL, f"kyodo:plan:{name.strip()}")


Placement = tuple[str, str]
"""(推進方針, 推進施策): where an item is listed."""

R = TypeVar("R")


def in_print_order(
    rows: Iterable[tuple[Placement, R]],
) -> list[tuple[str, list[tuple[str, list[R]]]]]:
    """Rows grouped by policy, then by measure, each in the order it first appears: the
    order in which a status list prints them."""
    policies: dict[str, dict[str, list[R]]] = {}
    for (policy, measure), row in rows:
        policies.setdefault(policy, {}).setdefault(measure, []).append(row)
    return [(p, list(measures.items())) for p, measures in policies.items()]


@dataclass(frozen=True)
class ListedAt:
    """A row of the plan's list: an item where it is listed (again, when restated)."""

    placement: Placement
    number: int
    restated: bool


@dataclass(frozen=True)
class ItemStatus:
    """An item's status in one fiscal year."""

    status: ImplementationStatus
    handling: FutureHandling
    merged_into: int | None
    review_note: str


@dataclass
class PlanItem:
    """One 推進項目 as the plan knows it now."""

    number: int
    title: str
    placement: Placement
    restated_under: list[Placement] = field(default_factory=list)
    statuses: dict[int, ItemStatus] = field(default_factory=dict)
    cases: list[UUID] = field(default_factory=list)
    indicators: list[str] = field(default_factory=list)


class Plan(LedgerAggregate, topic="kyodo:Plan"):
    """A plan, its items in their hierarchy, and each item's yearly status."""

    class Event(DatedEvent):
        """A step of a plan."""

    class PlanRegistered(DatedCreation, topic="kyodo:Plan.PlanRegistered", command=c.RegisterPlan):
        """A plan was registered, so that its items can be followed year by year."""

        name: str
        municipality: str | None

        apply = adopts("name", "municipality")

    class PlanItemAdded(Event, topic="kyodo:Plan.PlanItemAdded", command=c.AddPlanItem):
        """An item (推進項目) was added under a policy and a measure."""

        number: int
        title: str
        policy: str
        measure: str

        def apply(self, plan: Plan) -> None:
            item = PlanItem(self.number, self.title, (self.policy, self.measure))
            plan.items[self.number] = item
            plan.rows.append(ListedAt(item.placement, self.number, False))

    class PlanItemRestated(Event, topic="kyodo:Plan.PlanItemRestated", command=c.RestatePlanItem):
        """An item was listed again (再掲) under another policy and measure."""

        number: int
        policy: str
        measure: str

        def apply(self, plan: Plan) -> None:
            plan.items[self.number].restated_under.append((self.policy, self.measure))
            plan.rows.append(ListedAt((self.policy, self.measure), self.number, True))

    class PlanItemStatusRecorded(
        Event, topic="kyodo:Plan.PlanItemStatusRecorded", command=c.RecordPlanItemStatus
    ):
        """An item's status, future handling and review note for a fiscal year."""

        number: int
        fiscal_year: int
        status: ImplementationStatus
        handling: FutureHandling
        merged_into: int | None
        review_note: str

        def apply(self, plan: Plan) -> None:
            recorded = ItemStatus(self.status, self.handling, self.merged_into, self.review_note)
            plan.items[self.number].statuses[self.fiscal_year] = recorded

    class CaseLinkedToPlanItem(
        Event, topic="kyodo:Plan.CaseLinkedToPlanItem", command=c.LinkCaseToPlanItem
    ):
        """A collaboration case carries the item out."""

        number: int
        case_id: UUID

        def apply(self, plan: Plan) -> None:
            plan.items[self.number].cases.append(self.case_id)

    class IndicatorLinkedToPlanItem(
        Event, topic="kyodo:Plan.IndicatorLinkedToPlanItem", command=c.LinkIndicatorToPlanItem
    ):
        """An indicator (評価指標) measures the item."""

        number: int
        indicator: str

        def apply(self, plan: Plan) -> None:
            plan.items[self.number].indicators.append(self.indicator)

    def __init__(self) -> None:
        self.items: dict[int, PlanItem] = {}
        self.rows: list[ListedAt] = []
        """Every row of the plan's list, in the order recorded (`in_print_order` groups them)."""
        # Set by PlanRegistered.apply:
        self.name: str
        self.municipality: str | None

    # --- rules, each named after its command ---------------------------------------------

    @classmethod
    def register_plan(cls, cmd: c.RegisterPlan, ctx: StepContext) -> Plan:
        fields = cmd.checked()
        municipality = cmd.municipality.strip() if cmd.municipality else ""
        return cls._create(
            cls.PlanRegistered,
            id=plan_id(fields["name"]),
            name=fields["name"],
            municipality=rules.municipality_code(municipality) if municipality else None,
            occurred_on=ctx.today,
            meta=ctx.meta,
        )

    def add_plan_item(self, cmd: c.AddPlanItem, ctx: StepContext) -> None:
        fields = cmd.checked()
        taken = self.items.get(fields["number"])
        if taken is not None:
            raise PlanItemNumberTakenError(number=taken.number, title=taken.title)
        self._record(self.PlanItemAdded, ctx, fields)

    def restate_plan_item(self, cmd: c.RestatePlanItem, ctx: StepContext) -> None:
        fields = cmd.checked()
        item = self.item(fields["number"])
        placement = (fields["policy"], fields["measure"])
        if placement == item.placement or placement in item.restated_under:
            raise PlanItemAlreadyPlacedError(number=item.number, measure=fields["measure"])
        self._record(self.PlanItemRestated, ctx, fields)

    def record_plan_item_status(self, cmd: c.RecordPlanItemStatus, ctx: StepContext) -> None:
        fields = cmd.checked()
        item = self.item(fields["number"])
        merged_into = self._merge_target(item, fields["handling"], cmd.merged_into)
        recorded = ItemStatus(
            fields["status"], fields["handling"], merged_into, fields["review_note"]
        )
        if item.statuses.get(fields["fiscal_year"]) == recorded:
            raise PlanItemStatusUnchangedError(number=item.number, year=fields["fiscal_year"])
        self._record(self.PlanItemStatusRecorded, ctx, {**fields, "merged_into": merged_into})

    def link_case_to_plan_item(self, cmd: c.LinkCaseToPlanItem, ctx: StepContext) -> None:
        fields = cmd.checked()
        item = self.item(fields["number"])
        if cmd.case_id in item.cases:
            raise CaseAlreadyLinkedError(number=item.number)
        self._record(self.CaseLinkedToPlanItem, ctx, fields)

    def link_indicator_to_plan_item(self, cmd: c.LinkIndicatorToPlanItem, ctx: StepContext) -> None:
        fields = cmd.checked()
        item = self.item(fields["number"])
        if fields["indicator"] in item.indicators:
            raise IndicatorAlreadyLinkedError(number=item.number, indicator=fields["indicator"])
        self._record(self.IndicatorLinkedToPlanItem, ctx, fields)

    # --- what the rules share ------------------------------------------------------------

    def item(self, number: int) -> PlanItem:
        found = self.items.get(number)
        if found is None:
            raise PlanItemNotFoundError(number=number)
        return found

    def _merge_target(
        self, item: PlanItem, handling: FutureHandling, target: int | None
    ) -> int | None:
        """統合 names the item it is merged into (another item of this plan); nothing else does."""
        if handling is not FutureHandling.MERGED:
            if target is not None:
                raise MergeTargetUnexpectedError()
            return None
        if target is None:
            raise MergeTargetRequiredError()
        if target == item.number:
            raise MergeIntoItselfError(number=item.number)
        return self.item(target).number

    def _record(self, event: type[Plan.Event], ctx: StepContext, fields: dict[str, Any]) -> None:
        self.trigger_event(event, **fields, occurred_on=ctx.today, meta=ctx.meta)
