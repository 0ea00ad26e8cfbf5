"""A save's whole transaction as one simple query, its values bound by psycopg on the client.

`BEGIN`, the library's lock statements (`SET LOCAL lock_timeout`, `LOCK TABLE … IN
EXCLUSIVE MODE`), `NOTIFY`, the events' `INSERT … RETURNING notification_id`, their
`event_records`, the command's key, `COMMIT`: one message, answered once, as the pipeline
of eight statements it replaces — whose per-statement work in psycopg (about 25 µs each,
the events' composite array the most) was a third of a command's CPU (ADR
2026-12-02-performance, "One writer's CPU"). The stored values are the same: psycopg
quotes each one (`bytea` in hex) and the server reads them back to the same bytes.
An error stops the rest of the query and leaves the transaction aborted, as an error in
the pipeline did: the caller rolls it back.

Statements are rendered once per shape (number of events, with or without a key), against
the connection that first runs them, instead of psycopg rendering every `Composed` again
at every execution.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from psycopg import Connection
from psycopg.abc import Query
from psycopg.sql import SQL, Composable

CACHED_UP_TO = 16
"""Shapes kept rendered: a command saves one to a few events; a generator's batch of
hundreds is rendered for itself."""


class Rendered:
    """One composed statement as bytes, rendered by the first connection that runs it
    (every connection of a store has its encoding)."""

    def __init__(self, statement: Composable) -> None:
        self.statement = statement
        self._bytes: bytes | None = None

    def __call__(self, conn: Connection[Any]) -> bytes:
        if self._bytes is None:
            self._bytes = self.statement.as_bytes(conn)
        return self._bytes


class SaveTransaction:
    """`head`: statements sent before the events (the lock, `NOTIFY` with its payload);
    `events`, `records`: `INSERT INTO table (columns)` of each, their rows added here;
    `key`: the key's whole `INSERT`."""

    def __init__(
        self,
        head: Sequence[Query],
        events: Composable,
        records: Composable,
        key: Composable,
    ) -> None:
        self._head: list[Query] = [SQL("BEGIN"), *head]
        self._events, self._records, self._key = events, records, key
        self.returning = len(self._head)
        """Results before the events' ids: how many times to move to the next one."""
        self._texts: dict[tuple[int, bool], bytes] = {}

    def text(self, conn: Connection[Any], events: int, keyed: bool) -> bytes:
        """The query for `events` events (and their records), with the key's row if
        `keyed`; its values in that order: each event's id, version, topic and state, each
        record's seven columns, the key's six values — after the values of `head`'s
        statements (the `NOTIFY`'s payload)."""
        shape = (events, keyed)
        found = self._texts.get(shape)
        if found is None:
            found = self._render(conn, events, keyed)
            if events <= CACHED_UP_TO:
                self._texts[shape] = found
        return found

    def _render(self, conn: Connection[Any], events: int, keyed: bool) -> bytes:
        statements = [_bytes(s, conn) for s in self._head]
        statements.append(
            self._events.as_bytes(conn)
            + b" VALUES "
            + b",".join([b"(%s,%s,%s,%s)"] * events)
            + b" RETURNING notification_id"
        )
        statements.append(
            self._records.as_bytes(conn)
            + b" VALUES "
            + b",".join([b"(%s,%s,%s,%s,%s,%s,%s)"] * events)
        )
        if keyed:
            statements.append(self._key.as_bytes(conn))
        statements.append(b"COMMIT")
        return b"; ".join(statements)


def _bytes(statement: Query, conn: Connection[Any]) -> bytes:
    if isinstance(statement, Composable):
        return statement.as_bytes(conn)
    if isinstance(statement, str):
        return statement.encode(conn.info.encoding)
    if isinstance(statement, bytes):
        return statement
    raise TypeError(f"not a statement psycopg renders here: {statement!r}")
