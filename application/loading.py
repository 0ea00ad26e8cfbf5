"""Loading an aggregate in one read where the store can: its last snapshot and the events
after it come back from one statement (`persistence.postgres.PostgresLedgerRecorder`),
instead of the library's two (the snapshot, then the events), each on a connection of its
own; on SQLite both in one read transaction. The memory store loads as the library does.

The events since a case's last snapshot are read again at each of its commands: the ones
decoded lately are kept (`DecodedEvents`), by what was stored, so a command decodes only
what it has not seen (decoding was the largest part of a command's own CPU: ADR
2026-12-02-performance, "One writer's CPU")."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

from eventsourcing.application import (
    AggregateNotFoundError,
    ProjectorFunction,
    Repository,
    project_aggregate,
)
from eventsourcing.persistence import StoredEvent

LatestReader = Callable[[UUID, int | None], tuple[StoredEvent | None, list[StoredEvent]]]
"""(aggregate id, version or None for the last) -> (its last snapshot, the events after it)."""


class OneReadRepository(Repository[UUID]):
    """The library's repository, reconstructing from one read of snapshot and events."""

    def __init__(self, read: LatestReader, base: Repository[UUID]) -> None:
        super().__init__(
            event_store=base.event_store,
            snapshot_store=base.snapshot_store,
            fastforward=base.fastforward,
            fastforward_skipping=base.fastforward_skipping,
            deepcopy_from_cache=base.deepcopy_from_cache,
        )
        self.cache = base.cache
        self._read = read
        self.decoded = DecodedEvents(self.event_store.mapper)

    def _reconstruct_aggregate(
        self,
        aggregate_id: UUID,
        version: int | None,
        projector_func: ProjectorFunction[Any, Any],
    ) -> Any:
        snapshot, events = self._read(aggregate_id, version)
        stored = [snapshot, *events] if snapshot is not None else events
        domain_events = map(self.decoded, stored)
        if projector_func is project_aggregate:
            aggregate = _mutated(domain_events)
        else:
            aggregate = projector_func(None, domain_events)
        if aggregate is None:
            msg = f"Aggregate {aggregate_id!r} version {version!r} not found."
            raise AggregateNotFoundError(msg)
        return aggregate


def _mutated(domain_events: Iterable[Any]) -> Any:
    """`project_aggregate` without its `assert isinstance(event, CanMutateProtocol)`: a
    runtime check against a Protocol, 17 µs an event (a case's load made 13 of them)."""
    aggregate = None
    for domain_event in domain_events:
        aggregate = domain_event.mutate(aggregate)
    return aggregate


class DecodedEvents:
    """`decode`, remembering the last `size` events it gave whose every value is immutable
    (a domain event is a frozen dataclass; its values are immutable when they are strings,
    numbers, UUIDs, dates, enum members, or tuples and frozen dataclasses of these), by
    what was stored: aggregate, version, topic and state bytes. Such an event can be given
    to every load that reads the same bytes again: no one can change it, and the bytes
    say all it holds. Anything else (a snapshot's state is a dict) is decoded every time."""

    def __init__(self, mapper: Any, size: int = 4096) -> None:
        self._mapper = mapper  # its `to_domain_event` looked up at each decoding (tests count it)
        self._size = size
        self._events: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def clear(self) -> None:
        with self._lock:
            self._events.clear()

    def __call__(self, stored: StoredEvent) -> Any:
        state = bytes(stored.state)  # the same object when it is bytes already
        key = (stored.originator_id, stored.originator_version, stored.topic, state)
        with self._lock:
            found = self._events.get(key)
            if found is not None:
                self._events.move_to_end(key)
                return found
        event = self._mapper.to_domain_event(stored)
        if _immutable(event):
            with self._lock:
                self._events[key] = event
                while len(self._events) > self._size:
                    self._events.popitem(last=False)
        return event


_LEAVES = (str, int, float, type(None), UUID, date, Decimal, Enum)
"""Immutable values (`bool` is an `int`, `datetime` a `date`)."""


def _immutable(value: Any) -> bool:
    if isinstance(value, _LEAVES):
        return True
    if type(value) is tuple:
        return all(_immutable(item) for item in value)
    params = getattr(type(value), "__dataclass_params__", None)
    if params is not None and params.frozen and hasattr(value, "__dict__"):
        return all(_immutable(item) for item in vars(value).values())
    return False


def one_read_repository(recorder: Any, base: Repository[UUID]) -> Repository[UUID]:
    """`base` loading in one read when the events' recorder offers a reader over the
    snapshots' store (`latest_reader`); else `base` itself."""
    offer = getattr(recorder, "latest_reader", None)
    snapshots = base.snapshot_store
    read = offer(snapshots.recorder) if offer is not None and snapshots is not None else None
    return base if read is None else OneReadRepository(read, base)


class WorkingCopies:
    """The aggregates this process saved last, each as it stood after its save, so that
    the next command on one decides on it without loading it again (the load was a round
    trip and a replay: ADR 2026-12-02-performance, "Working copies").

    A copy is handed to one command at a time: `take` removes it, and only a save that
    succeeded gives it back (`keep`). A copy may be stale (another process saved a step of
    the same aggregate since): its save is then refused by the event's version, and the
    command decides again on what is stored, as after any concurrent save. A command
    refused on a copy is also decided again on what is stored, since a stale state may
    refuse what the stored one allows (`application.handling.decided`). `size` 0 keeps
    nothing."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._copies: OrderedDict[UUID, Any] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, aggregate_id: UUID) -> Any | None:
        with self._lock:
            return self._copies.pop(aggregate_id, None)

    def keep(self, *aggregates: Any) -> None:
        """Keep each saved aggregate, unless a later version of it is kept already."""
        if self.size <= 0:
            return
        with self._lock:
            for aggregate in aggregates:
                found = self._copies.get(aggregate.id)
                if found is not None and found.version >= aggregate.version:
                    continue
                self._copies[aggregate.id] = aggregate
                self._copies.move_to_end(aggregate.id)
            while len(self._copies) > self.size:
                self._copies.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._copies.clear()

    def __len__(self) -> int:
        return len(self._copies)
