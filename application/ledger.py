"""The Ledger application: the single entry `handle(context, command)`, loading, retries.

Every command is a declaration in `domain.commands`; `handling` turns each into one path:
authorise, check the ids it names, take its aggregate (the working copy this ledger kept
after saving it, else loaded; or create it), let the aggregate's rule decide, save, and
retry a stale save with a jittered backoff. For scripts and tests, each
command also has a method named after it (`ledger.hold_roundtable(ctx, case_id, ...)`),
generated from the declarations.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cached_property
from typing import Any, ClassVar, TypeVar, cast
from uuid import UUID

from eventsourcing.application import (
    AggregateNotFoundError,
    Application,
    ProcessingEvent,
    ProjectorFunction,
    Repository,
    project_aggregate,
)
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import (
    IntegrityError,
    InterfaceError,
    JSONTranscoder,
    OperationalError,
    Recording,
    Transcoder,
)
from eventsourcing.utils import resolve_topic

import application.topics  # noqa: F401 (the topics of the aggregates imported when read)
from application.idempotency import (
    CURRENT,
    IdempotencyKeyReusedError,
    KeyedCommand,
    KeyEntry,
    MemoryOutcomes,
    NothingSentError,
    Outcomes,
    StoredOutcome,
    StoreUnavailableError,
    UncertainSaveError,
    prune_cutoff,
)
from application.loading import WorkingCopies, one_read_repository
from application.permissions import Access, allows, write_refusal
from application.personal_data import KeyStore, MemoryKeyStore, Sealer
from application.snapshots import AggregateSnapshot
from application.transcoding import FaithfulJSONTranscoder
from domain import errors
from domain.case import Case, CaseEvent
from domain.commands import ALL_COMMANDS, Command
from domain.meeting import Meeting
from domain.numbering import CaseNumbering, numbering_id, parse_number
from domain.party import Party
from domain.plan_vocabulary import FutureHandling, ImplementationStatus
from domain.values import (
    Actor,
    CommandContext,
    ContactDetails,
    EventMeta,
    FollowUp,
    Outcome,
    PartyRef,
    RoleAssignment,
    SealedContact,
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

VALUE_TYPES: dict[str, type[Any]] = {
    # The stored names of the value types events carry: renaming a class keeps its name here.
    "Actor": Actor,
    "EventMeta": EventMeta,
    "PartyRef": PartyRef,
    "RoleAssignment": RoleAssignment,
    "Outcome": Outcome,
    "SuccessStory": SuccessStory,
    "ContactDetails": ContactDetails,
    "SealedContact": SealedContact,
    "FollowUp": FollowUp,
    "ActorRole": ActorRole,
    "CaseState": CaseState,
    "ClosureResult": ClosureResult,
    "CollaborationForm": CollaborationForm,
    "PartyKind": PartyKind,
    "PartyRole": PartyRole,
    "ReviewKind": ReviewKind,
    "Source": Source,
    "ImplementationStatus": ImplementationStatus,
    "FutureHandling": FutureHandling,
}

AGGREGATES: tuple[type[Aggregate], ...] = (Case, Party, Meeting, CaseNumbering)
"""The aggregates the ledger's own code works with: importing them here registers their
events' topics. The others (plans, their indicators, KPI targets) are imported when a topic
of theirs is first read (`application.topics`), so that any process that builds a ledger (a
projection worker too) can read every stored event."""

CASE_STEPS = tuple(command for command in ALL_COMMANDS if command.acts_on == "case_id")
"""Every command that records a step of an existing case (its rule is the case's)."""

log = logging.getLogger("kyodo.ledger")

SNAPSHOT_INTERVAL = 50
"""A case is snapshotted every this many versions: loading it (for a command or a replay to
any version) reads one snapshot and fewer than this many events."""

KEY_STORES = {
    "eventsourcing.sqlite": "persistence.keys:SQLiteKeyStore",
    "eventsourcing.postgres": "persistence.keys:PostgresKeyStore",
}
"""The parties' key store beside each store's events (`KEY_STORE_TOPIC` overrides it); an
in-memory ledger keeps its keys in memory. Named by topic, as the recorders are."""

OUTCOME_STORES = {
    "eventsourcing.sqlite": "persistence.idempotency:SQLiteOutcomes",
    "eventsourcing.postgres": "persistence.postgres:PostgresOutcomes",
}
"""Where each store keeps the commands' keys and first outcomes (`application.idempotency`),
written by its recorder in the events' own transaction."""

WORKING_COPIES = 1000
"""How many saved aggregates a ledger keeps, to decide the next command on each without
loading it (`KYODO_WORKING_COPIES`)."""

MAX_ATTEMPTS = 8
BACKOFF_SECONDS = 0.005
"""The first retry waits up to this long; each later one up to twice as long (jittered)."""


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


class _Collected(ProcessingEvent[UUID]):
    """A save's events. The library's `collect_events` asks of each object whether it is a
    domain event, then whether it can collect its events, both `isinstance` checks against
    runtime protocols that look at every attribute: about 40 µs a command, 8 % of its CPU.
    An aggregate of kyodo's is answered by its class; anything else as the library does."""

    def collect_events(self, *objs: Any, **kwargs: Any) -> None:
        for obj in objs:  # in order, as the library collects them
            if isinstance(obj, Aggregate):
                self.events.extend(obj.collect_events())
                self.aggregates[obj.id] = obj
            else:
                super().collect_events(obj)
        self.saved_kwargs.update(kwargs)


class Ledger(Application[UUID]):
    """The case ledger. Its `name` sets the tables and the settings prefix (`LEDGER_…`)."""

    name = "Ledger"
    snapshotting_intervals: ClassVar[dict[type[Any], int]] = {Case: SNAPSHOT_INTERVAL}

    @classmethod
    def for_tenant(cls, name: str) -> type[Ledger]:
        """A ledger class of its own for a tenant (a prefecture): own tables, own lock."""
        if not name.isidentifier():
            raise ValueError(f"invalid ledger name: {name!r}")
        return cast("type[Ledger]", type(f"Ledger_{name}", (cls,), {"name": name}))

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        """The library's construction, which opens the store's pool before it creates the
        tables: when a later step fails (a pooled connection not had within the pool's
        timeout on a loaded machine, the database gone), the pool is closed before the error
        goes on, instead of keeping its connections and threads for the life of the
        process."""
        try:
            super().__init__(env)
        except BaseException:
            factory = self.__dict__.get("factory")
            if factory is not None:
                factory.close()
            raise

    # --- the single entry ----------------------------------------------------------------

    def handle(
        self,
        ctx: CommandContext,
        command: Command,
        key: str | None = None,
        *,
        key_likely_new: bool = False,
    ) -> CommandResult:
        """Carry out one command for `ctx.actor`, or raise a `DomainError` and record nothing.

        The command is saved under `key` (the client's, scoped by actor) or a key of its own:
        a key already stored answers with the first outcome, records nothing new, and a key
        sent with another command is refused. A store error that leaves the commit uncertain
        is settled by the key, never by running the command again
        (`StoreUnavailableError` when the store cannot say). `key_likely_new`: the key is
        not looked up first (a query saved per command, where keys are rarely sent again);
        one already stored then refuses the save, which is settled by the key as a concurrent
        request's is."""
        from application.handling import handler_for

        keyed = KeyedCommand.of(ctx.actor, command, key)
        if keyed.given and not key_likely_new:
            earlier = self._earlier(keyed)
            if earlier is not None:
                return earlier
        token = CURRENT.set(keyed)
        try:
            return handler_for(type(command))(self, ctx, command)
        except IntegrityError:  # the same key, saved meanwhile by a concurrent request
            settled = self._earlier(keyed)
            if settled is None:
                raise
            return settled
        except UncertainSaveError as uncertain:
            settled = self._earlier(keyed)
            if settled is None:
                raise StoreUnavailableError() from uncertain
            return settled
        except (OperationalError, InterfaceError) as before_saving:
            raise StoreUnavailableError() from before_saving
        finally:
            CURRENT.reset(token)

    @cached_property
    def working_copies(self) -> WorkingCopies:
        """The aggregates this process saved last (`WORKING_COPIES` of them, 0: none), on
        which the next command decides without loading (`application.loading`)."""
        return WorkingCopies(int(self.env.get("WORKING_COPIES") or WORKING_COPIES))

    @cached_property
    def outcomes(self) -> Outcomes:
        """The store's table of command keys; in memory for a ledger in memory."""
        topic = OUTCOME_STORES.get(self.env.get("PERSISTENCE_MODULE") or "")
        if not topic:
            return MemoryOutcomes()
        return cast("Outcomes", resolve_topic(topic)(self.recorder))

    def forget_command_keys(self, days: int, now: datetime | None = None) -> int:
        """Forget the command keys older than `days` days (at least one: clients retry within
        a day); how many were forgotten. The events stay: only retries that old stop being
        recognised."""
        cutoff = prune_cutoff(days, now or datetime.now(UTC))
        return self.outcomes.forget_before(cutoff)

    def _earlier(self, keyed: KeyedCommand) -> CommandResult | None:
        """The first outcome stored under the command's key, if any (the store must answer:
        a store error here is `StoreUnavailableError`)."""
        try:
            found: StoredOutcome | None = self.outcomes.find(keyed.key)
        except (OperationalError, InterfaceError) as error:
            raise StoreUnavailableError() from error
        if found is None:
            return None
        if found.fingerprint != keyed.fingerprint:
            raise IdempotencyKeyReusedError(field="clientMutationId")
        return CommandResult(found.aggregate_id, found.version, found.position, found.number)

    # --- persistence shape ---------------------------------------------------------------

    def construct_transcoder(self) -> Transcoder:
        transcoder = FaithfulJSONTranscoder()
        self.register_transcodings(transcoder)
        return transcoder

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        if isinstance(transcoder, FaithfulJSONTranscoder):
            transcoder.register_value_types(VALUE_TYPES)

    def construct_repository(self) -> Repository[UUID]:
        """The library's repository, loading snapshot and events in one read where the store
        can (`application.loading`)."""
        return one_read_repository(self.recorder, super().construct_repository())

    def save(self, *objs: Any, **kwargs: Any) -> list[Recording[UUID]]:
        """The library's `save`, with the pending events of kyodo's aggregates collected
        without its runtime protocol checks (`_Collected`)."""
        processing_event = _Collected()
        processing_event.collect_events(*objs, **kwargs)
        recordings = self._record(processing_event)
        self._take_snapshots(processing_event)
        self._notify(recordings)
        self.notify(processing_event.events)  # the library's deprecated hook, as it calls it
        return recordings

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

    def take_snapshot(
        self,
        aggregate_id: UUID,
        version: int | None = None,
        projector_func: ProjectorFunction[Any, Any] = project_aggregate,
    ) -> None:
        """Store the aggregate's state at `version` as a `kyodo:Snapshot` (its attributes
        encoded so that JSON keeps them faithfully: `application.snapshots`)."""
        assert self.snapshots is not None
        aggregate = self.repository.get(
            aggregate_id, version=version, projector_func=projector_func
        )
        try:
            snapshot = AggregateSnapshot.take(aggregate)
            self.snapshots.put([snapshot])
        except TypeError as error:  # a value no transcoding holds: the events are saved
            log.warning("no snapshot of %s at version %s: %s", aggregate_id, version, error)

    @cached_property
    def keys(self) -> KeyStore:
        """The parties' keys and the log of personal-data reads, apart from the events."""
        topic = self.env.get("KEY_STORE_TOPIC") or KEY_STORES.get(
            self.env.get("PERSISTENCE_MODULE") or ""
        )
        if not topic:
            return MemoryKeyStore()
        return cast("KeyStore", resolve_topic(topic)(self.recorder))

    @property
    def sealer(self) -> Sealer:
        return Sealer(self.keys)

    def save_all(self, *aggregates: Aggregate) -> int | None:
        """Save in one transaction; the highest notification position written. Within
        `handle`, the command's key goes with the first aggregate (the command's subject)."""
        keyed = CURRENT.get()
        entry = None
        if keyed is not None and aggregates:
            subject = aggregates[0]
            number = getattr(subject, "number", None)
            entry = KeyEntry(keyed.key, keyed.fingerprint, subject.id, subject.version, number)
        try:
            recordings = self.save(*aggregates, idempotency=entry)
        except NothingSentError:
            raise  # certainly not committed: `handle` answers that the store is away
        except (OperationalError, InterfaceError) as error:
            raise UncertainSaveError() from error
        position = max((r.notification.id for r in recordings), default=None)
        if entry is not None and isinstance(self.outcomes, MemoryOutcomes):
            self.outcomes.remember(entry, position)
        return position

    def retrying(self, attempt: Callable[[], CommandResult]) -> CommandResult:
        """Run `attempt` again (reloading) while another writer got there first — unless the
        failed save was this command's own, already committed (its key is stored)."""
        keyed = CURRENT.get()
        for tries in range(MAX_ATTEMPTS):
            try:
                return attempt()
            except IntegrityError:
                earlier = None if keyed is None else self._earlier(keyed)
                if earlier is not None:
                    return earlier
                if tries + 1 < MAX_ATTEMPTS:
                    time.sleep(random.uniform(0, BACKOFF_SECONDS * 2**tries))
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

    def get_or_none(self, aggregate_id: UUID) -> Aggregate | None:
        try:
            return cast("Aggregate", self.repository.get(aggregate_id))
        except AggregateNotFoundError:
            return None

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
            numbering = self.get_or_none(numbering_id(centre, year))
            found = numbering.issued.get(serial) if isinstance(numbering, CaseNumbering) else None
            if found is None:
                raise errors.CaseNotFoundError(case=key) from None
            return found
        self.get_case(case_id)
        return case_id

    def party_name(self, party_id: str) -> str | None:
        try:
            return self.get_party(UUID(party_id)).name
        except errors.PartyNotFoundError:
            return None

    def refused_steps(
        self, case_id: UUID, actor: Actor | None = None, version: int | None = None
    ) -> list[tuple[type[Command], errors.DomainError]]:
        """The steps a case refuses as it stands, whatever their fields, each with its
        refusal, in the order of the commands' declarations: to `actor` (the rights of its
        role and centre first, then the case's state and a publication's approval, as a
        step is decided), or to anyone who may write in it (None: `Case.refusal` only).

        `version`: the case's version the caller shows beside the answer (a mutation's
        payload, a case page, read from a read model that may lag): the copy this ledger
        kept of the case serves when it is at that version or later, instead of loading
        the case (a read and a replay per answer). A later version stored by another
        process since is then seen by the next answer whose read model has it."""
        if version is None:
            return self._refusals(self.get_case(case_id), actor)
        with self._kept_case(case_id, version) as case:
            assert case is not None  # loaded when not kept
            return self._refusals(case, actor)

    def refused_steps_at_hand(
        self, case_id: UUID, actor: Actor, version: int
    ) -> list[tuple[type[Command], errors.DomainError]] | None:
        """`refused_steps`, if the copy this ledger kept of the case serves; None where the
        case would have to be loaded (the caller then asks `refused_steps` in a thread)."""
        with self._kept_case(case_id, version, load=False) as case:
            return None if case is None else self._refusals(case, actor)

    @staticmethod
    def _refusals(
        case: Case, actor: Actor | None
    ) -> list[tuple[type[Command], errors.DomainError]]:
        may_approve = actor is None or allows(actor, Access.APPROVE_PUBLICATION)

        def refusal(step: type[Command]) -> errors.DomainError | None:
            denied = None if actor is None else write_refusal(actor, step, case.centre)
            return denied or case.refusal(step, may_approve)

        refusals = ((step, refusal(step)) for step in CASE_STEPS)
        return [(step, error) for step, error in refusals if error is not None]

    @contextmanager
    def _kept_case(self, case_id: UUID, version: int, load: bool = True) -> Iterator[Case | None]:
        """The copy this ledger kept of the case, if it is at `version` or later; else the
        case as stored (`load` False: None), then kept as a save's copy is (the next read of
        the case's page, and the next command on it, need no load). The copy is taken while
        it is read, so that no command changes it meanwhile (a command finding none loads
        the case), and kept again after."""
        kept = self.working_copies.take(case_id)
        case = kept if isinstance(kept, Case) and kept.version >= version else None
        if case is None and load:
            case = self.get_case(case_id)  # a copy behind it is dropped: this one is newer
        elif case is None and kept is not None:
            self.working_copies.keep(kept)  # not loading: the copy stays as it was
        try:
            yield case
        finally:
            if case is not None:
                self.working_copies.keep(case)

    def is_closed(self, case_id: UUID) -> bool:
        return self.get_case(case_id).state is CaseState.CLOSED


def _command_method(command: type[Command]) -> Callable[..., CommandResult]:
    def method(self: Ledger, ctx: CommandContext, *args: Any, **kwargs: Any) -> CommandResult:
        return self.handle(ctx, command(*args, **kwargs))

    method.__name__ = command.verb()
    method.__doc__ = f"{command.label}: `handle(ctx, {command.__name__}(...))`."
    return method


for _command in ALL_COMMANDS:
    setattr(Ledger, _command.verb(), _command_method(_command))
