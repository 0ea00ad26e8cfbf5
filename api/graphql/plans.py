"""Plans as GraphQL (seed 004): the status list of a fiscal year as the city prints it, and
an item's history across years. Mutations come from the plan commands; their payload is here."""

from __future__ import annotations

import strawberry

from api.graphql.errors import Conflict, NotFound, RuleViolation, ValidationError
from api.graphql.ids import global_id
from application.ledger import CommandResult
from domain.plan_vocabulary import FutureHandling, ImplementationStatus

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


def plan_payload(result: CommandResult, current: bool | None) -> PlanPayload:
    return PlanPayload(
        plan_id=strawberry.ID(global_id("Plan", result.aggregate_id)),
        version=result.version,
        position=result.position,
        read_models_current=current,
    )
