"""Loads the demo data through the Ledger's commands, in a fixed order (so case numbers
such as 山口-2024-001 come out the same on every load)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import singledispatchmethod
from uuid import UUID

from api.container import today_in_tokyo
from api.demo.spec import (
    Activity,
    Agree,
    CaseSpec,
    Close,
    Correct,
    Hearing,
    Join,
    MeetingSpec,
    Nominate,
    Note,
    PartySpec,
    Propose,
    Publish,
    Reopen,
    Review,
    Roundtable,
    Step,
    Withdraw,
)
from domain.ledger import Ledger
from domain.values import (
    Actor,
    CommandContext,
    ContactDetails,
    FollowUp,
    RoleAssignment,
    SuccessStory,
)
from domain.vocabulary import CENTRES, MUNICIPALITY_BY_KEY, ActorRole, PartyRole, Source

ContextFactory = Callable[[Actor, str], CommandContext]

CHIEF = Actor("chief-pref-01", ActorRole.CHIEF_FACILITATOR, "pref")
MEETING = Actor("meeting-pref-01", ActorRole.MEETING, None)


def facilitator(centre: str) -> Actor:
    return Actor(f"fac-{centre}-01", ActorRole.FACILITATOR, centre)


def default_context(actor: Actor, correlation_id: str) -> CommandContext:
    return CommandContext(actor, today_in_tokyo(), correlation_id, Source.IMPORT)


@dataclass
class DemoSummary:
    """What a load recorded, with the ids it created by demo key."""

    parties: int = 0
    cases: int = 0
    meetings: int = 0
    published: int = 0
    party_ids: dict[str, UUID] = field(default_factory=dict)
    case_ids: dict[str, UUID] = field(default_factory=dict)
    numbers: dict[str, str] = field(default_factory=dict)
    meeting_ids: dict[str, UUID] = field(default_factory=dict)


def _d(text: str) -> date:
    return date.fromisoformat(text)


def _home_centre(municipality: str) -> str:
    code = MUNICIPALITY_BY_KEY[municipality].code
    return next((c.code for c in CENTRES if c.municipality == code), "pref")


class DemoLoader:
    def __init__(self, ledger: Ledger, context: ContextFactory) -> None:
        self.ledger = ledger
        self.context = context
        self.summary = DemoSummary()

    def party(self, spec: PartySpec) -> None:
        ctx = self.context(facilitator(_home_centre(spec.municipality)), f"demo-{spec.key}")
        result = self.ledger.register_party(
            ctx,
            kind=spec.kind,
            name=spec.name,
            municipality=spec.municipality,
            fields=spec.fields,
            contact=ContactDetails(person_name=spec.person, email=spec.email),
            publication_consent=spec.consent,
            occurred_on=_d(spec.registered),
        )
        self.summary.party_ids[spec.key] = result.aggregate_id
        self.summary.parties += 1

    def case(self, spec: CaseSpec) -> None:
        ctx = self.context(facilitator(spec.centre), f"demo-{spec.key}-01")
        replicates = self.summary.case_ids[spec.replicates] if spec.replicates else None
        opened = self.ledger.receive_consultation(
            ctx,
            title=spec.title,
            issue_statement=spec.issue,
            municipality=spec.municipality,
            fields=spec.fields,
            sdgs=spec.sdgs,
            centre=spec.centre,
            initiating_party_id=self.summary.party_ids[spec.initiator],
            occurred_on=_d(spec.opened),
            replicates=replicates,
        )
        assert opened.number is not None
        self.summary.case_ids[spec.key] = opened.aggregate_id
        self.summary.numbers[spec.key] = opened.number
        self.summary.cases += 1
        run = _CaseRun(self, spec, opened.aggregate_id)
        for index, step in enumerate(spec.steps, start=2):
            run.apply(step, f"demo-{spec.key}-{index:02d}")

    def meeting(self, spec: MeetingSpec) -> None:
        ctx = self.context(MEETING, f"demo-{spec.key}")
        held = self.ledger.hold_meeting(
            ctx,
            title=spec.title,
            host_centre=spec.host,
            attending_centres=spec.attending,
            occurred_on=_d(spec.held_on),
        )
        meeting_id = held.aggregate_id
        for key in spec.presented:
            self.ledger.present_at_meeting(ctx, meeting_id, self.summary.case_ids[key])
        for follow in spec.follow_ups:
            self.ledger.agree_follow_up(
                ctx,
                meeting_id,
                FollowUp(
                    case_id=self.summary.case_ids[follow.case],
                    municipality=follow.municipality,
                    owner_centre=follow.owner_centre,
                    action=follow.action,
                ),
            )
        self.summary.meeting_ids[spec.key] = meeting_id
        self.summary.meetings += 1


class _CaseRun:
    """The steps of one case, each one command, with the roles its parties joined with."""

    def __init__(self, loader: DemoLoader, spec: CaseSpec, case_id: UUID) -> None:
        self.loader = loader
        self.ledger = loader.ledger
        self.ids = loader.summary.party_ids
        self.spec = spec
        self.case_id = case_id
        self.roles: dict[str, PartyRole] = {}
        self.ctx: CommandContext  # set by `apply`, per step

    def apply(self, step: Step, correlation_id: str) -> None:
        actor = CHIEF if isinstance(step, Publish) else facilitator(self.spec.centre)
        self.ctx = self.loader.context(actor, correlation_id)
        self._apply(step)

    @singledispatchmethod
    def _apply(self, step: Step) -> None:
        raise TypeError(f"unknown demo step: {step!r}")

    @_apply.register
    def _(self, step: Hearing) -> None:
        party = self.ids[step.party] if step.party else None
        self.ledger.hold_hearing(
            self.ctx, self.case_id, summary=step.summary, occurred_on=_d(step.on), party_id=party
        )

    @_apply.register
    def _(self, step: Propose) -> None:
        self.ledger.propose_partners(
            self.ctx,
            self.case_id,
            party_ids=[self.ids[p] for p in step.parties],
            rationale=step.rationale,
            occurred_on=_d(step.on),
        )

    @_apply.register
    def _(self, step: Join) -> None:
        self.ledger.join_party(
            self.ctx,
            self.case_id,
            party_id=self.ids[step.party],
            role=step.role,
            contribution=step.contribution,
            occurred_on=_d(step.on),
        )
        self.roles[step.party] = step.role

    @_apply.register
    def _(self, step: Withdraw) -> None:
        self.ledger.withdraw_party(
            self.ctx,
            self.case_id,
            party_id=self.ids[step.party],
            reason=step.reason,
            occurred_on=_d(step.on),
        )
        del self.roles[step.party]

    @_apply.register
    def _(self, step: Roundtable) -> None:
        self.ledger.hold_roundtable(
            self.ctx,
            self.case_id,
            agenda=step.agenda,
            occurred_on=_d(step.on),
            attendee_party_ids=[self.ids[p] for p in step.attendees],
            attendee_count=step.count,
            decisions=step.decisions,
            next_actions=step.next_actions,
        )

    @_apply.register
    def _(self, step: Agree) -> None:
        roles = [
            RoleAssignment(self.ids[key], role, step.duties.get(key, ""))
            for key, role in self.roles.items()
        ]
        self.ledger.reach_agreement(
            self.ctx,
            self.case_id,
            roles=roles,
            period_start=_d(step.start),
            period_end=_d(step.end) if step.end else None,
            form=step.form,
            resources=step.resources,
            occurred_on=_d(step.on),
        )

    @_apply.register
    def _(self, step: Activity) -> None:
        self.ledger.carry_out_activity(
            self.ctx,
            self.case_id,
            title=step.title,
            participants=step.participants,
            volunteers=step.volunteers,
            outputs=step.outputs,
            occurred_on=_d(step.on),
        )

    @_apply.register
    def _(self, step: Review) -> None:
        self.ledger.conduct_review(
            self.ctx,
            self.case_id,
            kind=step.kind,
            summary=step.summary,
            outcomes=step.outcomes,
            lessons=step.lessons,
            occurred_on=_d(step.on),
        )

    @_apply.register
    def _(self, step: Close) -> None:
        self.ledger.close_case(
            self.ctx, self.case_id, result=step.result, reason=step.reason, occurred_on=_d(step.on)
        )

    @_apply.register
    def _(self, step: Reopen) -> None:
        self.ledger.reopen_case(self.ctx, self.case_id, reason=step.reason, occurred_on=_d(step.on))

    @_apply.register
    def _(self, step: Nominate) -> None:
        self.ledger.nominate_success_case(
            self.ctx, self.case_id, reason=step.reason, occurred_on=_d(step.on)
        )

    @_apply.register
    def _(self, step: Publish) -> None:
        story = SuccessStory(
            title=step.title,
            summary=step.summary,
            how_started=step.how_started,
            outcomes=step.outcomes,
            lessons=step.lessons,
            party_ids=tuple(self.ids[p] for p in step.parties),
        )
        self.ledger.publish_success_case(
            self.ctx, self.case_id, story=story, occurred_on=_d(step.on)
        )
        self.loader.summary.published += 1

    @_apply.register
    def _(self, step: Note) -> None:
        self.ledger.add_note(self.ctx, self.case_id, text=step.text, occurred_on=_d(step.on))

    @_apply.register
    def _(self, step: Correct) -> None:
        changes = {k: _d(v) if k == "occurred_on" else v for k, v in step.changes.items()}
        self.ledger.correct_step(
            self.ctx,
            self.case_id,
            corrected_version=step.version,
            changes=changes,
            reason=step.reason,
            occurred_on=_d(step.on),
        )
