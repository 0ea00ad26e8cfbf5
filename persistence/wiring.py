"""Builds a Ledger from settings. The one place that knows which store is in use."""

from __future__ import annotations

from eventsourcing.postgres import PostgresAggregateRecorder, PostgresDatastore

from application.ledger import Ledger
from persistence.idempotency import fail_fast
from persistence.settings import Settings


def build_ledger(settings: Settings) -> Ledger:
    if settings.database_url is None:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    cls = Ledger if settings.ledger_name == "Ledger" else Ledger.for_tenant(settings.ledger_name)
    ledger = cls(env=settings.ledger_env())
    bound_new_connections(ledger, settings.connect_timeout)
    snapshots_fail_fast(ledger)
    return ledger


def bound_new_connections(ledger: Ledger, seconds: int) -> None:
    """The library opens its pool's connections with no connect timeout (psycopg then waits
    130 s): behind a silent network every pool worker would hang that long, and the pool
    would not come back when the network does. Give new connections `seconds`."""
    datastore = getattr(ledger.recorder, "datastore", None)
    if isinstance(datastore, PostgresDatastore) and isinstance(datastore.pool.kwargs, dict):
        datastore.pool.kwargs["connect_timeout"] = max(2, seconds)


def snapshots_fail_fast(ledger: Ledger) -> None:
    """The snapshots' recorder is the library's own class (no topic chooses it): give it the
    events' recorder policy, else loading a case with the database away took 11.8 s
    (10 tries, each waiting for the pool) instead of 1 s."""
    recorder = getattr(ledger.snapshots, "recorder", None)
    if isinstance(recorder, PostgresAggregateRecorder):
        kind = type(recorder)
        recorder.select_events = fail_fast(kind.select_events).__get__(recorder)
        recorder.insert_events = fail_fast(kind.insert_events, 1).__get__(recorder)
