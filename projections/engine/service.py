"""The projection service: keeps every read model up to date, in background threads.

The API process calls `start()`/`stop()` (the embedded default); `kyodo project` runs the
same service as a worker process. Per read model, one thread:

    take the read model's advisory lock (PostgreSQL; a standby keeps trying) →
    reconcile its versions with the tracking table (first build, rebuild requested,
    code version raised) → catch up every version → switch to a rebuilt version that has
    caught up → sleep until woken (LISTEN/NOTIFY, a save in this process through
    `wake_on_commit`, `wait_for`) or the poll interval passes.

After each batch of an active version commits, the service announces the read model's new
position on `advances` (in-process subscribers) and, on PostgreSQL, NOTIFYs the read store's
advance channel; the LISTEN thread of every process relays other processes' announcements
to its own `advances` (ADR 2026-11-23-subscription-fanout).

The tracking table is the source of truth, so a rebuild requested from another process
(`kyodo projections rebuild NAME`) is picked up by whichever process holds the lock.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, field, replace
from typing import Any

from psycopg_pool import PoolClosed

from projections.engine.advances import Advances, advance_channel, encode_advance
from projections.engine.base import Dialect, ReadModel
from projections.engine.dead_letters import SKIPPED, DeadLetter, NotParkedError, error_text
from projections.engine.locks import Locks, NoLocks
from projections.engine.runner import Decode, EventLog, ProjectionFailedError, Projector
from projections.engine.status import ReadModelStatus, status_of
from projections.engine.store import (
    ACTIVE,
    BUILDING,
    RETIRED,
    ReadStore,
    TrackingConflictError,
    VersionRow,
)

log = logging.getLogger("kyodo.projections")

WAIT_SAFETY_POLL = 0.25
FOLLOW_SCAN = 500
"""Events a wait reads at once to learn which read models follow one before its position."""
TIDY_EVENTS = 20_000
"""A version caught up after this many events since it was last tidied is vacuumed and
analysed (`ReadStore.tidy`): a build from 0 leaves its tables bloated and unplanned."""


@dataclass(frozen=True)
class ServiceOptions:
    batch_size: int = 500
    poll_interval: float = 1.0
    listening_poll_interval: float | None = None
    """The poll while LISTEN is connected (PostgreSQL): saves in any process, and rebuilds
    and waits through this service, wake the read models, so the poll is only a safety net
    (a rebuild requested from another process is picked up at the next one; None: ten times
    `poll_interval`). Each idle round asks the store a few questions per
    read model: twelve read models polling every second kept an idle server at ~45 queries
    a second."""
    standby_interval: float = 2.0
    batches_per_round: int = 20
    retire_grace: float = 30.0
    """Seconds a retired version's tables are kept after a switch, for queries in flight."""


