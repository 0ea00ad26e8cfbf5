"""The ledger's core: persistence shape, loading, retries. Commands live in mixins
(`case_commands`, `record_commands`, `directory_commands`) that `domain.ledger.Ledger` joins.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application, ProcessingEvent
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Recording, Transcoder

from domain import errors
from domain.case import Case, CaseEvent
from domain.meeting import Meeting
from domain.numbering import CaseNumbering, numbering_id, parse_number
from domain.party import Party
from domain.permissions import authorise_case_write, authorise_meeting_write
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


class LedgerCore(Application[UUID]):
    """What every command needs: a faithful transcoder, derived records, loading, retries."""

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

    def _party_name(self, party_id: str) -> str | None:
        try:
            return self.get_party(UUID(party_id)).name
        except errors.PartyNotFoundError:
            return None

    def _party_ref(self, party_id: UUID) -> PartyRef:
        return PartyRef(party_id=party_id, kind=self.get_party(party_id).kind)

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
            (may_write or case_writer)(ctx.actor, case)
            try:
                others = tuple(change(case) or ())
            except errors.RuleViolation as refusal:
                raise refusal.naming(self._party_name) from None
            return CommandResult(case.id, case.version, self._save(case, *others), case.number)

        return self._retrying(attempt)

    def is_closed(self, case_id: UUID) -> bool:
        return self.get_case(case_id).state is CaseState.CLOSED


def case_writer(actor: Actor, case: Case) -> None:
    authorise_case_write(actor, case.centre)


def meeting_writer(actor: Actor, case: Case) -> None:
    authorise_meeting_write(actor)
