"""What a successful command returns: the aggregate's global ID, its new version and the
notification position (so that a reader can wait for its own write)."""

from __future__ import annotations

from typing import Any

import strawberry

from api.graphql.cases import Case, find_case
from api.graphql.context import Info
from api.graphql.ids import global_id
from application.ledger import CommandResult


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
        case_id=strawberry.ID(global_id("Case", result.aggregate_id)),
        number=result.number,
        **_written(result, current),
    )


def party_payload(result: CommandResult, current: bool | None) -> PartyPayload:
    party_id = strawberry.ID(global_id("Party", result.aggregate_id))
    return PartyPayload(party_id=party_id, **_written(result, current))


def meeting_payload(result: CommandResult, current: bool | None) -> MeetingPayload:
    meeting_id = strawberry.ID(global_id("Meeting", result.aggregate_id))
    return MeetingPayload(meeting_id=meeting_id, **_written(result, current))


def kpi_year_payload(result: CommandResult, current: bool | None) -> KpiYearPayload:
    kpi_year_id = strawberry.ID(global_id("KpiYear", result.aggregate_id))
    return KpiYearPayload(kpi_year_id=kpi_year_id, **_written(result, current))


def indicator_payload(result: CommandResult, current: bool | None) -> IndicatorPayload:
    indicator_id = strawberry.ID(global_id("PlanIndicator", result.aggregate_id))
    return IndicatorPayload(indicator_id=indicator_id, **_written(result, current))
