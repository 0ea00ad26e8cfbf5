"""Loading an aggregate in one read where the store can: its last snapshot and the events
after it come back from one statement (`persistence.recorders.PostgresLedgerRecorder`),
instead of the library's two (the snapshot, then the events), each on a connection of its
own. Stores without such a reader (SQLite, memory) load as the library does."""

from __future__ import annotations

from collections.abc import Callable, Iterable
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

    def _reconstruct_aggregate(
        self,
        aggregate_id: UUID,
        version: int | None,
        projector_func: ProjectorFunction[Any, Any],
    ) -> Any:
        snapshot, events = self._read(aggregate_id, version)
        stored = [snapshot, *events] if snapshot is not None else events
        domain_events = map(self.event_store.mapper.to_domain_event, stored)
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


def one_read_repository(recorder: Any, base: Repository[UUID]) -> Repository[UUID]:
    """`base` loading in one read when the events' recorder offers a reader over the
    snapshots' store (`latest_reader`); else `base` itself."""
    offer = getattr(recorder, "latest_reader", None)
    snapshots = base.snapshot_store
    read = offer(snapshots.recorder) if offer is not None and snapshots is not None else None
    return base if read is None else OneReadRepository(read, base)
