"""One active worker per read model across processes: PostgreSQL session advisory locks.

Each lock lives on a dedicated connection. When the holding process dies, PostgreSQL closes
its session and releases the lock; a standby that keeps trying takes over
(ADR 2026-11-23-advisory-lock). On SQLite there is one process, so `NoLocks` always grants.
"""

from __future__ import annotations

import hashlib
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
    """Session advisory locks, one connection per lock held."""

    def __init__(self, database_url: str, connect_timeout: int = 5) -> None:
        self.database_url = database_url
        self.connect_timeout = connect_timeout
        self._held: dict[str, Any] = {}

    def try_acquire(self, name: str) -> bool:
        import psycopg

        conn = self._held.get(name)
        if conn is not None:
            if self._alive(conn):
                return True
            self._drop(name)
        try:
            conn = psycopg.connect(
                self.database_url, autocommit=True, connect_timeout=self.connect_timeout
            )
        except psycopg.OperationalError:
            return False
        granted = conn.execute("SELECT pg_try_advisory_lock(%s)", (lock_key(name),)).fetchone()
        if granted is not None and granted[0]:
            self._held[name] = conn
            return True
        conn.close()
        return False

    def release(self, name: str) -> None:
        self._drop(name)

    def release_all(self) -> None:
        for name in list(self._held):
            self._drop(name)

    def _alive(self, conn: Any) -> bool:
        import psycopg

        try:
            conn.execute("SELECT 1")
        except psycopg.Error:
            return False
        return True

    def _drop(self, name: str) -> None:
        conn = self._held.pop(name, None)
        if conn is not None:
            conn.close()
