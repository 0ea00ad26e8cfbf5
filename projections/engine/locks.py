"""One active worker per read model across processes: PostgreSQL session advisory locks,
and the read models shared out among the live workers.

All the locks of a process live on one dedicated connection. When the holding process dies,
PostgreSQL closes its session and releases the locks; a standby that keeps trying takes over
(ADR 2026-11-23-advisory-lock). On SQLite there is one process, so `NoLocks` always grants.

A service that `join`s counts as a worker of its group (a shared advisory lock on its
session): the group's read models are shared out among the live workers by their cost
(`shares`), each worker taking its own and leaving the others' (a worker that holds one
outside its share lets it go, for the worker whose share it now is). A read model left
without a holder for `takeover_after` seconds (its worker does not know it, or cannot take
it) is taken by whoever sees it so, and kept until the workers change. Every worker works
the shares out alike from the same list of workers (ADR 2026-12-04-sharing-read-models).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import socket
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol


class Locks(Protocol):
    def join(self, group: str, costs: Mapping[str, float]) -> None:
        """Count this process among the workers of `group`, whose read models (by lock
        name) cost as given: from now on `runs_here` tells which are this worker's."""
        ...

    def runs_here(self, name: str) -> bool:
        """Whether this process should run the read model of the lock `name` now."""
        ...

    def try_acquire(self, name: str) -> bool:
        """True when this process holds the lock named `name` (now or already)."""
        ...

    def release(self, name: str) -> None: ...

    def release_all(self) -> None: ...

    def holders(self, names: Iterable[str]) -> dict[str, str]:
        """Which worker holds each of these locks that is held (its host and process id)."""
        ...


class NoLocks:
    """Single-process stores: every lock is granted, every read model runs here."""

    def join(self, group: str, costs: Mapping[str, float]) -> None:
        return None

    def runs_here(self, name: str) -> bool:
        return True

    def try_acquire(self, name: str) -> bool:
        return True

    def release(self, name: str) -> None:
        return None

    def release_all(self) -> None:
        return None

    def holders(self, names: Iterable[str]) -> dict[str, str]:
        return {}