class ProjectionService:
    def __init__(
        self,
        store: ReadStore,
        log: EventLog,
        decode: Decode,
        models: Sequence[ReadModel],
        *,
        locks: Locks | None = None,
        costs: Mapping[str, float] | None = None,
        options: ServiceOptions | None = None,
        channel: str | None = None,
        database_url: str | None = None,
    ) -> None:
        self.store = store
        self.log = log
        self.decode = decode
        self.models = {m.name: m for m in models}
        self.locks = locks or NoLocks()
        self._lock_names = {name: f"{store.prefix}{name}" for name in self.models}
        """Each read model's lock (the ledger's prefix: one lock per ledger and read model)."""
        self._costs = {self._lock_names[name]: (costs or {}).get(name, 1.0) for name in self.models}
        """What building each costs beside the others, by lock: the workers share them out."""
        self.options = options or ServiceOptions()
        self.channel = channel
        self.database_url = database_url
        self._projectors: dict[tuple[str, int], Projector] = {}
        self._tidied: dict[tuple[str, int], int] = {}
        """The position each version was at when last tidied (or first met)."""
        self._active_versions: dict[str, int] = {}
        self._shared = threading.Lock()
        """Guards `_projectors` and `_active_versions`: every read model's thread uses them."""
        self._wake = {name: threading.Event() for name in self.models}
        self._stopping = threading.Event()
        self._listening = threading.Event()
        """Set while the LISTEN connection is up (`set_listening`)."""
        self._threads: list[threading.Thread] = []
        self._lifecycle = threading.RLock()
        """Serialises start(), start_listening() and stop()."""
        self.advances = Advances()
        """Committed positions of the active versions, as they advance (any process)."""
        self.advance_channel = advance_channel(store.prefix)
        self._quiet: dict[str, tuple[int, int]] = {}
        """Per read model, (its position, up to where no event it follows lies after it)."""

    # --- running ------------------------------------------------------------------------

    def start(self) -> None:
        """Start one thread per read model (and a LISTEN thread on PostgreSQL)."""
        with self._lifecycle:
            if any(t.name != "projection-listen" for t in self._threads):
                return
            self._stopping.clear()
            self.locks.join(self.store.prefix, self._costs)
            for name in self.models:
                self._spawn(f"projection-{name}", self._loop, name)
            self._listen()

    @property
    def listens(self) -> bool:
        """True when this service LISTENs (PostgreSQL): one connection for the process."""
        return bool(self.channel and self.database_url)

    def start_listening(self) -> None:
        """Start the LISTEN thread alone (PostgreSQL; idempotent): it wakes the read models
        and relays other processes' advances. `start()` calls it."""
        with self._lifecycle:
            if not self._threads:
                self._stopping.clear()
            self._listen()

    def _listen(self) -> None:
        if not self.listens or any(t.name == "projection-listen" for t in self._threads):
            return
        from projections.engine.listen import listen_forever

        self._spawn("projection-listen", listen_forever, self)

    def _spawn(self, label: str, target: object, arg: object) -> None:
        thread = threading.Thread(target=target, args=(arg,), name=label, daemon=True)  # type: ignore[arg-type]
        thread.start()
        self._threads.append(thread)

    def stop(self, timeout: float = 10.0) -> None:
        """Stop every thread (waiting `timeout` seconds in all). Serialised with `start()`:
        a stop that comes while the service is starting waits for it, then stops it all."""
        with self._lifecycle:
            self._stopping.set()
            self.wake()
            deadline = time.monotonic() + timeout
            for thread in self._threads:
                thread.join(max(0.0, deadline - time.monotonic()))
                if thread.is_alive():
                    log.warning("projection thread %s did not stop in time", thread.name)
            self._threads.clear()
            self.locks.release_all()

    def request_stop(self) -> None:
        """Ask `run_forever` to stop (safe from a signal handler)."""
        self._stopping.set()

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    def wake(self, names: Iterable[str] | None = None) -> None:
        for name in self.models if names is None else names:
            self._wake[name].set()

    def wake_for(self, topics: Set[str] | None) -> None:
        """Wake the read models that follow one of `topics` (every one when None)."""
        if topics is None:
            self.wake()
        else:
            self.wake(n for n, m in self.models.items() if not topics.isdisjoint(m.topics))

    def wake_on_commit(self, application: Any) -> None:
        """Wake the read models as soon as `application` (an eventsourcing Application in
        this process) has committed events, instead of on the next poll: the embedded store
        has no LISTEN/NOTIFY. Hooks the library's `_notify`, called after each save. Only
        the read models that follow one of the saved topics wake: the others would only
        queue for the read store's one writer (SQLite) in front of those that have work."""
        previous = application._notify

        def notified(recordings: Sequence[Any]) -> None:
            previous(recordings)
            topics = {r.notification.topic for r in recordings}
            if topics:
                self.wake_for(topics)

        application._notify = notified

    def _loop(self, name: str) -> None:
        while not self._stopping.is_set():
            self._wake[name].clear()
            interval = self.options.standby_interval
            lock = self._lock_names[name]
            try:
                if not self.locks.runs_here(lock):
                    self.locks.release(lock)  # another worker's share: it takes it
                elif self.locks.try_acquire(lock):
                    idle = self.step(name, self.options.batches_per_round)
                    interval = self._poll_interval() if idle else 0.0
            except PoolClosed:  # the store was closed under the service: nothing left to do
                log.info("projection %s: its store is closed; stopping", name)
                return
            except Exception:  # the database is unreachable or busy: try again, keep the thread
                log.exception("projection %s: round failed; retrying", name)
            self._wake[name].wait(interval)

    def _poll_interval(self) -> float:
        if not self._listening.is_set():
            return self.options.poll_interval
        longer = self.options.listening_poll_interval
        return 10 * self.options.poll_interval if longer is None else longer

    @property
    def listening(self) -> bool:
        """True while this process's LISTEN connection is up."""
        return self._listening.is_set()

    def set_listening(self, up: bool) -> None:
        """The LISTEN thread's connection came up (True) or was lost (False). On a loss the
        read models are woken, so that they poll at the short interval again at once."""
        if up:
            self._listening.set()
        elif self._listening.is_set():
            self._listening.clear()
            self.wake()

    def step(self, name: str, max_batches: int | None = None) -> bool:
        """One round for one read model: reconcile, catch up every version (each at most
        `max_batches` batches, so that a busy active version cannot starve a rebuild), and
        switch to a rebuilt version that has caught up. True when every version is idle."""
        model = self.models[name]
        idle = True
        for projector in self._reconcile(model):
            try:
                self._met(projector)
                caught_up = self._catch_up(projector, max_batches)
            except TrackingConflictError:
                self._forget(name, [projector.version])
                continue
            except ProjectionFailedError:
                continue
            idle = idle and caught_up
            if caught_up:
                self._maybe_tidy(projector)
                self._maybe_switch(model, projector)
        self.store.drop_retired(model, self.options.retire_grace)
        return idle

    def _catch_up(self, projector: Projector, max_batches: int | None) -> bool:
        """`projector.catch_up`, announcing the position after each batch of the active
        version (building versions are read by nobody)."""
        name = projector.model.name
        with self._shared:
            active = self._active_versions.get(name)
        if active != projector.version:
            projector.notify_channel = None
            return projector.catch_up(lambda: self._leaving(name), max_batches)
        postgres = self.store.dialect is Dialect.POSTGRES
        projector.notify_channel = self.advance_channel if postgres else None
        batches = 0
        while not self._leaving(name):
            if max_batches is not None and batches >= max_batches:
                return False
            if not projector.run_batch():
                return True
            batches += 1
            self.announce(name, projector.position(), notified=postgres)
            if projector.reached_head:  # not a second round trip to learn it
                return True
        return False

    def _leaving(self, name: str) -> bool:
        """Stop after this batch: the service stops, or the read model is now another
        worker's share (a worker that joined meanwhile takes it from the next batch on)."""
        return self._stopping.is_set() or not self.locks.runs_here(self._lock_names[name])

    def announce(self, name: str, position: int, *, notified: bool = False) -> None:
        """Tell subscribers that `name`'s active version committed up to `position`: in
        this process, and on PostgreSQL in every process listening (NOTIFY; `notified`:
        the batch's own commit sent it)."""
        if not self.advances.publish(name, position):
            return
        if notified or self.store.dialect is not Dialect.POSTGRES:
            return
        try:
            with self.store.transaction() as db:
                db.execute(
                    "SELECT pg_notify(%s, %s)",
                    (self.advance_channel, encode_advance(name, position)),
                )
        except Exception:  # a lost notification only delays subscribers: they also poll
            log.warning("projection %s: NOTIFY of position %s failed", name, position)

    def refresh_advances(self) -> None:
        """Publish the active versions' positions as the store has them (after LISTEN
        (re)connects: advances announced while it was not listening are not lost)."""
        for name in self.models:
            row = self.store.active(name)
            if row is not None:
                self.advances.publish(name, row.position)

    def run_until_caught_up(self, names: Iterable[str] | None = None) -> None:
        """Synchronously bring read models up to the current head (tests, CLI)."""
        for name in self.models if names is None else names:
            self.step(name)

    def _reconcile(self, model: ReadModel) -> list[Projector]:
        # The store's copy of the tracking rows (it follows this store's own moves; others'
        # show within `versions_ttl`): read from the database at every round, they were a
        # transaction per read model per event saved. A version another process retired or
        # moved meanwhile refuses the next batch's move (TrackingConflictError), which
        # drops the copy.
        rows = self.store.versions(model.name, cached=True)
        if not rows:
            self.store.create_version(model, model.version, ACTIVE)
            rows = self.store.versions(model.name)
        elif rows[-1].code_version < model.version:
            self.store.create_version(model, rows[-1].version + 1, BUILDING)
            rows = self.store.versions(model.name)
        live = {r.version for r in rows if r.state != RETIRED}
        with self._shared:
            self._active_versions.update({r.name: r.version for r in rows if r.state == ACTIVE})
            gone = [v for name, v in self._projectors if name == model.name and v not in live]
        self._forget(model.name, gone)
        return [self._projector(model, version) for version in sorted(live)]

    def _projector(self, model: ReadModel, version: int) -> Projector:
        key = (model.name, version)
        with self._shared:
            if key not in self._projectors:
                self._projectors[key] = Projector(
                    model, version, self.store, self.log, self.decode, self.options.batch_size
                )
            return self._projectors[key]

    def _forget(self, name: str, versions: Iterable[int]) -> None:
        """Drop the projectors of versions that are no longer live."""
        with self._shared:
            for version in versions:
                self._projectors.pop((name, version), None)

    def _met(self, projector: Projector) -> None:
        """Where a version stood when this process met it (0: it is being built)."""
        key = (projector.model.name, projector.version)
        with self._shared:
            known = key in self._tidied
        if not known:
            position = projector.position()
            with self._shared:
                self._tidied.setdefault(key, position)

    def _maybe_tidy(self, projector: Projector) -> None:
        key = (projector.model.name, projector.version)
        position = projector.position()
        with self._shared:
            since = self._tidied.setdefault(key, position)
        if position - since < TIDY_EVENTS:
            return
        try:
            self.store.tidy(projector.model, projector.version)
        except Exception:  # the tables stay as they are: autovacuum will get there
            log.warning("projection %s v%s: tidying failed", *key, exc_info=True)
        with self._shared:
            self._tidied[key] = position

    def _maybe_switch(self, model: ReadModel, projector: Projector) -> None:
        row = self.store.version(model.name, projector.version, cached=True)
        if row is None or row.state != BUILDING:
            return
        if row.position >= projector.head():
            self._forget(model.name, self.store.switch(model, projector.version))
            with self._shared:
                self._active_versions[model.name] = projector.version
            self.announce(model.name, projector.position())

    # --- rebuild, read-your-writes, status ------------------------------------------------

    def rebuild(self, name: str) -> int:
        """Start building the next version beside the current one; returns its number.

        The version switches in when it has caught up; the old tables are then dropped.
        """
        model = self.models[name]
        rows = self.store.versions(name)
        building = [r for r in rows if r.state == BUILDING]
        if building:
            return building[-1].version
        version = (rows[-1].version + 1) if rows else model.version
        self.store.create_version(model, version, BUILDING if rows else ACTIVE)
        self.wake([name])
        return version

    def wait_for(
        self, position: int | None, timeout: float = 5.0, names: Iterable[str] | None = None
    ) -> bool:
        """Wait (bounded) until the active versions have processed `position`.

        True when they have; False on timeout, and when one of them is stopped by an error
        (waiting would be in vain; `status()` tells which and why), seen at the latest at
        the first look at the store (`WAIT_SAFETY_POLL`).
        """
        if position is None:
            return True
        wanted = set(self.models if names is None else names)
        advanced = threading.Event()
        stop_listening = self.advances.listen(
            lambda name, _: advanced.set() if name in wanted else None
        )
        deadline = time.monotonic() + timeout
        seen = _Waiting(position)
        ask_store = False
        try:
            while True:
                advanced.clear()
                behind = self._behind(wanted, seen, ask_store)
                if behind is None:
                    return False
                if not behind:
                    return True
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self.wake(behind)
                # Woken by the batch that commits; the short cap covers an advance made by
                # a process whose notification this one has not heard (or cannot hear):
                # then the store is asked.
                ask_store = not advanced.wait(min(remaining, WAIT_SAFETY_POLL))
        finally:
            stop_listening()

    def _behind(self, names: Iterable[str], seen: _Waiting, ask_store: bool) -> list[str] | None:
        """The read models that have not processed the position; None when one is stopped
        by an error. A read model tracked short of it has processed it all the same when no
        event it follows lies in between: it is not woken for events it does not follow
        (`wake_for`), and would otherwise seem behind until its next poll — a mutation
        waiting for the read models would wait for it, and with `KYODO_PROJECTIONS=worker`
        the API cannot wake the workers.

        The positions announced (`advances`: this process's read models' and, on
        PostgreSQL, the workers') answer first; the tracking rows are read for a read model
        that has announced none, and for all when `ask_store` (no advance came in time).
        Whether events they follow lie in between is one question for all of them, and a
        wait does not ask it again from the same position (the log up to the position does
        not change). Before, every round of a wait read every read model's tracking row and
        asked the log for each one short of the position: a note's wait cost PostgreSQL
        more CPU than the note."""
        position = seen.position
        behind: list[str] = []
        unsure: dict[str, int] = {}  # short of the position, from where to ask
        for name in names:
            if name in seen.done:
                continue
            at = self.advances.position(name)
            if at is not None and at >= position:
                seen.done.add(name)
                continue
            if at is None or ask_store:
                row = self.store.active(name)
                if row is not None and row.error:
                    return None
                if row is None:
                    behind.append(name)
                    continue
                at = max(at or 0, row.position)
                if at >= position:
                    seen.done.add(name)
                    continue
            if seen.following.get(name) == at:
                behind.append(name)  # an event it follows lies after `at`: still behind
            else:
                unsure[name] = at
        found = self._following({n: self._quiet_until(n, at) for n, at in unsure.items()}, position)
        for name, at in unsure.items():
            if name in found:
                seen.following[name] = at
                behind.append(name)
            else:
                seen.done.add(name)
                self._quiet_since(name, at, position)
        return behind

    def _quiet_until(self, name: str, at: int) -> int:
        """From where to look for an event `name` follows after its position `at`: past the
        stretch an earlier wait found without one (while the read model is still at `at`).
        A read model that follows rare events stays at its position for thousands of events:
        each wait looked at all of them again."""
        with self._shared:
            since, until = self._quiet.get(name, (at, at))
        return until if since == at else at

    def _quiet_since(self, name: str, at: int, until: int) -> None:
        """No event `name` follows lies after its position `at` up to `until`."""
        with self._shared:
            since, before = self._quiet.get(name, (at, at))
            self._quiet[name] = (at, max(until, before) if since == at else until)

    def _following(self, after: Mapping[str, int], position: int) -> set[str]:
        """Which of the read models have an event they follow after their position (`after`)
        up to `position`: one selection of the log for all of them, continued `FOLLOW_SCAN`
        events at a time, for those still undecided, while it comes back full."""
        undecided = {name: set(self.models[name].topics) for name in after}
        found: set[str] = set()
        start = min(after.values(), default=position)
        while undecided and start < position:
            notes = self.log.select_notifications(
                start,
                FOLLOW_SCAN,
                stop=position,
                topics=sorted(set().union(*undecided.values())),
                inclusive_of_start=False,
            )
            for note in notes:
                for name in [n for n, t in undecided.items() if note.topic in t]:
                    if note.id > after[name]:
                        found.add(name)
                        del undecided[name]
            if len(notes) < FOLLOW_SCAN:
                break
            start = notes[-1].id
        return found

    def status(self, workers: bool = False) -> list[ReadModelStatus]:
        """Every version of every read model; one not built yet shows at position 0. With
        `workers`, which worker runs each (a question on a connection of its own: asked by
        `kyodo projections status`, not by every health check)."""
        result = []
        parked = self.store.parked_counts()
        held = self.locks.holders(self._lock_names.values()) if workers else {}
        for name, model in self.models.items():
            rows = self.store.versions(name) or [unbuilt(model)]
            result += [
                replace(
                    status_of(
                        model,
                        row,
                        self.store,
                        self.log,
                        self.decode,
                        parked=parked.get((name, row.version), 0),
                    ),
                    worker=held.get(self._lock_names[name]),
                )
                for row in rows
            ]
        return result

    def behind(self, head: int) -> list[str]:
        """The read models that have yet to take in an event they follow at or below
        `head` (by their active version; one not built yet is behind wherever the log holds
        such an event). `/readyz` asks it until every read model has caught up with the log
        as it stood when the server started."""
        late = []
        for name, model in self.models.items():
            row = self.store.active(name) or unbuilt(model)
            if row.position < head and self.log.select_notifications(
                row.position, 1, stop=head, topics=model.topics, inclusive_of_start=False
            ):
                late.append(name)
        return late

    # --- parked events ----------------------------------------------------------------------

    def dead_letters(self, name: str | None = None) -> list[DeadLetter]:
        return self.store.dead_letters(name)

    def retry(self, name: str, position: int) -> list[DeadLetter]:
        """Apply the event at `position` again, on its own, to each version of `name` that
        parked (or skipped) it; a success removes the dead letter. Returns the dead letters
        that failed again, with their new error. The event lands after the events that
        followed it: for a read model whose rows depend on order, rebuild instead."""
        model = self.models[name]
        letters = self._parked_at(name, position)
        notes = self.log.select_notifications(
            position, 1, topics=model.topics, inclusive_of_start=True
        )
        note = next((n for n in notes if n.id == position), None)
        failed = []
        for parked in letters:
            try:
                if note is None:
                    raise LookupError(f"notification {position} is not in the ledger's log")
                changes = model.changes(self.decode(note), note.id)
                self.store.apply_parked(model, parked.version, position, changes)
            except Exception as error:  # refused again: the dead letter stays, with this error
                if self.store.is_transient(error):
                    raise
                text = error_text(error)
                self.store.mark_parked(parked, "error", text)
                failed.append(replace(parked, error=text))
        return failed

    def skip(self, name: str, position: int) -> list[DeadLetter]:
        """Mark the event parked at `position` as skipped: kept for the record, no longer
        counted as parked."""
        letters = self._parked_at(name, position)
        for parked in letters:
            self.store.mark_parked(parked, "state", SKIPPED)
        return [replace(parked, state=SKIPPED) for parked in letters]

    def _parked_at(self, name: str, position: int) -> list[DeadLetter]:
        found = [d for d in self.store.dead_letters(name) if d.position == position]
        if not found:
            raise NotParkedError(f"{name} has no parked event at position {position}")
        return found

    def run_forever(self) -> None:
        """The worker process: run until interrupted."""
        self.start()
        try:
            while not self._stopping.wait(1.0):
                pass
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()


def unbuilt(model: ReadModel) -> VersionRow:
    return VersionRow(model.name, model.version, model.version, "not built", 0, None, "")


@dataclass
class _Waiting:
    """What one wait has learnt: the read models that have processed its position (or follow
    no event before it), and, for the others, the position after which an event they follow
    lies (from a later position, the log is asked again)."""

    position: int
    done: set[str] = field(default_factory=set)
    following: dict[str, int] = field(default_factory=dict)
