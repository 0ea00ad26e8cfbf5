"""How each command is carried out. Most take one generic path (`update`): authorise, check
the parties it names, take its aggregate (the copy kept after its last save, else loaded),
let the aggregate's rule decide, save. The four
that create an aggregate have a path each. Which path, and who may take it, is derived from
the command's declaration and its group (case, party, meeting, KPI target)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from application.permissions import (
    OWNED,
    Access,
    allows,
    authorise,
    authorise_case_write,
    authorise_owned,
    write_access,
)
from application.snapshots import AggregateSnapshot
from domain import errors
from domain.case import Case
from domain.commands import (
    CloseFiscalYear,
    Command,
    HoldMeeting,
    ReceiveConsultation,
    RegisterParty,
    SetKpiTarget,
)
from domain.commands.indicator import INDICATOR_COMMANDS, DefineIndicator, IndicatorCommand
from domain.commands.party import (
    ChangeContactDetails,
    ErasePartyPersonalData,
    PartyCommand,
    SealContactDetails,
)
from domain.commands.plan import LinkCaseToPlanItem, RegisterPlan
from domain.commands.pro_bono import MATCH_COMMANDS, ProBonoMatchCommand, ProposeProBonoMatch
from domain.context import StepContext
from domain.fiscal import fiscal_year
from domain.indicators import (
    IndicatorAlreadyDefinedError,
    IndicatorNotFoundError,
    PlanIndicator,
    indicator_id,
)
from domain.kpi_targets import KpiTargets, kpi_targets_id
from domain.meeting import Meeting
from domain.numbering import CaseNumbering, numbering_id
from domain.party import Party, PersonalDataErasedError
from domain.plan_errors import PlanAlreadyRegisteredError, PlanNotFoundError
from domain.plans import Plan
from domain.pro_bono_vocabulary import skill_code
from domain.rules import centre_code, municipality_code
from domain.values import CommandContext, PartyRef

if TYPE_CHECKING:
    from application.ledger import CommandResult, Ledger

Handler = Callable[["Ledger", CommandContext, Any], "CommandResult"]
S = TypeVar("S", bound=Aggregate)


class LedgerDirectory:
    """The domain's `Directory` port over the ledger's repository."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    def party_ref(self, party_id: UUID) -> PartyRef:
        return PartyRef(party_id=party_id, kind=self.ledger.get_party(party_id).kind)

    def publication_consent(self, party_id: UUID) -> bool:
        return self.ledger.get_party(party_id).publication_consent

    def meeting(self, meeting_id: UUID) -> Meeting:
        return self.ledger.get_meeting(meeting_id)


def step_context(ledger: Ledger, ctx: CommandContext) -> StepContext:
    return StepContext(
        today=ctx.today,
        meta=ctx.meta,
        directory=LedgerDirectory(ledger),
        may_approve=allows(ctx.actor, Access.APPROVE_PUBLICATION),
    )


def _result(
    ledger: Ledger, subject: Aggregate, *others: Aggregate, keep: bool = True
) -> CommandResult:
    """Save, and keep what was saved as the working copies of the next commands (`keep`
    False: the caller still reads them, and keeps them after: a kept copy is another
    command's to change)."""
    from application.ledger import CommandResult

    position = ledger.save_all(subject, *others)
    if keep:
        ledger.working_copies.keep(subject, *others)
    return CommandResult(subject.id, subject.version, position, getattr(subject, "number", None))


def decided(
    ledger: Ledger,
    aggregate_id: UUID,
    kind: type[S],
    load: Callable[[UUID], Aggregate | None],
    decide: Callable[[S | None], CommandResult],
) -> CommandResult:
    """`decide` on the copy of the aggregate that this ledger kept after saving it last
    (`Ledger.working_copies`), else on what `load` gives (None: nothing stored). A decision
    on a copy that is refused, by a rule or at its save, is taken again on what `load`
    gives: a copy is stale when another process saved a step since, and a stale state may
    refuse what the stored one allows; its save is refused by the event's version."""
    kept = ledger.working_copies.take(aggregate_id)
    if isinstance(kept, kind):
        try:
            return decide(kept)
        except (errors.DomainError, IntegrityError):
            pass  # perhaps decided on a stale copy: decide again on what is stored
    found = load(aggregate_id)
    return decide(found if isinstance(found, kind) else None)


def _check_registered_parties(ledger: Ledger, ctx: CommandContext, command: Command) -> None:
    """The parties a step names as registered exist, and had not left the register by the
    step's day (a step dated before the group left may still name it)."""
    on = getattr(command, "occurred_on", None) or ctx.today
    for party_id in command.referenced_ids("party!"):
        party = ledger.get_party(party_id)
        if party.deregistered_on is not None and party.deregistered_on <= on:
            raise errors.PartyDeregisteredError(
                party=party.name, deregistered_on=party.deregistered_on.isoformat()
            )


