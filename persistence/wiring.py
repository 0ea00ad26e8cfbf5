"""Builds a Ledger from settings. The one place that knows which store is in use."""

from __future__ import annotations

import select
import weakref
from collections.abc import Callable
from typing import Any

import psycopg
from eventsourcing.postgres import PostgresAggregateRecorder, PostgresDatastore
from psycopg_pool import ConnectionPool

from application.ledger import Ledger
from persistence.idempotency import fail_fast
from persistence.settings import Settings


def build_ledger(settings: Settings) -> Ledger:
    if settings.database_url is None:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    cls = Ledger if settings.ledger_name == "Ledger" else Ledger.for_tenant(settings.ledger_name)
    ledger = cls(env=settings.ledger_env())
    bound_new_connections(ledger, settings.connect_timeout)
    check_without_round_trip(ledger)
    snapshots_fail_fast(ledger)
    return ledger


def bound_new_connections(ledger: Ledger, seconds: int) -> None:
    """The library opens its pool's connections with no connect timeout (psycopg then waits
    130 s): behind a silent network every pool worker would hang that long, and the pool
    would not come back when the network does. Give new connections `seconds`."""
    datastore = getattr(ledger.recorder, "datastore", None)
    if isinstance(datastore, PostgresDatastore) and isinstance(datastore.pool.kwargs, dict):
        datastore.pool.kwargs["connect_timeout"] = max(2, seconds)


def check_without_round_trip(ledger: Ledger) -> None:
    """Check each pooled connection as it is handed out, as the library's pre-ping does,
    but without its round trip (a third of a command's): a connection the server closed
    (restarted, `pg_terminate_backend`, an idle timeout) has its end-of-file, and the
    server's last words, waiting on its socket. The pool discards a connection that fails
    and hands out another. A connection cut silently (no FIN) passes, as it passed the
    ping only to hang; one closed after the check fails its statement, as after a ping."""
    datastore = getattr(ledger.recorder, "datastore", None)
    if isinstance(datastore, PostgresDatastore):
        datastore.pool._check = _checked(datastore.pool)  # where psycopg_pool keeps `check`


def _checked(pool: ConnectionPool[Any]) -> Callable[[psycopg.Connection[Any]], None]:
    owner = weakref.ref(pool)  # the pool keeps this callback: no cycle through it

    def check(conn: psycopg.Connection[Any]) -> None:
        try:
            alive(conn)
        except psycopg.OperationalError:
            # The server closed one: it likely closed them all (a restart). The pool, left
            # alone, would try the next one a second later, its whole wait for a
            # connection: sort out every idle one now (a ping each: rare), so that new
            # ones are being opened when the pool looks again.
            checked = owner()
            if checked is not None:
                checked.check()
            raise

    return check


def alive(conn: psycopg.Connection[Any]) -> None:
    """Raise if the server has closed `conn`; read whatever else waits (notifications)."""
    if conn.closed or conn.broken:
        raise psycopg.OperationalError("the connection is closed")
    waiting = select.poll()
    waiting.register(conn.fileno(), select.POLLIN)
    for _ in range(8):  # an error message, then the end of the stream: two reads
        if not waiting.poll(0):
            return
        conn.pgconn.consume_input()  # raises once the server's end is reached
    raise psycopg.OperationalError("the server keeps sending to an idle connection")


def snapshots_fail_fast(ledger: Ledger) -> None:
    """The snapshots' recorder is the library's own class (no topic chooses it): give it the
    events' recorder policy, else loading a case with the database away took 11.8 s
    (10 tries, each waiting for the pool) instead of 1 s."""
    recorder = getattr(ledger.snapshots, "recorder", None)
    if isinstance(recorder, PostgresAggregateRecorder):
        kind = type(recorder)
        recorder.select_events = fail_fast(kind.select_events).__get__(recorder)
        recorder.insert_events = fail_fast(kind.insert_events, 1).__get__(recorder)
