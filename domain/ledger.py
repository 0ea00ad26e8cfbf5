"""The Ledger application: one method per command (load, decide, save), with retries.

Every command takes a `CommandContext` (actor, today's date, correlation id, source) and
returns the new version and the notification position, so that readers can wait for it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar, cast
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError, Application, ProcessingEvent
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Recording, Transcoder

from domain import errors
from domain.case import Case, CaseEvent
from domain.fiscal import fiscal_year
from domain.kpi_targets import KpiTargets, kpi_targets_id
from domain.meeting import Meeting
from domain.numbering import CaseNumbering, numbering_id, parse_number
from domain.party import Party
from domain.permissions import (
    authorise_case_write,
    authorise_meeting_write,
    authorise_party_write,
    authorise_target_write,
)
from domain.rules import centre_code, municipality_code
from domain.transcoding import FaithfulJSONTranscoder
from domain.values import (
    Actor,
    CommandContext,
    ContactDetails,
    EventMeta,
    FollowUp,
    Outcome,
    PartyRef,
    RoleAssignment,
    SuccessStory,
)
from domain.vocabulary import (
    ActorRole,
    CaseState,
    ClosureResult,
    CollaborationForm,
    PartyKind,
    PartyRole,
    ReviewKind,
    Source,
)

A = TypeVar("A", bound=Aggregate)

VALUE_TYPES: tuple[type[Any], ...] = (
    Actor,
    EventMeta,
    PartyRef,
    RoleAssignment,
    Outcome,
    SuccessStory,
    ContactDetails,
    FollowUp,
    ActorRole,
    CaseState,
    ClosureResult,
    CollaborationForm,
    PartyKind,
    PartyRole,
    ReviewKind,
    Source,
)

MAX_ATTEMPTS = 8


@dataclass(frozen=True)
class CommandResult:
    """What a successful command returns: the aggregate, its new version, the log position."""

    aggregate_id: UUID
    version: int
    position: int | None
    number: str | None = None


@dataclass(frozen=True)
class IndexEntry:
    """Derived from each new event and written in the same transaction as the event."""

    originator_id: UUID
    originator_version: int
    topic: str
    recorded_at: datetime
    occurred_on: date | None


class Ledger(Application[UUID]):
    """The case ledger. Its `name` sets the tables and the settings prefix (`LEDGER_…`)."""

    name = "Ledger"

    @classmethod
    def for_tenant(cls, name: str) -> type[Ledger]:
        """A ledger class of its own for a tenant (a prefecture): own tables, own lock."""
        if not name.isidentifier():
            raise ValueError(f"invalid ledger name: {name!r}")
        return cast("type[Ledger]", type(f"Ledger_{name}", (cls,), {"name": name}))

    # --- persistence shape ---------------------------------------------------------------

    def construct_transcoder(self) -> Transcoder:
        transcoder = FaithfulJSONTranscoder()
        self.register_transcodings(transcoder)
        return transcoder

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        if isinstance(transcoder, FaithfulJSONTranscoder):
            transcoder.register_value_types(VALUE_TYPES)

    def _record(self, processing_event: ProcessingEvent[UUID]) -> list[Recording[UUID]]:
        processing_event.saved_kwargs["index_entries"] = [
            IndexEntry(
                originator_id=e.originator_id,
                originator_version=e.originator_version,
                topic=type(e).TOPIC,  # type: ignore[attr-defined]
                recorded_at=e.timestamp,  # type: ignore[attr-defined]
                occurred_on=getattr(e, "occurred_on", None),
            )
            for e in processing_event.events
        ]
        return super()._record(processing_event)

    def _save(self, *aggregates: Aggregate) -> int | None:
        recordings = self.save(*aggregates)
        return max((r.notification.id for r in recordings), default=None)

    def _retrying(self, attempt: Callable[[], CommandResult]) -> CommandResult:
        for _ in range(MAX_ATTEMPTS):
            try:
                return attempt()
            except IntegrityError:
                continue
        raise errors.ConcurrencyConflictError()

    # --- loading -------------------------------------------------------------------------

    def _load(self, cls: type[A], aggregate_id: UUID, missing: errors.NotFoundError) -> A:
        try:
            aggregate: Aggregate = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            raise missing from None
        if not isinstance(aggregate, cls):
            raise missing
        return aggregate

    def get_case(self, case_id: UUID, version: int | None = None) -> Case:
        missing = errors.CaseNotFoundError(case=str(case_id))
        if version is None:
            return self._load(Case, case_id, missing)
        try:
            case: Aggregate = self.repository.get(case_id, version=version)
        except AggregateNotFoundError:
            raise missing from None
        if not isinstance(case, Case):
            raise missing
        return case

    def get_party(self, party_id: UUID) -> Party:
        return self._load(Party, party_id, errors.PartyNotFoundError(party=str(party_id)))

    def get_meeting(self, meeting_id: UUID) -> Meeting:
        return self._load(Meeting, meeting_id, errors.MeetingNotFoundError(meeting=str(meeting_id)))

    def case_history(self, case_id: UUID) -> list[CaseEvent]:
        """Every stored event of a case, oldest first (the auditor's replay)."""
        events = list(self.repository.event_store.get(case_id))
        if not events or not isinstance(events[0], Case.ConsultationReceived):
            raise errors.CaseNotFoundError(case=str(case_id))
        return cast("list[CaseEvent]", events)

    def find_case(self, key: str) -> UUID:
        """A case's id from its UUID or its number (`山口-2024-012`)."""
        try:
            case_id = UUID(key.strip())
        except ValueError:
            parsed = parse_number(key)
            if parsed is None:
                raise errors.CaseNotFoundError(case=key) from None
            centre, year, serial = parsed
            try:
                numbering: Aggregate = self.repository.get(numbering_id(centre, year))
            except AggregateNotFoundError:
                raise errors.CaseNotFoundError(case=key) from None
            found = cast("CaseNumbering", numbering).issued.get(serial)
            if found is None:
                raise errors.CaseNotFoundError(case=key) from None
            return found
        self.get_case(case_id)
        return case_id

    # --- parties -------------------------------------------------------------------------

    def register_party(
        self,
        ctx: CommandContext,
        *,
        kind: PartyKind,
        name: str,
        municipality: str,
        fields: Iterable[str] = (),
        contact: ContactDetails | None = None,
        publication_consent: bool = False,
        occurred_on: date | None = None,
    ) -> CommandResult:
        authorise_party_write(ctx.actor)
        party = Party.register(
            kind=kind,
            name=name,
            municipality=municipality,
            fields=tuple(fields),
            contact=contact or ContactDetails(),
            publication_consent=publication_consent,
            occurred_on=occurred_on or ctx.today,
            today=ctx.today,
            meta=ctx.meta,
        )
        return CommandResult(party.id, party.version, self._save(party))

    def change_publication_consent(
        self, ctx: CommandContext, party_id: UUID, consent: bool, occurred_on: date | None = None
    ) -> CommandResult:
        authorise_party_write(ctx.actor)

        def attempt() -> CommandResult:
            party = self.get_party(party_id)
            party.change_publication_consent(consent, occurred_on or ctx.today, ctx.today, ctx.meta)
            return CommandResult(party.id, party.version, self._save(party))

        return self._retrying(attempt)

    def change_contact_details(
        self,
        ctx: CommandContext,
        party_id: UUID,
        contact: ContactDetails,
        occurred_on: date | None = None,
    ) -> CommandResult:
        authorise_party_write(ctx.actor)

        def attempt() -> CommandResult:
            party = self.get_party(party_id)
            party.change_contact_details(contact, occurred_on or ctx.today, ctx.today, ctx.meta)
            return CommandResult(party.id, party.version, self._save(party))

        return self._retrying(attempt)

    def _party_name(self, party_id: str) -> str | None:
        try:
            return self.get_party(UUID(party_id)).name
        except errors.PartyNotFoundError:
            return None

    def _party_ref(self, party_id: UUID) -> PartyRef:
        return PartyRef(party_id=party_id, kind=self.get_party(party_id).kind)

    # --- opening a case ------------------------------------------------------------------

    def receive_consultation(
        self,
        ctx: CommandContext,
        *,
        title: str,
        issue_statement: str,
        municipality: str,
        fields: Iterable[str],
        sdgs: Iterable[int],
        centre: str,
        initiating_party_id: UUID,
        occurred_on: date,
        facilitator_id: str | None = None,
        replicates: UUID | None = None,
    ) -> CommandResult:
        """Open a case: the case and its centre's numbering are saved together."""
        centre = centre_code(centre)
        authorise_case_write(ctx.actor, centre)
        initiating = self._party_ref(initiating_party_id)
        if replicates is not None and not self.get_case(replicates).published:
            raise errors.ReplicatedCaseNotPublishedError()
        year = fiscal_year(occurred_on)
        field_list, sdg_list = tuple(fields), tuple(sdgs)

        def attempt() -> CommandResult:
            numbering = self._numbering(centre, year)
            case_id = uuid4()
            case = Case.open(
                case_id=case_id,
                number=numbering.issue(case_id),
                title=title,
                issue_statement=issue_statement,
                municipality=municipality,
                fields=field_list,
                sdgs=sdg_list,
                centre=centre,
                facilitator_id=facilitator_id or ctx.actor.user_id,
                initiating_party=initiating,
                replicates=replicates,
                occurred_on=occurred_on,
                today=ctx.today,
                meta=ctx.meta,
            )
            return CommandResult(case.id, case.version, self._save(case, numbering), case.number)

        return self._retrying(attempt)

    def _numbering(self, centre: str, year: int) -> CaseNumbering:
        try:
            return cast("CaseNumbering", self.repository.get(numbering_id(centre, year)))
        except AggregateNotFoundError:
            return CaseNumbering(centre=centre, fiscal_year=year)

    # --- steps of a case -------------------------------------------------------------------

    def _update_case(
        self,
        ctx: CommandContext,
        case_id: UUID,
        change: Callable[[Case], Iterable[Aggregate] | None],
        *,
        may_write: Callable[[Actor, Case], None] | None = None,
    ) -> CommandResult:
        def attempt() -> CommandResult:
            case = self.get_case(case_id)
            (may_write or _case_writer)(ctx.actor, case)
            try:
                others = tuple(change(case) or ())
            except errors.RuleViolation as refusal:
                raise refusal.naming(self._party_name) from None
            return CommandResult(case.id, case.version, self._save(case, *others), case.number)

        return self._retrying(attempt)

    def assign_facilitator(
        self, ctx: CommandContext, case_id: UUID, facilitator_id: str, occurred_on: date
    ) -> CommandResult:
        return self._update_case(
            ctx,
            case_id,
            lambda c: c.assign_facilitator(facilitator_id, occurred_on, ctx.today, ctx.meta),
        )

    def hold_hearing(
        self,
        ctx: CommandContext,
        case_id: UUID,
        *,
        summary: str,
        occurred_on: date,
        party_id: UUID | None = None,
    ) -> CommandResult:
        if party_id is not None:
            self.get_party(party_id)
        return self._update_case(
            ctx,
            case_id,
            lambda c: c.hold_hearing(party_id, summary, occurred_on, ctx.today, ctx.meta),
        )

    def propose_partners(
        self,
        ctx: CommandContext,
        case_id: UUID,
        *,
        party_ids: Iterable[UUID],
        rationale: str,
        occurred_on: date,
    ) -> CommandResult:
        ids = tuple(party_ids)
        for party_id in ids:
            self.get_party(party_id)
        return self._update_case(
            ctx,
            case_id,
            lambda c: c.propose_partners(ids, rationale, occurred_on, ctx.today, ctx.meta),
        )

    def join_party(
        self,
        ctx: CommandContext,
        case_id: UUID,
        *,
        party_id: UUID,
        role: PartyRole,
        contribution: str,
        occurred_on: date,
    ) -> CommandResult:
        ref = self._party_ref(party_id)
        return self._update_case(
            ctx,
            case_id,
            lambda c: c.join_party(ref, role, contribution, occurred_on, ctx.today, ctx.meta),
        )

    def withdraw_party(
        self, ctx: CommandContext, case_id: UUID, *, party_id: UUID, reason: str, occurred_on: date
    ) -> CommandResult:
        return self._update_case(
            ctx,
            case_id,
            lambda c: c.withdraw_party(party_id, reason, occurred_on, ctx.today, ctx.meta),
        )

    def hold_roundtable(
        self,
        ctx: CommandContext,
        case_id: UUID,
        *,
        agenda: str,
        occurred_on: date,
        attendee_party_ids: Iterable[UUID] = (),
        attendee_count: int = 0,
        decisions: str = "",
        next_actions: str = "",
    ) -> CommandResult:
        ids = tuple(attendee_party_ids)
        for party_id in ids:
            self.get_party(party_id)
        return self._update_case(
            ctx,
            case_id,
            lambda c: c.hold_roundtable(
                ids,
                attendee_count,
                agenda,
                decisions,
                next_actions,
                occurred_on,
                ctx.today,
                ctx.meta,
            ),
        )

    def reach_agreement(
        self,
        ctx: CommandContext,
        case_id: UUID,
        *,
        roles: Iterable[RoleAssignment],
        period_start: date,
        form: CollaborationForm,
        occurred_on: date,
        period_end: date | None = None,
        resources: str = "",
    ) -> CommandResult:
        assignments = tuple(roles)
        return self._update_case(
            ctx,
            case_id,
            lambda c: c.reach_agreement(
                assignments,
                period_start,
                period_end,
                resources,
                form,
                occurred_on,
                ctx.today,
                ctx.meta,
            ),
        )

    def carry_out_activity(
        self,
        ctx: CommandContext,
        case_id: UUID,
        *,
        title: str,
        occurred_on: date,
        participants: int = 0,
        volunteers: int = 0,
        outputs: str = "",
    ) -> CommandResult:
        return self._update_case(
            ctx,
            case_id,
            lambda c: c.carry_out_activity(
                title, participants, volunteers, outputs, occurred_on, ctx.today, ctx.meta
            ),
        )

    def conduct_review(
        self,
        ctx: CommandContext,
        case_id: UUID,
        *,
        kind: ReviewKind,
        summary: str,
        occurred_on: date,
        outcomes: Iterable[Outcome] = (),
        lessons: str = "",
    ) -> CommandResult:
        results = tuple(outcomes)
        return self._update_case(
            ctx,
            case_id,
            lambda c: c.conduct_review(
                kind, results, summary, lessons, occurred_on, ctx.today, ctx.meta
            ),
        )

    def close_case(
        self,
        ctx: CommandContext,
        case_id: UUID,
        *,
        result: ClosureResult,
        occurred_on: date,
        reason: str = "",
    ) -> CommandResult:
        return self._update_case(
            ctx, case_id, lambda c: c.close(result, reason, occurred_on, ctx.today, ctx.meta)
        )

    def reopen_case(
        self, ctx: CommandContext, case_id: UUID, *, reason: str, occurred_on: date
    ) -> CommandResult:
        return self._update_case(
            ctx, case_id, lambda c: c.reopen(reason, occurred_on, ctx.today, ctx.meta)
        )

    def nominate_success_case(
        self, ctx: CommandContext, case_id: UUID, *, occurred_on: date, reason: str = ""
    ) -> CommandResult:
        return self._update_case(
            ctx, case_id, lambda c: c.nominate(reason, occurred_on, ctx.today, ctx.meta)
        )

    def publish_success_case(
        self, ctx: CommandContext, case_id: UUID, *, story: SuccessStory, occurred_on: date
    ) -> CommandResult:
        """Publication reads each named party's consent; the chief's approval is the actor."""

        def change(case: Case) -> None:
            consents = {
                pid: self.get_party(pid).publication_consent
                for pid in story.party_ids
                if pid in case.participations
            }
            case.publish(story, consents, occurred_on, ctx.today, ctx.meta)

        return self._update_case(ctx, case_id, change)

    def withdraw_success_case(
        self, ctx: CommandContext, case_id: UUID, *, reason: str, occurred_on: date
    ) -> CommandResult:
        return self._update_case(
            ctx,
            case_id,
            lambda c: c.withdraw_publication(reason, occurred_on, ctx.today, ctx.meta),
        )

    def correct_step(
        self,
        ctx: CommandContext,
        case_id: UUID,
        *,
        corrected_version: int,
        changes: dict[str, Any],
        reason: str,
        occurred_on: date | None = None,
    ) -> CommandResult:
        on = occurred_on or ctx.today
        return self._update_case(
            ctx,
            case_id,
            lambda c: c.correct_step(corrected_version, changes, reason, on, ctx.today, ctx.meta),
        )

    def add_note(
        self, ctx: CommandContext, case_id: UUID, *, text: str, occurred_on: date | None = None
    ) -> CommandResult:
        on = occurred_on or ctx.today
        return self._update_case(ctx, case_id, lambda c: c.add_note(text, on, ctx.today, ctx.meta))

    # --- meetings ------------------------------------------------------------------------

    def hold_meeting(
        self,
        ctx: CommandContext,
        *,
        title: str,
        host_centre: str,
        occurred_on: date,
        attending_centres: Iterable[str] = (),
    ) -> CommandResult:
        authorise_meeting_write(ctx.actor)
        meeting = Meeting.hold(
            title=title,
            host_centre=host_centre,
            attending_centres=tuple(attending_centres),
            occurred_on=occurred_on,
            today=ctx.today,
            meta=ctx.meta,
        )
        return CommandResult(meeting.id, meeting.version, self._save(meeting))

    def present_at_meeting(
        self, ctx: CommandContext, meeting_id: UUID, case_id: UUID
    ) -> CommandResult:
        """The case and the meeting record the presentation in one save."""
        authorise_meeting_write(ctx.actor)

        def change(case: Case) -> tuple[Meeting]:
            meeting = self.get_meeting(meeting_id)
            case.present_at_meeting(meeting.id, meeting.held_on, ctx.today, ctx.meta)
            meeting.record_presentation(case.id, ctx.meta)
            return (meeting,)

        return self._update_case(ctx, case_id, change, may_write=_meeting_writer)

    def agree_follow_up(
        self, ctx: CommandContext, meeting_id: UUID, follow_up: FollowUp
    ) -> CommandResult:
        authorise_meeting_write(ctx.actor)

        def attempt() -> CommandResult:
            meeting = self.get_meeting(meeting_id)
            meeting.agree_follow_up(follow_up, ctx.meta)
            return CommandResult(meeting.id, meeting.version, self._save(meeting))

        return self._retrying(attempt)

    def is_closed(self, case_id: UUID) -> bool:
        return self.get_case(case_id).state is CaseState.CLOSED

    # --- KPI targets ---------------------------------------------------------------------

    def set_kpi_target(
        self,
        ctx: CommandContext,
        fiscal_year: int,
        municipality: str | None,
        indicator: str,
        target: float | None,
        baseline: float | None = None,
    ) -> CommandResult:
        """Record a target (目標値) and a baseline (基準値) of one KPI for a fiscal year and
        municipality (None: the whole prefecture)."""
        authorise_target_write(ctx.actor)
        code = municipality_code(municipality) if municipality else None

        def attempt() -> CommandResult:
            try:
                loaded: Aggregate = self.repository.get(kpi_targets_id(fiscal_year, code))
                targets = cast("KpiTargets", loaded)
            except AggregateNotFoundError:
                targets = KpiTargets.start(fiscal_year, code, ctx.today, ctx.meta)
            targets.set_target(indicator, target, baseline, ctx.today, ctx.meta)
            return CommandResult(targets.id, targets.version, self._save(targets))

        return self._retrying(attempt)


def _case_writer(actor: Actor, case: Case) -> None:
    authorise_case_write(actor, case.centre)


def _meeting_writer(actor: Actor, case: Case) -> None:
    authorise_meeting_write(actor)
