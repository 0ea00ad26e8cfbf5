"""What a successful command returns: the aggregate's global ID, its new version and the
notification position (so that a reader can wait for its own write)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import strawberry

from api.graphql.cases import Case, find_case
from api.graphql.context import Info
from api.graphql.ids import node_id
from application.ledger import CommandResult

T = TypeVar("T")


@strawberry.type(description="A step was recorded in a case.")
class CasePayload:
    uuid: strawberry.Private[str]
    case_id: strawberry.ID
    number: str | None
    version: int
    position: int | None = strawberry.field(description="Notification position of the write")
    read_models_current: bool | None = strawberry.field(
        description="With waitForReadModels: whether the read models caught up in time"
    )

    @strawberry.field(
        description="The case as the read models show it (ask with waitForReadModels)"
    )
    async def case(self, info: Info) -> Case | None:
        return await find_case(info, self.uuid, None)


@strawberry.type(description="A party was registered or changed.")
class PartyPayload:
    party_id: strawberry.ID
    version: int
    position: int | None
    read_models_current: bool | None


@strawberry.type(description="A meeting was held or its outcome recorded.")
class MeetingPayload:
    meeting_id: strawberry.ID
    version: int
    position: int | None
    read_models_current: bool | None


@strawberry.type(description="A KPI target was set, or a fiscal year's figures closed.")
class KpiYearPayload:
    kpi_year_id: strawberry.ID = strawberry.field(
        description="The targets and closing of one fiscal year and municipality"
    )
    version: int
    position: int | None
    read_models_current: bool | None


@strawberry.type(description="A step of a plan's indicator was recorded.")
class IndicatorPayload:
    indicator_id: strawberry.ID
    version: int
    position: int | None
    read_models_current: bool | None


def _written(result: CommandResult, current: bool | None) -> dict[str, Any]:
    return {"version": result.version, "position": result.position, "read_models_current": current}


def case_payload(result: CommandResult, current: bool | None) -> CasePayload:
    return CasePayload(
        uuid=str(result.aggregate_id),
        case_id=node_id("Case", result.aggregate_id),
        number=result.number,
        **_written(result, current),
    )


def payload_of(
    cls: type[T], node_type: str, id_field: str
) -> Callable[[CommandResult, bool | None], T]:
    """What a command on an aggregate of `node_type` returns: its global ID as `id_field`,
    and what was written."""

    def payload(result: CommandResult, current: bool | None) -> T:
        global_node_id = node_id(node_type, result.aggregate_id)
        return cls(**{id_field: global_node_id}, **_written(result, current))

    return payload


party_payload = payload_of(PartyPayload, "Party", "party_id")
meeting_payload = payload_of(MeetingPayload, "Meeting", "meeting_id")
kpi_year_payload = payload_of(KpiYearPayload, "KpiYear", "kpi_year_id")
indicator_payload = payload_of(IndicatorPayload, "PlanIndicator", "indicator_id")
