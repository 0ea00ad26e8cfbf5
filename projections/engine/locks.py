"""One active worker per read model across processes: PostgreSQL session advisory locks.

All the locks of a process live on one dedicated connection. When the holding process dies,
PostgreSQL closes its session and releases the locks; a standby that keeps trying takes over
(ADR 2026-11-23-advisory-lock). On SQLite there is one process, so `NoLocks` always grants.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
from typing import Any, Protocol


class Locks(Protocol):
    def try_acquire(self, name: str) -> bool:
        """True when this process holds the lock named `name` (now or already)."""
        ...

    def release_all(self) -> None: ...


class NoLocks:
    """Single-process stores: every lock is granted."""

    def try_acquire(self, name: str) -> bool:
        return True

    def release_all(self) -> None:
        return None


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for `pg_try_advisory_lock`."""
    digest = hashlib.blake2b(f"kyodo-projection:{name}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


class AdvisoryLocks:
    """Session advisory locks, all held on one dedicated connection: a lost session (the
    process died, the connection broke) releases them all at once, as PostgreSQL does; one
    lock is released with `pg_advisory_unlock`. One connection per service, however many
    read models it runs."""

    def __init__(self, database_url: str, connect_timeout: int = 5) -> None:
        self.database_url = database_url
        self.connect_timeout = connect_timeout
        self._conn: Any = None
        self._held: set[str] = set()
        self._lock = threading.Lock()

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
            if not self._held:
                self._reset()  # a standby keeps no idle session between its tries
            return False

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

    def release_all(self) -> None:
        with self._lock:
            self._reset()

    def _session(self) -> Any:
        """The connection holding the locks; a new one (holding none) when it was lost."""
        import psycopg

        if self._conn is not None and self._alive(self._conn):
            return self._conn
        self._reset()
        self._conn = psycopg.connect(
            self.database_url, autocommit=True, connect_timeout=self.connect_timeout
        )
        return self._conn

    def _reset(self) -> None:
        """Close the session: every lock it held is released."""
        self._held.clear()
        if self._conn is not None:
            with contextlib.suppress(Exception):
                self._conn.close()
        self._conn = None

    def _alive(self, conn: Any) -> bool:
        import psycopg

        try:
            conn.execute("SELECT 1")
        except psycopg.Error:
            return False
        return True
