"""The collaboration case (協働案件): one collaboration from consultation to closure.

Each step is declared once: its command (`domain.commands.case`), the rule below that takes
the command and decides, and the event, which applies itself to the case on every replay.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, TypeVar, cast
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain import errors, rules
from domain.commands import case as c
from domain.commands.base import Command
from domain.commands.meeting import PresentAtMeeting
from domain.context import StepContext
from domain.corrections import corrected_value
from domain.events import DatedCreation, DatedEvent, LedgerAggregate, adopt, adopts, sets
from domain.pro_bono import ProBonoNeedNotDeclaredError, skill_label
from domain.values import Outcome, PartyRef, RoleAssignment, SuccessStory
from domain.vocabulary import (
    CaseState,
    ClosureResult,
    CollaborationForm,
    PartyRole,
    ReviewKind,
)

_BEFORE_AGREEMENT = (CaseState.INTAKE, CaseState.COORDINATING)
_ENVELOPE = {"originator_id", "originator_version", "timestamp", "originator_topic", "meta"}
_REFERENCES = {
    "number",
    "centre",
    "initiating_party",
    "replicates",
    "party",
    "party_id",
    "party_ids",
    "attendee_party_ids",
    "roles",
    "meeting_id",
    "approved_by",
    "story",
}
"""Fields that name something else (a party, a meeting, a case, the approver, the case's
number and centre, the published story naming parties) are not corrected in place: the step
is taken back and recorded again (離脱と再参加, 公開の取り下げと再公開), so that every read
model sees the change as the step it is. A correction is not itself corrected: correct the
step again."""


StateCheck = Callable[["Case", str], errors.DomainError | None]
"""A check of a case's state that a step needs, whatever its command says: the error that
refuses the step (named by its label), or None."""

_Rule = TypeVar("_Rule", bound=Callable[..., Any])


def admits(*checks: StateCheck, chief_approval: bool = False) -> Callable[[_Rule], _Rule]:
    """The states of the case a rule admits, and whether the step needs a chief
    facilitator's approval (the actor's, `StepContext.may_approve`): the rule raises the
    first refusal before it reads its command, and `Case.refusal` asks the same without one
    (the page offers a facilitator only the steps the case and the actor can take)."""

    def decorate(rule: _Rule) -> _Rule:
        @functools.wraps(rule)
        def guarded(case: Case, cmd: Command, ctx: StepContext, *args: Any) -> Any:
            error = first_refusal(case, checks, cmd.label, chief_approval, ctx.may_approve)
            if error is not None:
                raise error
            return rule(case, cmd, ctx, *args)

        guarded.state_checks = checks  # type: ignore[attr-defined]
        guarded.chief_approval = chief_approval  # type: ignore[attr-defined]
        return cast("_Rule", guarded)

    return decorate


def first_refusal(
    case: Case,
    checks: tuple[StateCheck, ...],
    step: str,
    chief_approval: bool = False,
    may_approve: bool = True,
) -> errors.DomainError | None:
    """The first refusal of `checks`, then the approval a step may need (None: admitted)."""
    for check in checks:
        error = check(case, step)
        if error is not None:
            return error
    if chief_approval and not may_approve:
        return errors.PublicationNeedsChiefApprovalError()
    return None


def _open(case: Case, step: str) -> errors.DomainError | None:
    return errors.CaseClosedError(step=step) if case.state is CaseState.CLOSED else None


def _closed(case: Case, step: str) -> errors.DomainError | None:
    return None if case.state is CaseState.CLOSED else errors.CaseNotClosedError()


def _two_parties(case: Case, step: str) -> errors.DomainError | None:
    return errors.AgreementNeedsTwoPartiesError() if len(case.active_parties) < 2 else None


def _two_organisations(case: Case, step: str) -> errors.DomainError | None:
    few = len(case.active_organisations) < 2
    return errors.AgreementNeedsTwoOrganisationsError() if few else None


def _agreed(case: Case, step: str) -> errors.DomainError | None:
    return None if case.has_agreement else errors.ActivityNeedsAgreementError()


def _carried_out(case: Case, step: str) -> errors.DomainError | None:
    return errors.ReviewNeedsActivityError() if case.activity_count == 0 else None


def _unpublished(case: Case, step: str) -> errors.DomainError | None:
    return errors.ReopenPublishedError() if case.published else None


def _succeeded(case: Case, step: str) -> errors.DomainError | None:
    succeeded = case.result is ClosureResult.SUCCEEDED
    return None if succeeded else errors.NominationNeedsSuccessError()


def _not_nominated(case: Case, step: str) -> errors.DomainError | None:
    return errors.AlreadyNominatedError() if case.nominated else None


def _nominated(case: Case, step: str) -> errors.DomainError | None:
    return None if case.nominated else errors.PublicationNeedsNominationError()


def _unpublished_story(case: Case, step: str) -> errors.DomainError | None:
    return errors.AlreadyPublishedError() if case.published else None


def _published(case: Case, step: str) -> errors.DomainError | None:
    return None if case.published else errors.NotPublishedError()


def _nominated_or_published(case: Case, step: str) -> errors.DomainError | None:
    shown = case.nominated or case.published
    return None if shown else errors.PresentationNeedsSuccessCaseError()


class Participation:
    """A party's place in a case, as the aggregate keeps it (not stored: derived by replay)."""

    def __init__(self, ref: PartyRef, role: PartyRole, contribution: str) -> None:
        self.ref = ref
        self.role = role
        self.contribution = contribution
        self.active = True