def _loader(ledger: Ledger, command: Command) -> Callable[[UUID], Aggregate]:
    loaders: dict[type[Aggregate], Callable[[UUID], Aggregate]] = {
        Case: ledger.get_case,
        Party: ledger.get_party,
        Meeting: ledger.get_meeting,
        Plan: lambda found: get_plan(ledger, found),
    }
    return loaders[_SUBJECTS[command.acts_on or ""]]


_SUBJECTS: dict[str, type[Aggregate]] = {
    "case_id": Case,
    "party_id": Party,
    "meeting_id": Meeting,
    "plan_id": Plan,
}


def update(ledger: Ledger, ctx: CommandContext, command: Command) -> CommandResult:
    """Take the aggregate the command names (its working copy, else loaded: `decided`),
    let its rule decide, save (retried)."""
    access = write_access(type(command))
    if access not in OWNED:
        authorise(ctx.actor, access)
    _check_registered_parties(ledger, ctx, command)
    load = _loader(ledger, command)
    step = step_context(ledger, ctx)
    subject_id = command.subject_id
    assert subject_id is not None

    def decide(subject: Aggregate | None) -> CommandResult:
        assert subject is not None  # `load` raises when it finds nothing
        if access in OWNED:
            authorise_owned(ctx.actor, access, cast("Case | Party", subject).centre)
        rule = getattr(subject, command.verb())
        try:
            others = rule(command, step) or ()
        except errors.RuleViolation as refusal:
            raise refusal.naming(ledger.party_name) from None
        return _result(ledger, subject, *others)

    kind = _SUBJECTS[command.acts_on or ""]
    return ledger.retrying(lambda: decided(ledger, subject_id, kind, load, decide))


def receive_consultation(
    ledger: Ledger, ctx: CommandContext, command: ReceiveConsultation
) -> CommandResult:
    """Open a case: the case and its centre's numbering are saved together."""
    centre = centre_code(command.centre)
    authorise_case_write(ctx.actor, centre)
    _check_registered_parties(ledger, ctx, command)
    if command.replicates is not None and not ledger.get_case(command.replicates).published:
        raise errors.ReplicatedCaseNotPublishedError()
    year = fiscal_year(command.occurred_on)
    step = step_context(ledger, ctx)

    def decide(found: CaseNumbering | None) -> CommandResult:
        numbering = found or CaseNumbering.start(centre, year)
        case_id = uuid4()
        case = Case.receive_consultation(
            command, step, case_id=case_id, number=numbering.issue(case_id)
        )
        result = _result(ledger, case, numbering, keep=False)
        snapshot_numbering(ledger, numbering)
        ledger.working_copies.keep(case, numbering)
        return result

    numbering = numbering_id(centre, year)
    return ledger.retrying(
        lambda: decided(ledger, numbering, CaseNumbering, ledger.get_or_none, decide)
    )


NUMBERING_SNAPSHOT_INTERVAL = 50
"""A centre's numbering is snapshotted every this many cases: opening a case loads one
snapshot and fewer than this many events, not the centre's whole fiscal year."""


def snapshot_numbering(ledger: Ledger, numbering: CaseNumbering) -> None:
    """Store the numbering as just saved (no reload) when its version is a multiple of the
    interval. Snapshots are derived data: a missing one only costs time."""
    if ledger.snapshots is not None and numbering.version % NUMBERING_SNAPSHOT_INTERVAL == 0:
        ledger.snapshots.put([AggregateSnapshot.take(numbering)])


def register_party(ledger: Ledger, ctx: CommandContext, command: RegisterParty) -> CommandResult:
    """The party belongs to the registering facilitator's centre (ADR roles and accounts)."""
    authorise_owned(ctx.actor, Access.WRITE_PARTIES, ctx.actor.centre)
    step = step_context(ledger, ctx)
    party = Party.register_party(command, step, ledger.sealer.seal, centre=ctx.actor.centre)
    return _result(ledger, party)


def seal_contact(ledger: Ledger, ctx: CommandContext, command: PartyCommand) -> CommandResult:
    """A step that brings contact details: the rule is handed the seal of the party's key."""
    access = write_access(type(command))
    if access not in OWNED:
        authorise(ctx.actor, access)
    step = step_context(ledger, ctx)

    def decide(party: Party | None) -> CommandResult:
        assert party is not None  # `get_party` raises when it finds nothing
        if access in OWNED:
            authorise_owned(ctx.actor, access, party.centre)
        getattr(party, command.verb())(command, step, ledger.sealer.seal)
        return _result(ledger, party)

    return ledger.retrying(
        lambda: decided(ledger, command.party_id, Party, ledger.get_party, decide)
    )


def erase_party_personal_data(
    ledger: Ledger, ctx: CommandContext, command: ErasePartyPersonalData
) -> CommandResult:
    """Record the erasure, then destroy the key. A key left by a crash in between is
    destroyed when the erasure is asked again (and refused as already done)."""
    try:
        result = update(ledger, ctx, command)
    except PersonalDataErasedError:
        ledger.keys.destroy(command.party_id)
        raise
    ledger.keys.destroy(command.party_id)
    return result


