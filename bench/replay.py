"""Benchmark: replaying a case of 2,000 events to a point, on SQLite and PostgreSQL.

Builds one case of --events events (notes, saved in batches; the ledger snapshots it every
50 versions) in a store of its own, then prints, for each way of replaying it, the median
time over --runs runs, the events decoded, and the ratio to the reference:
  - reference: reading and decoding every stored event of the case (no snapshot),
  - at a version (a snapshot and the events after it),
  - as known at a record time (the record-time index, then as at a version),
  - as of a business date (the index's dates, the corrections, then the kept events after
    the longest kept prefix),
  - one command on the case (load from the snapshot, decide, save).

PostgreSQL (with --postgres): a database of its own (KYODO_BENCH_REPLAY_URL, default
postgresql://postgres@127.0.0.1:5432/kyodo_bench, created when missing), never `test`.

    .venv/bin/python bench/replay.py [--events 2000] [--runs 7] [--postgres]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import psycopg
from psycopg import sql

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from application.ledger import Ledger
from application.replay import AsOf, CaseReplay
from persistence.record_index import record_times
from persistence.settings import Settings
from persistence.wiring import build_ledger
from tests.replay.long_case import long_case
from tests.support import FACILITATOR

POSTGRES_URL = os.environ.get(
    "KYODO_BENCH_REPLAY_URL", "postgresql://postgres@127.0.0.1:5432/kyodo_bench"
)


def ensure_database(url: str) -> None:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if found is None:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_tables(url: str, ledger_name: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE %s",
            (ledger_name.lower() + "\\_%",),
        ).fetchall()
        for (table,) in rows:
            conn.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(sql.Identifier(table)))


def timed(run: Callable[[], Any], runs: int, ledger: Ledger) -> tuple[float, int]:
    """Median seconds of `runs` runs, and the stored events (and snapshots) one run decoded."""
    original = ledger.mapper.to_domain_event
    count = [0]

    def counting(stored: Any) -> Any:
        count[0] += 1
        return original(stored)

    times = []
    for _ in range(runs):
        count[0] = 0
        ledger.mapper.to_domain_event = counting  # type: ignore[method-assign]
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
        ledger.mapper.to_domain_event = original  # type: ignore[method-assign]
    return statistics.median(times), count[0]


def bench(label: str, settings: Settings, events: int, runs: int) -> None:
    ledger = build_ledger(settings)
    try:
        case_id = long_case(ledger, events)
        replay = CaseReplay(ledger, record_times(ledger.recorder))
        moment = ledger.get_case(case_id, version=events * 3 // 4).modified_on
        middle = events // 2
        ways: list[tuple[str, Callable[[], Any]]] = [
            ("reference: decode every event", lambda: list(ledger.events.get(case_id))),
            (f"at version {events - 1}", lambda: replay.as_of(case_id, AsOf(version=events - 1))),
            (f"at version {middle}", lambda: replay.as_of(case_id, AsOf(version=middle))),
            ("as known at a record time", lambda: replay.as_of(case_id, AsOf(recorded_at=moment))),
            (
                "as of a business date",
                lambda: replay.as_of(case_id, AsOf(occurred_on=date(2024, 9, 1))),
            ),
        ]
        print(f"== {label}: one case of {events} events")
        reference = None
        for name, run in ways:
            seconds, decoded = timed(run, runs, ledger)
            reference = reference or seconds
            print(
                f"  {name:<34} {seconds * 1000:8.1f} ms  {decoded:5d} decoded  "
                f"ratio {seconds / reference:5.2f}"
            )

        def note() -> None:
            ledger.add_note(FACILITATOR, case_id, text="ベンチ", occurred_on=date(2025, 3, 1))

        seconds, decoded = timed(note, 1, ledger)
        print(
            f"  {'one command on the case':<34} {seconds * 1000:8.1f} ms  {decoded:5d} decoded  "
            f"ratio {seconds / reference:5.2f}"
        )
    finally:
        ledger.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--postgres", action="store_true", help="also on PostgreSQL")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bench("SQLite", Settings(data_dir=Path(tmp)), args.events, args.runs)
    if not args.postgres:
        return
    ensure_database(POSTGRES_URL)
    name = "bench_replay_" + uuid.uuid4().hex[:8]
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(database_url=POSTGRES_URL, data_dir=Path(tmp), ledger_name=name)
        try:
            bench("PostgreSQL", settings, args.events, args.runs)
        finally:
            drop_tables(POSTGRES_URL, name)


if __name__ == "__main__":
    main()
