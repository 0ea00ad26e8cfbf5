"""Inputs of the case commands: one input type per command, named after it."""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry.scalars import JSON

from api.graphql.vocabulary import ClosureResult, CollaborationForm, PartyRole, ReviewKind


@strawberry.input
class ReceiveConsultationInput:
    title: str
    issue_statement: str
    municipality: str = strawberry.field(description="市町: code or Japanese name")
    fields: list[str] = strawberry.field(description="Fields of activity: codes or names")
    sdgs: list[int]
    centre: str
    initiating_party_id: strawberry.ID
    occurred_on: date
    facilitator_id: str | None = None
    replicates: strawberry.ID | None = strawberry.field(
        default=None, description="The published success case this case replicates"
    )


@strawberry.input
class AssignFacilitatorInput:
    case_id: strawberry.ID
    facilitator_id: str
    occurred_on: date


@strawberry.input
class HoldHearingInput:
    case_id: strawberry.ID
    summary: str
    occurred_on: date
    party_id: strawberry.ID | None = None


@strawberry.input
class ProposePartnersInput:
    case_id: strawberry.ID
    party_ids: list[strawberry.ID]
    rationale: str
    occurred_on: date


@strawberry.input
class JoinPartyInput:
    case_id: strawberry.ID
    party_id: strawberry.ID
    role: PartyRole
    contribution: str
    occurred_on: date


@strawberry.input
class WithdrawPartyInput:
    case_id: strawberry.ID
    party_id: strawberry.ID
    reason: str
    occurred_on: date


@strawberry.input
class HoldRoundtableInput:
    case_id: strawberry.ID
    agenda: str
    occurred_on: date
    attendee_party_ids: list[strawberry.ID] = strawberry.field(default_factory=list)
    attendee_count: int = 0
    decisions: str = ""
    next_actions: str = ""


@strawberry.input
class RoleAssignmentInput:
    party_id: strawberry.ID
    role: PartyRole
    responsibility: str = ""


@strawberry.input
class ReachAgreementInput:
    case_id: strawberry.ID
    roles: list[RoleAssignmentInput]
    period_start: date
    form: CollaborationForm
    occurred_on: date
    period_end: date | None = None
    resources: str = ""


@strawberry.input
class CarryOutActivityInput:
    case_id: strawberry.ID
    title: str
    occurred_on: date
    participants: int = 0
    volunteers: int = 0
    outputs: str = ""


@strawberry.input
class OutcomeInput:
    indicator: str
    actual: int | None = None
    target: int | None = None
    unit: str = ""
    note: str = ""


@strawberry.input
class ConductReviewInput:
    case_id: strawberry.ID
    kind: ReviewKind
    summary: str
    occurred_on: date
    outcomes: list[OutcomeInput] = strawberry.field(default_factory=list)
    lessons: str = ""


@strawberry.input
class CloseCaseInput:
    case_id: strawberry.ID
    result: ClosureResult
    occurred_on: date
    reason: str = ""


@strawberry.input
class ReopenCaseInput:
    case_id: strawberry.ID
    reason: str
    occurred_on: date


@strawberry.input
class NominateSuccessCaseInput:
    case_id: strawberry.ID
    occurred_on: date
    reason: str = ""


@strawberry.input
class SuccessStoryInput:
    title: str
    summary: str
    how_started: str
    outcomes: str
    lessons: str
    party_ids: list[strawberry.ID] = strawberry.field(default_factory=list)


@strawberry.input
class PublishSuccessCaseInput:
    case_id: strawberry.ID
    story: SuccessStoryInput
    occurred_on: date


@strawberry.input
class WithdrawSuccessCaseInput:
    case_id: strawberry.ID
    reason: str
    occurred_on: date


@strawberry.input
class CorrectStepInput:
    case_id: strawberry.ID
    corrected_version: int
    changes: JSON = strawberry.field(
        description='The corrected fields of the step, e.g. {"occurred_on": "2024-05-02"}'
    )
    reason: str
    occurred_on: date | None = None


@strawberry.input
class AddNoteInput:
    case_id: strawberry.ID
    text: str
    occurred_on: date | None = None