def hold_meeting(ledger: Ledger, ctx: CommandContext, command: HoldMeeting) -> CommandResult:
    authorise(ctx.actor, Access.WRITE_MEETINGS)
    return _result(ledger, Meeting.hold_meeting(command, step_context(ledger, ctx)))


def kpi_year(
    ledger: Ledger, ctx: CommandContext, command: SetKpiTarget | CloseFiscalYear
) -> CommandResult:
    """The targets and the closing of one fiscal year and municipality share an aggregate
    with a known id: its first step opens it."""
    authorise(ctx.actor, write_access(type(command)))
    code = municipality_code(command.municipality) if command.municipality else None
    step = step_context(ledger, ctx)

    def decide(found: KpiTargets | None) -> CommandResult:
        targets = found or KpiTargets.start(command, step)
        getattr(targets, command.verb())(command, step)
        return _result(ledger, targets)

    year = kpi_targets_id(command.fiscal_year, code)
    return ledger.retrying(lambda: decided(ledger, year, KpiTargets, ledger.get_or_none, decide))


def pro_bono_match(ledger: Ledger, ctx: CommandContext, command: Command) -> CommandResult:
    """A match is written by the concierge of the case it serves (the case's centre decides
    who may) on the worker's party; a proposal needs the case's declared need."""
    assert isinstance(command, ProBonoMatchCommand)
    step = step_context(ledger, ctx)

    def decide(party: Party | None) -> CommandResult:
        assert party is not None  # `get_party` raises when it finds nothing
        try:
            getattr(party, command.verb())(command, step)
        except errors.RuleViolation as refusal:
            raise refusal.naming(ledger.party_name) from None
        return _result(ledger, party)

    def attempt() -> CommandResult:
        case = ledger.get_case(command.case_id)  # read only: the stored case
        authorise_case_write(ctx.actor, case.centre)
        if isinstance(command, ProposeProBonoMatch):
            case.require_pro_bono_need(skill_code(command.skill))
        return decided(ledger, command.party_id, Party, ledger.get_party, decide)

    return ledger.retrying(attempt)


def plan_indicator(ledger: Ledger, ctx: CommandContext, command: Command) -> CommandResult:
    """An indicator is named by its plan and code: its definition opens it, once; every
    other step needs it defined."""
    authorise(ctx.actor, write_access(type(command)))
    assert isinstance(command, IndicatorCommand)
    found_id = indicator_id(command.plan, command.code)
    step = step_context(ledger, ctx)

    def decide(found: PlanIndicator | None) -> CommandResult:
        if isinstance(command, DefineIndicator):
            if found is not None:
                raise IndicatorAlreadyDefinedError(plan=command.plan, code=command.code)
            return _result(ledger, PlanIndicator.define_indicator(command, step))
        if found is None:
            raise IndicatorNotFoundError(plan=command.plan, code=command.code)
        getattr(found, command.verb())(command, step)
        return _result(ledger, found)

    return ledger.retrying(
        lambda: decided(ledger, found_id, PlanIndicator, ledger.get_or_none, decide)
    )


def get_plan(ledger: Ledger, plan: UUID) -> Plan:
    found = ledger.get_or_none(plan)
    if not isinstance(found, Plan):
        raise PlanNotFoundError(plan=str(plan))
    return found


def register_plan(ledger: Ledger, ctx: CommandContext, command: RegisterPlan) -> CommandResult:
    """A plan's id comes from its name: registering a name twice is refused."""
    authorise(ctx.actor, write_access(RegisterPlan))
    step = step_context(ledger, ctx)

    def attempt() -> CommandResult:
        plan = Plan.register_plan(command, step)
        if ledger.get_or_none(plan.id) is not None:
            raise PlanAlreadyRegisteredError(plan=plan.name)
        return _result(ledger, plan)

    return ledger.retrying(attempt)


def link_case_to_plan_item(
    ledger: Ledger, ctx: CommandContext, command: LinkCaseToPlanItem
) -> CommandResult:
    """Facilitators link the cases of their own centre; chief facilitators any case."""
    authorise_case_write(ctx.actor, ledger.get_case(command.case_id).centre)
    return update(ledger, ctx, command)


_CREATIONS: dict[type[Command], Handler] = {
    ReceiveConsultation: receive_consultation,
    RegisterParty: register_party,
    ChangeContactDetails: seal_contact,
    SealContactDetails: seal_contact,
    ErasePartyPersonalData: erase_party_personal_data,
    HoldMeeting: hold_meeting,
    RegisterPlan: register_plan,
    LinkCaseToPlanItem: link_case_to_plan_item,
    SetKpiTarget: kpi_year,
    CloseFiscalYear: kpi_year,
    **dict.fromkeys(INDICATOR_COMMANDS, plan_indicator),
    **dict.fromkeys(MATCH_COMMANDS, pro_bono_match),
}


def handler_for(command: type[Command]) -> Handler:
    return _CREATIONS.get(command, update)
