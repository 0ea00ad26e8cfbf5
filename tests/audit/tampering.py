"""Alter a ledger's store behind its back, as someone with database access could: the same
change in SQLite or PostgreSQL, by (table, aggregate, version)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from uuid import UUID

import psycopg

from persistence.settings import Settings
from tests.conftest import POSTGRES_URL


@dataclass(frozen=True)
class Tamperer:
    settings: Settings

    @property
    def postgres(self) -> bool:
        return self.settings.database_url is not None

    def table(self, which: str) -> str:
        """`events` or `records`, as this store names them."""
        if not self.postgres:
            return {"events": "stored_events", "records": "event_records"}[which]
        prefix = self.settings.ledger_name.lower()
        return {"events": f"{prefix}_events", "records": f"{prefix}_event_records"}[which]

    def key(self, aggregate_id: UUID) -> object:
        return aggregate_id if self.postgres else aggregate_id.hex

    def execute(self, sql: str, *params: object) -> int:
        """Run `sql` (`?` placeholders) on the store; the number of rows it changed."""
        if self.postgres:
            with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
                return conn.execute(sql.replace("?", "%s"), params).rowcount
        with closing(sqlite3.connect(self.settings.sqlite_path)) as conn, conn:
            return conn.execute(sql, params).rowcount

    def fetch(self, sql: str, *params: object) -> list[tuple[object, ...]]:
        if self.postgres:
            with psycopg.connect(POSTGRES_URL) as conn:
                return conn.execute(sql.replace("?", "%s"), params).fetchall()
        with closing(sqlite3.connect(self.settings.sqlite_path)) as conn:
            return conn.execute(sql, params).fetchall()

    def _where(self, aggregate_id: UUID, version: int) -> tuple[str, tuple[object, ...]]:
        return "originator_id = ? AND originator_version = ?", (self.key(aggregate_id), version)

    def state(self, aggregate_id: UUID, version: int) -> bytes:
        where, params = self._where(aggregate_id, version)
        [(state,)] = self.fetch(f"SELECT state FROM {self.table('events')} WHERE {where}", *params)
        return bytes(state)  # type: ignore[arg-type]

    def set_state(self, aggregate_id: UUID, version: int, state: bytes) -> None:
        where, params = self._where(aggregate_id, version)
        changed = self.execute(
            f"UPDATE {self.table('events')} SET state = ? WHERE {where}", state, *params
        )
        assert changed == 1

    def replace_in_state(self, aggregate_id: UUID, version: int, old: str, new: str) -> None:
        state = self.state(aggregate_id, version)
        assert old.encode() in state, state
        self.set_state(aggregate_id, version, state.replace(old.encode(), new.encode()))

    def set_record(self, aggregate_id: UUID, version: int, column: str, value: object) -> None:
        where, params = self._where(aggregate_id, version)
        changed = self.execute(
            f"UPDATE {self.table('records')} SET {column} = ? WHERE {where}", value, *params
        )
        assert changed == 1

    def delete(self, which: str, aggregate_id: UUID, version: int) -> None:
        where, params = self._where(aggregate_id, version)
        assert self.execute(f"DELETE FROM {self.table(which)} WHERE {where}", *params) == 1

    def swap(self, which: str, aggregate_id: UUID, first: int, second: int) -> None:
        """Exchange the version numbers of two rows (three updates, through a free number)."""
        table, key, spare = self.table(which), self.key(aggregate_id), 1_000_000
        for old, new in ((first, spare), (second, first), (spare, second)):
            changed = self.execute(
                f"UPDATE {table} SET originator_version = ? "
                "WHERE originator_id = ? AND originator_version = ?",
                new,
                key,
                old,
            )
            assert changed == 1