def shares(costs: Mapping[str, float], workers: int) -> list[list[str]]:
    """The read models each of `workers` workers runs: the costliest first, each to the
    worker whose share costs least so far (the first of them on a tie). The same costs and
    number of workers give the same shares in every process."""
    loads = [0.0] * max(workers, 1)
    out: list[list[str]] = [[] for _ in loads]
    for name in sorted(costs, key=lambda n: (-costs[n], n)):
        least = min(range(len(loads)), key=lambda w: (loads[w], w))
        out[least].append(name)
        loads[least] += costs[name]
    return out


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for `pg_try_advisory_lock`."""
    digest = hashlib.blake2b(f"kyodo-projection:{name}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def workers_key(group: str) -> int:
    """The key the workers of `group` hold shared (a read model's name has no colon)."""
    return lock_key(f"{group}:workers")


def _halves(key: int) -> tuple[int, int]:
    """How `pg_locks` shows a 64-bit advisory key: (classid, objid), its high and low half."""
    unsigned = key & 0xFFFF_FFFF_FFFF_FFFF
    return unsigned >> 32, unsigned & 0xFFFF_FFFF


_HELD = (
    "SELECT l.classid::bigint, l.objid::bigint, l.pid{named} FROM pg_locks l{join} "
    "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND l.database = %s"
)
"""The advisory locks held in this database: its oid read once per session (a look that
read `pg_database` each time made an idle worker's database count 1.3 more transactions a
second, by `pg_stat_database`); `holders` adds the holding sessions' names."""
_LOOK = _HELD.format(named="", join="")
_NAMED = _HELD.format(
    named=", a.application_name", join=" LEFT JOIN pg_stat_activity a ON a.pid = l.pid"
)
_SESSION = "SELECT pg_backend_pid(), oid FROM pg_database WHERE datname = current_database()"
WORKER_PREFIX = "kyodo-projections "
ALIVE_EVERY = 1.0
"""Seconds between two questions to the server whether the lock session is alive."""


def worker_name() -> str:
    """How this process's lock session names itself (`application_name`): host and pid."""
    return f"{socket.gethostname()} pid {os.getpid()}"


@dataclass(frozen=True)
class Workers:
    """What the workers' sessions hold, as one look at `pg_locks` saw it."""

    members: tuple[int, ...]
    """The live workers of the group (their sessions' backend pids, in order)."""
    holders: Mapping[str, int]
    """The holder of each read model's lock that is held (by lock name)."""


class AdvisoryLocks:
    """Session advisory locks, all held on one dedicated connection: a lost session (the
    process died, the connection broke) releases them all at once, as PostgreSQL does; one
    lock is released with `pg_advisory_unlock`. One connection per service, however many
    read models it runs."""

    def __init__(
        self,
        database_url: str,
        connect_timeout: int = 5,
        *,
        look_every: float = 2.0,
        takeover_after: float = 6.0,
    ) -> None:
        self.database_url = database_url
        self.connect_timeout = connect_timeout
        self.look_every = look_every
        """Seconds a look at the workers serves every read model's thread."""
        self.takeover_after = takeover_after
        """Seconds a read model outside this worker's share may lie unheld before it takes
        it: the worker whose share it is does not run it (it does not know it, or is stuck)."""
        self._conn: Any = None
        self._pid: int | None = None
        self._database: int | None = None
        self._held: set[str] = set()
        self._lock = threading.Lock()
        self._group: str | None = None
        self._costs: dict[str, float] = {}
        self._keys: dict[tuple[int, int], str] = {}
        """The read models' locks as `pg_locks` shows them, and the workers' key as ""."""
        self._seen: Workers | None = None
        self._seen_at = 0.0
        self._alive_at = 0.0
        self._mine: tuple[tuple[int, ...], frozenset[str]] = ((), frozenset())
        self._taken_over: set[str] = set()
        self._unheld_since: dict[str, float] = {}

    def join(self, group: str, costs: Mapping[str, float]) -> None:
        with self._lock:
            self._group, self._costs = group, dict(costs)
            self._keys = {_halves(lock_key(name)): name for name in costs}
            self._keys[_halves(workers_key(group))] = ""
            self._seen = None
            if self._conn is not None:
                self._enlist(self._conn)

    def runs_here(self, name: str) -> bool:
        with self._lock:
            if self._group is None or name not in self._costs:
                return True
            seen = self._look()
            if seen is None or self._pid not in seen.members:
                return True  # no session: `try_acquire` fails on its own
            if name in self._share(seen.members) or name in self._taken_over:
                return True
            if name in seen.holders:
                self._unheld_since.pop(name, None)
                return False
            now = time.monotonic()
            if now - self._unheld_since.setdefault(name, now) < self.takeover_after:
                return False
            self._taken_over.add(name)
            return True

    def _share(self, members: tuple[int, ...]) -> frozenset[str]:
        """This worker's share among `members`; the read models taken over are given back
        when the workers change."""
        if self._mine[0] != members:
            mine = shares(self._costs, len(members))[members.index(self._pid or 0)]
            self._mine = (members, frozenset(mine))
            self._taken_over.clear()
            self._unheld_since.clear()
        return self._mine[1]

    def _look(self) -> Workers | None:
        """The workers and the holders, looked at again after `look_every` seconds."""
        import psycopg

        now = time.monotonic()
        if self._seen is not None and now - self._seen_at < self.look_every:
            return self._seen
        try:  # a lost session shows here: no `SELECT 1` first
            conn = self._conn if self._conn is not None else self._session()
            rows = conn.execute(_LOOK, (self._database,)).fetchall()
        except psycopg.Error:
            self._reset()
            return None
        held = [(self._keys.get((c, o)), int(pid)) for c, o, pid in rows]
        members = tuple(sorted(pid for name, pid in held if name == ""))
        holders = {name: pid for name, pid in held if name}
        self._seen, self._seen_at = Workers(members, holders), now
        return self._seen

    def _enlist(self, conn: Any) -> None:
        """Hold the group's workers key, shared, on the session (once per session)."""
        if self._group is not None:
            conn.execute("SELECT pg_advisory_lock_shared(%s)", (workers_key(self._group),))

    def try_acquire(self, name: str) -> bool:
        import psycopg

        with self._lock:
            try:
                conn = self._session()
            except psycopg.OperationalError:
                return False
            if name in self._held:
                return True
            try:
                row = conn.execute("SELECT pg_try_advisory_lock(%s)", (lock_key(name),)).fetchone()
            except psycopg.Error:
                self._reset()
                return False
            if row is not None and row[0]:
                self._held.add(name)
                return True
            if not self._held and self._group is None:
                self._reset()  # a standby keeps no idle session between its tries
            return False

    def workers(self) -> tuple[tuple[int, ...], int | None]:
        """The live workers of the group, as last looked at, and this one (backend pids)."""
        with self._lock:
            return (() if self._seen is None else self._seen.members), self._pid

    def holders(self, names: Iterable[str]) -> dict[str, str]:
        """Asked on a connection of its own (`kyodo projections status` joins no group)."""
        import psycopg

        wanted = {_halves(lock_key(name)): name for name in names}
        with psycopg.connect(
            self.database_url, autocommit=True, connect_timeout=self.connect_timeout
        ) as conn:
            database = conn.execute(_SESSION).fetchone()
            rows = conn.execute(_NAMED, (database and database[1],)).fetchall()
        return {
            wanted[(c, o)]: str(named).removeprefix(WORKER_PREFIX) if named else f"pid {pid}"
            for c, o, pid, named in rows
            if (c, o) in wanted
        }

    def held(self) -> frozenset[str]:
        """The locks this process holds."""
        with self._lock:
            return frozenset(self._held)

    def release(self, name: str) -> None:
        import psycopg

        with self._lock:
            if name not in self._held or self._conn is None:
                return
            self._held.discard(name)
            try:
                self._conn.execute("SELECT pg_advisory_unlock(%s)", (lock_key(name),))
            except psycopg.Error:
                self._reset()
            self._seen = None  # the next look sees it let go

    def release_all(self) -> None:
        with self._lock:
            self._reset()

    def _session(self) -> Any:
        """The connection holding the locks; a new one (holding none) when it was lost."""
        import psycopg

        if self._conn is not None and self._alive(self._conn):
            return self._conn
        self._reset()
        conn = psycopg.connect(
            self.database_url,
            autocommit=True,
            connect_timeout=self.connect_timeout,
            application_name=(WORKER_PREFIX + worker_name())[:63],
        )
        try:
            row = conn.execute(_SESSION).fetchone()
            self._enlist(conn)
        except psycopg.Error:
            conn.close()
            raise
        self._pid, self._database = (None, None) if row is None else (int(row[0]), int(row[1]))
        self._conn = conn
        return conn

    def _reset(self) -> None:
        """Close the session: every lock it held is released, and it is no longer counted
        among the workers."""
        self._held.clear()
        self._seen = None
        if self._conn is not None:
            with contextlib.suppress(Exception):
                self._conn.close()
        self._conn = None

    def _alive(self, conn: Any) -> bool:
        """Whether the session still holds its locks: asked of the server (`SELECT 1`) at
        most every `ALIVE_EVERY` seconds. Every round of every read model asked, a round
        trip per event saved and read model. A session lost meanwhile costs at most a batch
        that another worker also writes: the tracking row's move refuses the second
        (TrackingConflictError); a connection the client knows is broken shows at once."""
        import psycopg

        if conn.closed or conn.broken:
            return False
        now = time.monotonic()
        if now - self._alive_at < ALIVE_EVERY:
            return True
        try:
            conn.execute("SELECT 1")
        except psycopg.Error:
            return False
        self._alive_at = now
        return True