def _named_parties(value: Any) -> tuple[UUID, ...]:
    """The parties a field's value names: an id, a value's party (`party_id`) or parties
    (`party_ids`), or those of each value of a tuple."""
    if isinstance(value, UUID):
        return (value,)
    if isinstance(value, tuple):
        return tuple(party for item in value for party in _named_parties(item))
    many = getattr(value, "party_ids", None)
    if many is not None:
        return tuple(many)
    one = getattr(value, "party_id", None)
    return () if one is None else (one,)


class Case(LedgerAggregate, topic="kyodo:Case"):
    """A collaboration case. Its events are the steps a facilitator logs."""

    pro_bono_needs = cast("Mapping[int, str]", {})
    """The skill of each need (プロボノの依頼) by the version that declared it; a class
    default, so that cases and snapshots stored before needs existed load unchanged."""

    class Event(DatedEvent):
        def mutate(self, aggregate: Any) -> Any:
            mutated = super().mutate(aggregate)
            assert mutated is not None
            mutated.steps[self.originator_version] = type(self).__name__
            mutated.step_dates[self.originator_version] = self.occurred_on
            return mutated

    class ConsultationReceived(
        DatedCreation,
        topic="kyodo:Case.ConsultationReceived",
        command=c.ReceiveConsultation,
        shown=("title", "issue_statement"),
    ):
        """A consultation was received and the case opened (相談受付)."""

        number: str
        title: str
        issue_statement: str
        municipality: str
        fields: tuple[str, ...]
        sdgs: tuple[int, ...]
        centre: str
        facilitator_id: str
        initiating_party: PartyRef
        replicates: UUID | None

        def apply(self, case: Case) -> None:
            names = ("number", "title", "municipality", "centre", "facilitator_id", "replicates")
            adopt(case, self, *names)
            case.opened_on = self.occurred_on
            case.steps = {1: "ConsultationReceived"}
            case.step_dates = {1: self.occurred_on}

    class FacilitatorAssigned(
        Event,
        topic="kyodo:Case.FacilitatorAssigned",
        command=c.AssignFacilitator,
        shown=("facilitator_id",),
    ):
        """Another facilitator took charge of the case."""

        facilitator_id: str

        apply = adopts("facilitator_id")

    class HearingHeld(Event, topic="kyodo:Case.HearingHeld", command=c.HoldHearing):
        """The facilitator heard a party out about the issue (ヒアリング)."""

        party_id: UUID | None
        summary: str

    class PartnersProposed(
        Event, topic="kyodo:Case.PartnersProposed", command=c.ProposePartners, shown=("rationale",)
    ):
        """The facilitator proposed partners to match (マッチング提案)."""

        party_ids: tuple[UUID, ...]
        rationale: str

        def apply(self, case: Case) -> None:
            if case.state is CaseState.INTAKE:
                case.state = CaseState.COORDINATING

    class ProBonoNeedDeclared(
        Event, topic="kyodo:Case.ProBonoNeedDeclared", command=c.DeclareProBonoNeed
    ):
        """The case needs a pro bono worker's skill for some hours (プロボノの依頼)."""

        skill: str
        hours: int
        description: str

        def apply(self, case: Case) -> None:
            case.pro_bono_needs = {**case.pro_bono_needs, self.originator_version: self.skill}

    class PartyJoined(
        Event, topic="kyodo:Case.PartyJoined", command=c.JoinParty, shown=("contribution",)
    ):
        """A party joined the collaboration with a role and a contribution (参加)."""

        party: PartyRef
        role: PartyRole
        contribution: str

        def apply(self, case: Case) -> None:
            case.participations[self.party.party_id] = Participation(
                self.party, self.role, self.contribution
            )
            if case.state is CaseState.INTAKE:
                case.state = CaseState.COORDINATING

    class PartyWithdrew(
        Event, topic="kyodo:Case.PartyWithdrew", command=c.WithdrawParty, shown=("reason",)
    ):
        """A party left the collaboration (離脱)."""

        party_id: UUID
        reason: str

        def apply(self, case: Case) -> None:
            case.participations[self.party_id].active = False

    class RoundtableHeld(
        Event,
        topic="kyodo:Case.RoundtableHeld",
        command=c.HoldRoundtable,
        shown=("agenda", "decisions"),
    ):
        """The parties met around one table and recorded decisions (円卓会議)."""

        attendee_party_ids: tuple[UUID, ...]
        attendee_count: int
        agenda: str
        decisions: str
        next_actions: str

    class AgreementReached(
        Event, topic="kyodo:Case.AgreementReached", command=c.ReachAgreement, shown=("form",)
    ):
        """The parties agreed on their roles, period, resources and form (合意)."""

        roles: tuple[RoleAssignment, ...]
        period_start: date
        period_end: date | None
        resources: str
        form: CollaborationForm

        def apply(self, case: Case) -> None:
            case.has_agreement = True
            if case.state in _BEFORE_AGREEMENT:
                case.state = CaseState.AGREED

    class ActivityCarriedOut(
        Event,
        topic="kyodo:Case.ActivityCarriedOut",
        command=c.CarryOutActivity,
        shown=("participants", "volunteers"),
    ):
        """An activity of the collaboration took place (活動の実施)."""

        title: str
        participants: int
        volunteers: int
        outputs: str

        def apply(self, case: Case) -> None:
            case.activity_count += 1
            case.state = CaseState.IN_PROGRESS

    class ReviewConducted(
        Event, topic="kyodo:Case.ReviewConducted", command=c.ConductReview, shown=("lessons",)
    ):
        """Outcomes were reviewed against the goals (振り返り・評価)."""

        kind: ReviewKind
        outcomes: tuple[Outcome, ...]
        summary: str
        lessons: str

        def apply(self, case: Case) -> None:
            case.review_count += 1
            case.state = CaseState.REVIEWING

    class CaseClosed(Event, topic="kyodo:Case.CaseClosed", command=c.CloseCase, shown=("result",)):
        """The case was closed as succeeded, discontinued or withdrawn (完了)."""

        result: ClosureResult
        reason: str

        def apply(self, case: Case) -> None:
            case.state_before_closure = case.state
            case.state = CaseState.CLOSED
            case.result = self.result

    class CaseReopened(Event, topic="kyodo:Case.CaseReopened", command=c.ReopenCase):
        """A closed case was taken up again (再開)."""

        reason: str

        def apply(self, case: Case) -> None:
            case.state = case.state_before_closure
            case.result = None
            case.nominated = False

    class NominatedAsSuccessCase(
        Event, topic="kyodo:Case.NominatedAsSuccessCase", command=c.NominateSuccessCase
    ):
        """The case was nominated for the success-case library (成功事例として推薦)."""

        reason: str

        apply = sets(nominated=True)

    class SuccessCasePublished(
        Event,
        topic="kyodo:Case.SuccessCasePublished",
        command=c.PublishSuccessCase,
        shown=("approved_by",),
    ):
        """A chief facilitator approved and published the success story (公開)."""

        story: SuccessStory
        approved_by: str

        apply = sets(published=True)

    class SuccessCaseWithdrawn(
        Event, topic="kyodo:Case.SuccessCaseWithdrawn", command=c.WithdrawSuccessCase
    ):
        """The success story was taken out of the library (公開の取り下げ)."""

        reason: str

        apply = sets(published=False)

    class PresentedAtMeeting(
        Event, topic="kyodo:Case.PresentedAtMeeting", command=PresentAtMeeting
    ):
        """The case was shared at an information-sharing meeting (会議で共有)."""

        meeting_id: UUID

    class StepCorrected(
        Event,
        topic="kyodo:Case.StepCorrected",
        command=c.CorrectStep,
        shown=("corrected_version", "reason"),
    ):
        """An earlier step was corrected; the original stays in the history (訂正)."""

        corrected_version: int
        corrected_step: str
        changes: dict[str, Any]
        reason: str

        def apply(self, case: Case) -> None:
            new_date = self.changes.get("occurred_on")
            if isinstance(new_date, date):
                case.step_dates[self.corrected_version] = new_date
                if self.corrected_step == "ConsultationReceived":
                    case.opened_on = new_date
            skill = self.changes.get("skill")
            if self.corrected_step == "ProBonoNeedDeclared" and isinstance(skill, str):
                case.pro_bono_needs = {**case.pro_bono_needs, self.corrected_version: skill}

    class NoteAdded(Event, topic="kyodo:Case.NoteAdded", command=c.AddNote, shown=("text",)):
        """A free note was added to the case (メモ)."""

        text: str

    def __init__(self) -> None:
        self.state = CaseState.INTAKE
        self.state_before_closure = CaseState.INTAKE
        self.result: ClosureResult | None = None
        self.participations: dict[UUID, Participation] = {}
        self.has_agreement = False
        self.activity_count = 0
        self.review_count = 0
        self.nominated = False
        self.published = False
        # Set by ConsultationReceived.apply:
        self.number: str
        self.title: str
        self.municipality: str
        self.centre: str
        self.facilitator_id: str
        self.replicates: UUID | None
        self.opened_on: date
        self.steps: dict[int, str]
        self.step_dates: dict[int, date]

    @classmethod
    def receive_consultation(
        cls, cmd: c.ReceiveConsultation, ctx: StepContext, *, case_id: UUID, number: str
    ) -> Case:
        rules.require_not_future(cmd.occurred_on, ctx.today)
        fields = cmd.checked(skip=("initiating_party_id", "facilitator_id"))
        facilitator = rules.require_text(
            cmd.facilitator_id or ctx.meta.actor_id, "facilitator", "担当ファシリテーター"
        )
        return cls._create(
            cls.ConsultationReceived,
            id=case_id,
            number=number,
            facilitator_id=facilitator,
            initiating_party=ctx.directory.party_ref(cmd.initiating_party_id),
            meta=ctx.meta,
            **fields,
        )

    # --- queries the rules use -------------------------------------------------------

    @property
    def active_parties(self) -> list[PartyRef]:
        return [p.ref for p in self.participations.values() if p.active]

    @property
    def active_organisations(self) -> set[UUID]:
        return {ref.party_id for ref in self.active_parties if not ref.kind.is_natural_person}

    def refusal(self, step: type[Command], may_approve: bool = True) -> errors.DomainError | None:
        """Why the case, as it stands, refuses `step` whatever the command would say (None:
        the step may be recorded), for an actor who may approve a publication or not. The
        checks are those its rule makes first (`admits`)."""
        rule = getattr(type(self), step.verb(), None)
        checks = getattr(rule, "state_checks", ())
        approval = getattr(rule, "chief_approval", False)
        return first_refusal(self, checks, step.label, approval, may_approve)

    def _check_inputs(self, cmd: Command, today: date) -> None:
        """The step's date in range, then the parties it names among those its fields
        declare (`among`): taking part now, ever part of the case, or not taking part now."""
        rules.require_business_date(cmd.on(today), self.opened_on, today)
        for name, among in cmd.party_scopes():
            for party_id in _named_parties(getattr(cmd, name)):
                taking = self.participations.get(party_id)
                if among == "case" and taking is None:
                    raise errors.StoryNamesOutsiderError(party=str(party_id))
                if among == "active" and (taking is None or not taking.active):
                    raise errors.PartyNotActiveError(party=str(party_id))
                if among == "outside" and taking is not None and taking.active:
                    raise errors.PartyAlreadyJoinedError(party=str(party_id))

    def _record(self, event: type[Case.Event], ctx: StepContext, **fields: Any) -> None:
        self.trigger_event(event, meta=ctx.meta, **fields)

    def _step(self, event: type[Case.Event], cmd: Command, ctx: StepContext) -> None:
        """A step with no rule of its own: dated in range, its fields checked."""
        self._check_inputs(cmd, ctx.today)
        self._record(event, ctx, **cmd.checked())

    # --- the rules, one per command ---------------------------------------------------

    @admits(_open)
    def assign_facilitator(self, cmd: c.AssignFacilitator, ctx: StepContext) -> None:
        self._step(self.FacilitatorAssigned, cmd, ctx)

    @admits(_open)
    def hold_hearing(self, cmd: c.HoldHearing, ctx: StepContext) -> None:
        self._step(self.HearingHeld, cmd, ctx)

    @admits(_open)
    def propose_partners(self, cmd: c.ProposePartners, ctx: StepContext) -> None:
        self._check_inputs(cmd, ctx.today)
        if not cmd.party_ids:
            raise errors.BlankValueError(field="partyIds", label=cmd.field_labels()["party_ids"])
        self._record(self.PartnersProposed, ctx, **cmd.checked())

    @admits(_open)
    def declare_pro_bono_need(self, cmd: c.DeclareProBonoNeed, ctx: StepContext) -> None:
        self._step(self.ProBonoNeedDeclared, cmd, ctx)

    def require_pro_bono_need(self, skill: str) -> None:
        """A pro bono match serves an open case's declared need (`ProposeProBonoMatch`)."""
        if self.state is CaseState.CLOSED:
            raise errors.CaseClosedError(step="プロボノのマッチング提案")
        if skill not in self.pro_bono_needs.values():
            raise ProBonoNeedNotDeclaredError(skill=skill_label(skill))

    @admits(_open)
    def join_party(self, cmd: c.JoinParty, ctx: StepContext) -> None:
        self._check_inputs(cmd, ctx.today)  # the party: not taking part now (`among`)
        fields = cmd.checked(skip=("party_id",))
        self._record(self.PartyJoined, ctx, party=ctx.directory.party_ref(cmd.party_id), **fields)

    @admits(_open)
    def withdraw_party(self, cmd: c.WithdrawParty, ctx: StepContext) -> None:
        self._check_inputs(cmd, ctx.today)  # the party: taking part (`among`)
        self._record(self.PartyWithdrew, ctx, **cmd.checked())

    @admits(_open)
    def hold_roundtable(self, cmd: c.HoldRoundtable, ctx: StepContext) -> None:
        self._step(self.RoundtableHeld, cmd, ctx)

    @admits(_open, _two_parties, _two_organisations)
    def reach_agreement(self, cmd: c.ReachAgreement, ctx: StepContext) -> None:
        self._check_inputs(cmd, ctx.today)  # each role's party: taking part (`among`)
        active = {ref.party_id for ref in self.active_parties}
        missing = active - {assignment.party_id for assignment in cmd.roles}
        if missing:
            raise errors.AgreementRolesIncompleteError(missing="、".join(sorted(map(str, missing))))
        if cmd.period_end is not None and cmd.period_end < cmd.period_start:
            raise errors.InvalidValueError(
                field="periodEnd", label="協働期間", reason="終了日が開始日より前です"
            )
        self._record(self.AgreementReached, ctx, **cmd.checked())

    @admits(_open, _agreed)
    def carry_out_activity(self, cmd: c.CarryOutActivity, ctx: StepContext) -> None:
        self._check_inputs(cmd, ctx.today)
        self._record(self.ActivityCarriedOut, ctx, **cmd.checked())

    @admits(_open, _carried_out)
    def conduct_review(self, cmd: c.ConductReview, ctx: StepContext) -> None:
        self._check_inputs(cmd, ctx.today)
        self._record(self.ReviewConducted, ctx, **cmd.checked())

    @admits(_open)
    def close_case(self, cmd: c.CloseCase, ctx: StepContext) -> None:
        self._check_inputs(cmd, ctx.today)
        if cmd.result is ClosureResult.SUCCEEDED and self.review_count == 0:
            raise errors.SuccessNeedsReviewError()
        self._record(self.CaseClosed, ctx, **cmd.checked())

    @admits(_closed, _unpublished)
    def reopen_case(self, cmd: c.ReopenCase, ctx: StepContext) -> None:
        self._check_inputs(cmd, ctx.today)
        self._record(self.CaseReopened, ctx, **cmd.checked())

    @admits(_succeeded, _not_nominated)
    def nominate_success_case(self, cmd: c.NominateSuccessCase, ctx: StepContext) -> None:
        self._check_inputs(cmd, ctx.today)
        self._record(self.NominatedAsSuccessCase, ctx, **cmd.checked())

    @admits(_nominated, _unpublished_story, chief_approval=True)
    def publish_success_case(self, cmd: c.PublishSuccessCase, ctx: StepContext) -> None:
        """Each party the story names must have consented; the chief's approval is the actor."""
        self._check_inputs(cmd, ctx.today)  # the story's parties: of the case (`among`)
        story = cmd.story
        refusing = [str(p) for p in story.party_ids if not ctx.directory.publication_consent(p)]
        if refusing:
            raise errors.PublicationNeedsConsentError(parties="、".join(refusing))
        checked = dataclasses.replace(
            story,
            title=rules.require_text(story.title, "title", "事例のタイトル"),
            summary=rules.require_text(story.summary, "summary", "事例の概要"),
        )
        fields = cmd.checked(skip=("story",))
        self._record(
            self.SuccessCasePublished, ctx, story=checked, approved_by=ctx.meta.actor_id, **fields
        )

    @admits(_published)
    def withdraw_success_case(self, cmd: c.WithdrawSuccessCase, ctx: StepContext) -> None:
        self._check_inputs(cmd, ctx.today)
        self._record(self.SuccessCaseWithdrawn, ctx, **cmd.checked())

    @admits(_nominated_or_published)
    def present_at_meeting(self, cmd: PresentAtMeeting, ctx: StepContext) -> list[Aggregate]:
        """The meeting records the presentation too: both are saved together."""
        meeting = ctx.directory.meeting(cmd.meeting_id)
        rules.require_business_date(meeting.held_on, self.opened_on, ctx.today)
        self._record(
            self.PresentedAtMeeting, ctx, meeting_id=meeting.id, occurred_on=meeting.held_on
        )
        meeting.record_presentation(self.id, ctx.meta)
        return [meeting]

    def correct_step(self, cmd: c.CorrectStep, ctx: StepContext) -> None:
        cmd.require_storable()
        self._check_inputs(cmd, ctx.today)
        step = self.steps.get(cmd.corrected_version)
        if step is None:
            raise errors.CorrectionTargetMissingError(version=cmd.corrected_version)
        if not cmd.reason.strip():
            raise errors.CorrectionNeedsReasonError()
        if not cmd.changes:
            raise errors.CorrectionNeedsChangesError()
        allowed = correctable_fields(step)
        for name in cmd.changes:
            if name not in allowed:
                raise errors.CorrectionFieldUnknownError(step=STEP_LABELS[step], field=name)
        command = STEP_CLASSES[step].COMMAND
        changes = {
            name: corrected_value(command, name, value) for name, value in cmd.changes.items()
        }
        new_date = changes.get("occurred_on")
        if new_date is not None:
            if step != "ConsultationReceived":
                rules.require_business_date(new_date, self.opened_on, ctx.today)
            rules.require_not_future(new_date, ctx.today)
            if step == "ConsultationReceived":
                self._check_new_opening_date(new_date)
        self._record(
            self.StepCorrected,
            ctx,
            corrected_version=cmd.corrected_version,
            corrected_step=step,
            changes=changes,
            reason=cmd.reason.strip(),
            occurred_on=cmd.on(ctx.today),
        )

    def _check_new_opening_date(self, new_date: date) -> None:
        """A consultation cannot be moved after a step that followed it."""
        later = [on for version, on in self.step_dates.items() if version != 1]
        if later and new_date > min(later):
            raise errors.ConsultationAfterStepsError(
                occurred_on=new_date.isoformat(), first=min(later).isoformat()
            )

    def add_note(self, cmd: c.AddNote, ctx: StepContext) -> None:
        self._check_inputs(cmd, ctx.today)
        self._record(self.NoteAdded, ctx, text=cmd.checked()["text"], occurred_on=cmd.on(ctx.today))


