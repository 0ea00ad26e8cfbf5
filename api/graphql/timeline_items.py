"""The typed timeline items: one GraphQL type per step of a case, all in the union
`TimelineItem`, each with its actor, business date, record time and version."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON

from api.graphql.vocabulary import ActorRole
from projections.timeline.queries import Correction, TimelineEntry


@strawberry.enum(description="The kinds of timeline items (one per step of a case)")
class TimelineStepKind(Enum):
    ConsultationReceived = "ConsultationReceived"
    FacilitatorAssigned = "FacilitatorAssigned"
    HearingHeld = "HearingHeld"
    PartnersProposed = "PartnersProposed"
    PartyJoined = "PartyJoined"
    PartyWithdrew = "PartyWithdrew"
    RoundtableHeld = "RoundtableHeld"
    AgreementReached = "AgreementReached"
    ActivityCarriedOut = "ActivityCarriedOut"
    ReviewConducted = "ReviewConducted"
    CaseClosed = "CaseClosed"
    CaseReopened = "CaseReopened"
    NominatedAsSuccessCase = "NominatedAsSuccessCase"
    SuccessCasePublished = "SuccessCasePublished"
    SuccessCaseWithdrawn = "SuccessCaseWithdrawn"
    PresentedAtMeeting = "PresentedAtMeeting"
    StepCorrected = "StepCorrected"
    NoteAdded = "NoteAdded"


@strawberry.type(description="Who recorded a step.")
class RecordedBy:
    user_id: str
    role: ActorRole


@strawberry.type(description="A later correction, shown on the entry it corrects.")
class StepCorrection:
    version: int
    occurred_on: date
    recorded_at: datetime
    recorded_by: RecordedBy
    reason: str
    changes: JSON

    @classmethod
    def of(cls, c: Correction) -> StepCorrection:
        return cls(
            version=c.version,
            occurred_on=c.occurred_on,
            recorded_at=c.recorded_at,
            recorded_by=RecordedBy(user_id=c.actor_id, role=ActorRole(c.actor_role)),
            reason=c.reason,
            changes=JSON(c.changes),
        )


@strawberry.interface(description="What every timeline item has.")
class TimelineStep:
    version: int
    position: int
    occurred_on: date = strawberry.field(description="Business date (Asia/Tokyo), as corrected")
    original_occurred_on: date
    recorded_at: datetime = strawberry.field(description="When the ledger recorded it")
    actor: RecordedBy
    source: str
    label: str = strawberry.field(description="The step's Japanese name")
    summary: str = strawberry.field(description="A Japanese one-line summary")
    corrections: list[StepCorrection]
    details: JSON = strawberry.field(description="The step's own fields")


def _detail(item: Any, key: str, default: Any = None) -> Any:
    return item.details.get(key, default)


@strawberry.type
class ConsultationReceivedItem(TimelineStep):
    @strawberry.field
    def title(self) -> str:
        return str(_detail(self, "title", ""))

    @strawberry.field
    def issue_statement(self) -> str:
        return str(_detail(self, "issue_statement", ""))


@strawberry.type
class FacilitatorAssignedItem(TimelineStep):
    @strawberry.field
    def facilitator_id(self) -> str:
        return str(_detail(self, "facilitator_id", ""))


@strawberry.type
class HearingHeldItem(TimelineStep):
    pass


@strawberry.type
class PartnersProposedItem(TimelineStep):
    @strawberry.field
    def rationale(self) -> str:
        return str(_detail(self, "rationale", ""))


@strawberry.type
class PartyJoinedItem(TimelineStep):
    @strawberry.field
    def contribution(self) -> str:
        return str(_detail(self, "contribution", ""))


@strawberry.type
class PartyWithdrewItem(TimelineStep):
    @strawberry.field
    def reason(self) -> str:
        return str(_detail(self, "reason", ""))


@strawberry.type
class RoundtableHeldItem(TimelineStep):
    @strawberry.field
    def agenda(self) -> str:
        return str(_detail(self, "agenda", ""))

    @strawberry.field
    def decisions(self) -> str:
        return str(_detail(self, "decisions", ""))


@strawberry.type
class AgreementReachedItem(TimelineStep):
    @strawberry.field
    def form(self) -> str:
        return str(_detail(self, "form", ""))


@strawberry.type
class ActivityCarriedOutItem(TimelineStep):
    @strawberry.field
    def participants(self) -> int:
        return int(_detail(self, "participants", 0))

    @strawberry.field
    def volunteers(self) -> int:
        return int(_detail(self, "volunteers", 0))


@strawberry.type
class ReviewConductedItem(TimelineStep):
    @strawberry.field
    def lessons(self) -> str:
        return str(_detail(self, "lessons", ""))


@strawberry.type
class CaseClosedItem(TimelineStep):
    @strawberry.field
    def result(self) -> str:
        return str(_detail(self, "result", ""))


@strawberry.type
class CaseReopenedItem(TimelineStep):
    pass


@strawberry.type
class NominatedAsSuccessCaseItem(TimelineStep):
    pass


@strawberry.type
class SuccessCasePublishedItem(TimelineStep):
    @strawberry.field
    def approved_by(self) -> str:
        return str(_detail(self, "approved_by", ""))


@strawberry.type
class SuccessCaseWithdrawnItem(TimelineStep):
    pass


@strawberry.type
class PresentedAtMeetingItem(TimelineStep):
    pass


@strawberry.type
class StepCorrectedItem(TimelineStep):
    @strawberry.field
    def corrected_version(self) -> int:
        return int(_detail(self, "corrected_version", 0))

    @strawberry.field
    def reason(self) -> str:
        return str(_detail(self, "reason", ""))


@strawberry.type
class NoteAddedItem(TimelineStep):
    @strawberry.field
    def text(self) -> str:
        return str(_detail(self, "text", ""))


ITEM_TYPES: dict[str, type[TimelineStep]] = {
    cls.__name__.removesuffix("Item"): cls
    for cls in (
        ConsultationReceivedItem,
        FacilitatorAssignedItem,
        HearingHeldItem,
        PartnersProposedItem,
        PartyJoinedItem,
        PartyWithdrewItem,
        RoundtableHeldItem,
        AgreementReachedItem,
        ActivityCarriedOutItem,
        ReviewConductedItem,
        CaseClosedItem,
        CaseReopenedItem,
        NominatedAsSuccessCaseItem,
        SuccessCasePublishedItem,
        SuccessCaseWithdrawnItem,
        PresentedAtMeetingItem,
        StepCorrectedItem,
        NoteAddedItem,
    )
}

TimelineItem = Annotated[
    ConsultationReceivedItem
    | FacilitatorAssignedItem
    | HearingHeldItem
    | PartnersProposedItem
    | PartyJoinedItem
    | PartyWithdrewItem
    | RoundtableHeldItem
    | AgreementReachedItem
    | ActivityCarriedOutItem
    | ReviewConductedItem
    | CaseClosedItem
    | CaseReopenedItem
    | NominatedAsSuccessCaseItem
    | SuccessCasePublishedItem
    | SuccessCaseWithdrawnItem
    | PresentedAtMeetingItem
    | StepCorrectedItem
    | NoteAddedItem,
    strawberry.union("TimelineItem", description="One step of a case"),
]


def timeline_item(entry: TimelineEntry) -> TimelineStep:
    cls = ITEM_TYPES[entry.step]
    return cls(
        version=entry.version,
        position=entry.position,
        occurred_on=entry.occurred_on,
        original_occurred_on=entry.original_occurred_on,
        recorded_at=entry.recorded_at,
        actor=RecordedBy(user_id=entry.actor_id, role=ActorRole(entry.actor_role)),
        source=entry.source,
        label=entry.step_label,
        summary=entry.summary,
        corrections=[StepCorrection.of(c) for c in entry.corrections],
        details=JSON(entry.details),
    )
