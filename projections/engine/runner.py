"""Catch-up of one read model version from the ledger's notification log, in batches.

A batch reads up to `batch_size` notifications of the read model's topics after its
position, turns each into changes with the pure function, and applies all of them and the
new position in one transaction. When fewer than `batch_size` come back, everything up to
the log head read before the query has been seen, so the position jumps to the head: a read
model that needs few topics is not left "behind" by events it ignores.

An event the read model cannot process — its pure function raises, or the database refuses
its changes — is parked: a dead letter naming the read model, version, position, topic and
error is written with the batch, and the read model goes on with the next events
(`dead_letters.py`). Only when even parking fails does this version stop, with the error —
naming the notification id, topic, originator and version — kept in the tracking row, where
`status()` and the CLI show it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from eventsourcing.persistence import Notification

from projections.engine.advances import encode_advance
from projections.engine.base import Change, ReadModel
from projections.engine.dead_letters import DeadLetter, letter, storable_text
from projections.engine.store import ReadStore, TrackingConflictError

log = logging.getLogger("kyodo.projections")


class EventLog(Protocol):
    """What the runner needs from the ledger: `ledger.recorder` and `ledger.mapper` fit."""

    def select_notifications(
        self,
        start: int | None,
        limit: int,
        stop: int | None = None,
        topics: Sequence[str] = (),
        *,
        inclusive_of_start: bool = True,
    ) -> Sequence[Notification]: ...

    def max_notification_id(self) -> int | None: ...


Decode = Callable[[Notification], Any]


@dataclass(frozen=True)
class _Batch:
    """What one batch read: each event with its changes, the events parked, and the
    positions it moves from and to."""

    done: list[tuple[Notification, list[Change]]]
    parked: list[DeadLetter]
    position: int
    end: int


class ProjectionFailedError(RuntimeError):
    """A read model stopped on an event it could not process; the message names the event."""


@dataclass
class Projector:
    """Keeps one version of one read model up to date. Not thread-safe: one thread each."""

    model: ReadModel
    version: int
    store: ReadStore
    log: EventLog
    decode: Decode
    batch_size: int = 500
    error: str | None = None
    notify_channel: str | None = None
    """PostgreSQL: the channel its batches NOTIFY their new position on, in their own
    transaction (set by the service for the active version; None: no NOTIFY)."""
    reached_head: bool = False
    """The last batch read fewer events than a batch holds: the position is now the head
    the batch read, so a caller need not ask again (an event committed after that head
    wakes the read model again: its round starts over)."""

    def head(self) -> int:
        return self.log.max_notification_id() or 0

    def position(self) -> int:
        row = self.store.version(self.model.name, self.version, cached=True)
        if row is None:
            raise TrackingConflictError(f"{self.model.name} v{self.version} was retired")
        return row.position

    def run_batch(self) -> int:
        """Process one batch; the number of notifications read (0: caught up with the head)."""
        if self.error is not None:
            raise ProjectionFailedError(self.error)
        self.reached_head = False
        position, head = self.position(), self.head()
        if position >= head:
            self.reached_head = True
            return 0
        notes = self.log.select_notifications(
            position,
            self.batch_size,
            stop=head,
            topics=self.model.topics,
            inclusive_of_start=False,
        )
        done, parked = self._changes(notes)
        short = len(notes) < self.batch_size
        end = head if short else notes[-1].id
        self._write(_Batch(done, parked, position, end))
        self.reached_head = short
        return max(len(notes), 1)

    def catch_up(
        self, should_stop: Callable[[], bool] = lambda: False, max_batches: int | None = None
    ) -> bool:
        """Run batches until the head is reached (True), or `max_batches` ran (False)."""
        batches = 0
        while not should_stop():
            if max_batches is not None and batches >= max_batches:
                return False
            self.run_batch()
            if self.reached_head:
                return True
            batches += 1
        return False

    def _changes(
        self, notes: Sequence[Notification]
    ) -> tuple[list[tuple[Notification, list[Change]]], list[DeadLetter]]:
        done: list[tuple[Notification, list[Change]]] = []
        parked: list[DeadLetter] = []
        for note in notes:
            try:
                done.append((note, self.model.changes(self.decode(note), note.id)))
            except Exception as error:  # a defect of one event parks that event only
                parked.append(letter(self.model.name, self.version, note, error))
        return done, parked

    def _write(self, batch: _Batch) -> None:
        if batch.end == batch.position:
            return
        self._said(batch.parked)
        changes = [c for _, cs in batch.done for c in cs]
        error = self._apply(changes, batch.position, batch.end, batch.parked)
        if error is not None:
            # Said, because the retry may then succeed event by event and leave no other
            # trace: a writer's defect that only a batch shows would go unseen.
            log.warning(
                "projection %s v%s: the database refused the batch after position %s up to "
                "%s (%s); applying it event by event",
                self.model.name,
                self.version,
                batch.position,
                batch.end,
                storable_text(f"{type(error).__name__}: {error}"),
            )
            self._write_one_by_one(batch)

    def _write_one_by_one(self, batch: _Batch) -> None:
        """The batch failed in the database: apply event by event, parking those whose
        changes the database refuses."""
        position, parked = batch.position, batch.parked
        for note, changes in batch.done:
            letters = [d for d in parked if position < d.position <= note.id]
            error = self._apply(changes, position, note.id, letters)
            if error is not None:
                refused = letter(self.model.name, self.version, note, error)
                self._said([refused])
                letters.append(refused)
                self._park(letters, position, note.id)
            position = note.id
        if position != batch.end:
            self._park([d for d in parked if d.position > position], position, batch.end)

    def _said(self, letters: Sequence[DeadLetter]) -> None:
        """One log line for the events a batch parks (the first one's error), beside the
        dead letters that `kyodo projections status` lists."""
        if letters:
            first = letters[0]
            log.warning(
                "projection %s v%s: %d event(s) parked, the first at position %s: %s",
                self.model.name,
                self.version,
                len(letters),
                first.position,
                first.error,
            )

    def _park(self, letters: list[DeadLetter], position: int, upto: int) -> None:
        """Move to `upto` with nothing applied, the dead letters written; if even that is
        refused, this version stops (the store itself is in trouble)."""
        error = self._apply([], position, upto, letters)
        if error is not None:
            positions = ", ".join(str(d.position) for d in letters)
            self._fail(
                storable_text(
                    f"{self.model.name} v{self.version} stopped at notification {upto}: "
                    f"could not park the events at {positions}: {type(error).__name__}: {error}"
                )
            )

    def _apply(
        self, changes: list[Change], position: int, upto: int, letters: list[DeadLetter]
    ) -> Exception | None:
        """Apply the changes and move from `position` to `upto` in one transaction, the dead
        letters written; the error when the database refuses them. A conflict over the
        position, or a transient error, is raised."""
        try:
            channel = self.notify_channel
            self.store.apply_batch(
                self.model,
                self.version,
                changes,
                previous=position,
                position=upto,
                parked=letters,
                notify=None
                if channel is None
                else (channel, encode_advance(self.model.name, upto)),
            )
        except TrackingConflictError:
            raise
        except Exception as error:
            if self.store.is_transient(error):
                raise
            return error
        return None

    def _fail(self, message: str) -> None:
        self.error = message
        self.store.record_error(self.model.name, self.version, message)
        raise ProjectionFailedError(message)