CaseEvent = Case.Event | Case.ConsultationReceived
"""Any step of a case: the opening event is a "created" event, the others `Case.Event`s."""

STEP_CLASSES: dict[str, type[Case.Event] | type[Case.ConsultationReceived]] = {
    name: value
    for name, value in vars(Case).items()
    if isinstance(value, type)
    and issubclass(value, (Case.Event, Case.ConsultationReceived))
    and hasattr(value, "COMMAND")
}

STEP_LABELS: dict[str, str] = {name: cls.COMMAND.label for name, cls in STEP_CLASSES.items()}
"""The facilitators' names of the steps (GLOSSARY.md), from the commands that record them."""


def step_label(event: object) -> str:
    """The Japanese name of the step an event records (of any aggregate whose events name
    their command), else the event's class name."""
    command = getattr(type(event), "COMMAND", None)
    return str(command.label) if command is not None else type(event).__name__


def correctable_fields(step: str) -> frozenset[str]:
    """The fields of a step that a correction may name: what the step's command says (a
    meeting's date is the meeting's), not what it refers to, not the envelope or the
    metadata; a correction has none."""
    cls = STEP_CLASSES[step]
    if cls is Case.StepCorrected:
        return frozenset()
    given = {f.name for f in dataclasses.fields(cls.COMMAND)}
    named = (f.name for f in dataclasses.fields(cls))
    return frozenset(n for n in named if n in given and n not in _ENVELOPE | _REFERENCES)
