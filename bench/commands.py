"""Benchmark: a ledger command (load the case, add a note, save) against its raw reference.

kyodo: `ledger.handle(ctx, AddNote(...))` — permissions, the case (the copy the ledger kept
of it after its last save, as a server has for the cases it serves), rule, save with the hash
chain and the record-time index; and "each case loaded": the same with the case loaded from
the store at each command (its snapshot and the events after it), as a process that has
not saved it yet does. Raw reference, same run, interleaved: one transaction per
command that selects the case's stored events, inserts the event row (RETURNING its
notification id), selects the previous hash and inserts the hash row; "+lock" also takes
`LOCK TABLE … IN EXCLUSIVE MODE` as the library does on every insert. The reference writes
copies of kyodo's own rows in tables of its own beside them.

PostgreSQL with 1 and 4 writers (a database created for the run), SQLite with 1 writer.
Also counts, for one kyodo command and one reference command, the round trips on the wire
(through a counting proxy, `tests/faults/pgproxy.py`: each time the server answers after
the client sent) and the driver calls (`execute`, `executemany`, `commit`, `rollback`; the
count this benchmark reported before 2026-12-03, where a pipelined statement counts as one
and a no-op commit of an autocommit connection too).

    .venv/bin/python bench/commands.py [--cases 300] [--seconds 3] [--rounds 3]
        [--database kyodo_bench_commands] [--skip-sqlite] [--stale]
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import os
import random
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

from common import (
    drop_database,
    fresh_database,
    generate,
    interleave,
    line,
    quiet_logs,
    ratio,
    run_for,
    write_result,
)

from application.ledger import Ledger
from demo.loader import default_context, facilitator
from domain.commands import AddNote
from persistence.settings import Settings
from persistence.wiring import build_ledger
from tests.faults.pgproxy import PgProxy

DATABASE = "kyodo_bench_commands"


def kyodo_command(
    ledger: Ledger, cases: list[tuple[UUID, str]], kept: bool = True
) -> Callable[[], Any]:
    """`kept`: the ledger decides on the copy it kept of a case it saved (as a server does
    for the cases it serves); else each case is loaded, as in a process that has not saved
    it yet (its copy dropped before the command)."""
    picks = itertools.cycle(random.Random(1).sample(cases, len(cases)))
    lock = threading.Lock()
    today = datetime.now(UTC).date()

    def command() -> Any:
        with lock:
            case_id, centre = next(picks)
        if not kept:
            ledger.working_copies.take(case_id)
        ctx = default_context(facilitator(centre), "bench")
        return ledger.handle(ctx, AddNote(case_id=case_id, text="ベンチのメモ", occurred_on=today))

    return command


# --- PostgreSQL reference --------------------------------------------------------------


def postgres_reference(url: str, cases: list[UUID], lock_table: bool) -> Callable[[], Any]:
    """The raw command on `raw_events`/`raw_records`, copies of kyodo's tables."""
    from psycopg_pool import ConnectionPool

    pool = ConnectionPool(url, min_size=4, max_size=8, open=True)
    picks = itertools.cycle(random.Random(2).sample(cases, len(cases)))
    state = b'{"text":"\\u30d9\\u30f3\\u30c1\\u306e\\u30e1\\u30e2"}'
    guard = threading.Lock()

    def command() -> Any:
        with guard:
            case_id = next(picks)
        with pool.connection() as conn:
            if lock_table:
                conn.execute("LOCK TABLE raw_events IN EXCLUSIVE MODE")
            rows = conn.execute(
                "SELECT originator_version, topic, state FROM raw_events "
                "WHERE originator_id = %s ORDER BY originator_version",
                (case_id,),
            ).fetchall()
            version = rows[-1][0] + 1
            conn.execute(
                "INSERT INTO raw_events (originator_id, originator_version, topic, state) "
                "VALUES (%s, %s, %s, %s) RETURNING notification_id",
                (case_id, version, "kyodo:Case.NoteAdded", state),
            ).fetchone()
            previous = conn.execute(
                "SELECT hash FROM raw_records WHERE originator_id = %s AND originator_version = %s",
                (case_id, version - 1),
            ).fetchone()
            digest = hashlib.sha256((previous[0] if previous else "").encode() + state)
            conn.execute(
                "INSERT INTO raw_records (originator_id, originator_version, topic, "
                "recorded_at, occurred_on, prev_hash, hash) VALUES (%s,%s,%s,now(),%s,%s,%s)",
                (case_id, version, "kyodo:Case.NoteAdded", None, "", digest.hexdigest()),
            )

    command.pool = pool  # type: ignore[attr-defined]
    return command


def copy_postgres_tables(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE raw_events (LIKE ledger_events INCLUDING ALL)")
        conn.execute("INSERT INTO raw_events SELECT * FROM ledger_events")
        conn.execute("CREATE TABLE raw_records (LIKE ledger_event_records INCLUDING ALL)")
        conn.execute("INSERT INTO raw_records SELECT * FROM ledger_event_records")
        conn.execute("ANALYZE")


# --- SQLite reference ---------------------------------------------------------------------


def sqlite_reference(path: Path, cases: list[UUID]) -> Callable[[], Any]:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode = WAL")
    picks = itertools.cycle(random.Random(3).sample(cases, len(cases)))
    state = b'{"text":"bench"}'

    def command() -> Any:
        case_id = next(picks).hex
        conn.execute("BEGIN IMMEDIATE")
        rows = conn.execute(
            "SELECT originator_version, topic, state FROM stored_events "
            "WHERE originator_id = ? ORDER BY originator_version",
            (case_id,),
        ).fetchall()
        version = rows[-1][0] + 1
        conn.execute(
            "INSERT INTO stored_events (originator_id, originator_version, topic, state) "
            "VALUES (?, ?, ?, ?)",
            (case_id, version, "kyodo:Case.NoteAdded", state),
        )
        previous = conn.execute(
            "SELECT hash FROM event_records WHERE originator_id = ? AND originator_version = ?",
            (case_id, version - 1),
        ).fetchone()
        digest = hashlib.sha256((previous[0] if previous else "").encode() + state)
        conn.execute(
            "INSERT INTO event_records VALUES (?, ?, ?, ?, ?, ?, ?)",
            (case_id, version, "kyodo:Case.NoteAdded", "", None, "", digest.hexdigest()),
        )
        conn.execute("COMMIT")

    return command


# --- round trips --------------------------------------------------------------------------


@contextmanager
def counting_round_trips() -> Iterator[dict[str, int]]:
    """Counts psycopg statements (execute, executemany) and commits/rollbacks."""
    import psycopg

    counts = {"statements": 0, "commits": 0}
    originals = {
        "execute": psycopg.Cursor.execute,
        "executemany": psycopg.Cursor.executemany,
        "commit": psycopg.Connection.commit,
        "rollback": psycopg.Connection.rollback,
    }

    def counted(name: str, key: str) -> Any:
        def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            counts[key] += 1
            return originals[name](self, *args, **kwargs)

        return wrapper

    psycopg.Cursor.execute = counted("execute", "statements")  # type: ignore[method-assign]
    psycopg.Cursor.executemany = counted("executemany", "statements")  # type: ignore[method-assign]
    psycopg.Connection.commit = counted("commit", "commits")  # type: ignore[method-assign]
    psycopg.Connection.rollback = counted("rollback", "commits")  # type: ignore[method-assign]
    try:
        yield counts
    finally:
        psycopg.Cursor.execute = originals["execute"]  # type: ignore[method-assign]
        psycopg.Cursor.executemany = originals["executemany"]  # type: ignore[method-assign]
        psycopg.Connection.commit = originals["commit"]  # type: ignore[method-assign]
        psycopg.Connection.rollback = originals["rollback"]  # type: ignore[method-assign]


def round_trips(command: Callable[[], Any], times: int = 50) -> float:
    """Driver calls per command (statements, commits and rollbacks)."""
    with counting_round_trips() as counts:
        for _ in range(times):
            command()
    return (counts["statements"] + counts["commits"]) / times


def stale_command(ledgers: list[Ledger], cases: list[tuple[UUID, str]]) -> Callable[[], Any]:
    """Two ledgers (two processes' view of one store) writing the same cases in turn, the
    whole cycle on one and then on the other: every case a ledger finds kept was written by
    the other since, so each command's save is refused and the case loaded anew."""
    commands = [kyodo_command(ledger, cases) for ledger in ledgers]
    calls = itertools.count()
    guard = threading.Lock()

    def command() -> Any:
        with guard:
            turn = next(calls) // len(cases) % len(commands)
        return commands[turn]()

    return command


def wire_round_trips(
    url: str,
    open_command: Callable[[str], tuple[Callable[[], Any], Callable[[], None]]],
    warm: int = 10,
) -> float:
    """Round trips on the wire per command: `open_command(url)` gives a command and its
    closing, built on a counting proxy to `url`; counted after `warm` commands (the pool
    open, the statements prepared; kyodo: each case saved once, so kept), over fifty."""
    proxy = PgProxy(url)
    command, close = open_command(proxy.url)
    try:
        for _ in range(warm):
            command()
        proxy.exchanges = 0
        times = 50
        for _ in range(times):
            command()
        return proxy.exchanges / times
    finally:
        close()
        proxy.close()


# --- main -----------------------------------------------------------------------------------


def case_ids(generator: Any) -> list[tuple[UUID, str]]:
    return [(case_id, centre) for case_id, centre in generator.centres.items()]


def postgres(args: argparse.Namespace, results: dict[str, Any]) -> None:
    url = fresh_database(args.database)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(database_url=url, data_dir=Path(tmp), pool_size=8)
        ledger = build_ledger(settings)
        cases = case_ids(generate(ledger, args.cases))
        copy_postgres_tables(url)
        kyodo = kyodo_command(ledger, cases)
        loading = kyodo_command(ledger, cases, kept=False)
        calls = round_trips(kyodo)
        raw = postgres_reference(url, [c for c, _ in cases], lock_table=False)
        raw_calls = round_trips(raw)
        locked = postgres_reference(url, [c for c, _ in cases], lock_table=True)

        def kyodo_on(kept: bool) -> Callable[[str], tuple[Callable[[], Any], Callable[[], None]]]:
            def on(proxied: str) -> tuple[Callable[[], Any], Callable[[], None]]:
                counted = build_ledger(
                    Settings(database_url=proxied, data_dir=Path(tmp), pool_size=8)
                )
                return kyodo_command(counted, cases, kept), counted.close

            return on

        def reference_on(
            lock: bool,
        ) -> Callable[[str], tuple[Callable[[], Any], Callable[[], None]]]:
            def on(proxied: str) -> tuple[Callable[[], Any], Callable[[], None]]:
                command = postgres_reference(proxied, [c for c, _ in cases], lock_table=lock)
                return command, command.pool.close  # type: ignore[attr-defined]

            return on

        wire = {
            "kyodo": wire_round_trips(url, kyodo_on(True), warm=len(cases)),
            "kyodo_loading": wire_round_trips(url, kyodo_on(False)),
            "reference": wire_round_trips(url, reference_on(False)),
            "reference_lock": wire_round_trips(url, reference_on(True)),
        }
        print(
            "PostgreSQL round trips per command (on the wire): "
            + ", ".join(f"{name} {trips:.1f}" for name, trips in wire.items())
        )
        print(f"PostgreSQL driver calls per command: kyodo {calls:.1f}, reference {raw_calls:.1f}")
        results["postgres_round_trips"] = wire
        results["postgres_driver_calls"] = {"kyodo": calls, "reference": raw_calls}
        for writers in (1, 4):
            rates = interleave(
                {
                    "kyodo": lambda w=writers: run_for(args.seconds, kyodo, w),
                    "kyodo_loading": lambda w=writers: run_for(args.seconds, loading, w),
                    "reference": lambda w=writers: run_for(args.seconds, raw, w),
                    "reference_lock": lambda w=writers: run_for(args.seconds, locked, w),
                },
                args.rounds,
            )
            k, kl, r, rl = (
                rates[n].per_second
                for n in ("kyodo", "kyodo_loading", "reference", "reference_lock")
            )
            print(line(f"PostgreSQL, {writers} writer(s)", k, r, "cmd/s"))
            print(line(f"PostgreSQL, {writers} writer(s), reference +lock", k, rl, "cmd/s"))
            print(
                line(f"PostgreSQL, {writers} writer(s), each case loaded, +lock", kl, rl, "cmd/s")
            )
            results[f"postgres_{writers}_writers"] = {
                **{name: rate.summary() for name, rate in rates.items()},
                "ratio": ratio(k, r),
                "ratio_same_lock": ratio(k, rl),
                "ratio_loading_same_lock": ratio(kl, rl),
            }
        if args.stale:
            other = build_ledger(settings)
            stale = stale_command([ledger, other], cases)
            for _ in range(2 * len(cases)):  # both ledgers keep every case
                stale()
            rates = interleave(
                {
                    "kyodo_stale": lambda: run_for(args.seconds, stale),
                    "kyodo_loading": lambda: run_for(args.seconds, loading),
                },
                args.rounds,
            )
            s, kl = rates["kyodo_stale"].per_second, rates["kyodo_loading"].per_second
            print(line("PostgreSQL, 1 writer, two ledgers in turn (stale copies)", s, kl, "cmd/s"))
            results["postgres_stale_copies"] = {
                **{name: rate.summary() for name, rate in rates.items()},
                "ratio_to_loading": ratio(s, kl),
            }
            other.close()
        raw.pool.close()  # type: ignore[attr-defined]
        locked.pool.close()  # type: ignore[attr-defined]
        ledger.close()
    drop_database(args.database)


def sqlite(args: argparse.Namespace, results: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp) / "kyodo")
        ledger = build_ledger(settings)
        cases = case_ids(generate(ledger, args.cases))
        copy = Path(tmp) / "reference.sqlite3"
        source = sqlite3.connect(settings.sqlite_path)
        with sqlite3.connect(copy) as target:
            source.backup(target)
        source.close()
        kyodo = kyodo_command(ledger, cases)
        loading = kyodo_command(ledger, cases, kept=False)
        raw = sqlite_reference(copy, [c for c, _ in cases])
        rates = interleave(
            {
                "kyodo": lambda: run_for(args.seconds, kyodo),
                "kyodo_loading": lambda: run_for(args.seconds, loading),
                "reference": lambda: run_for(args.seconds, raw),
            },
            args.rounds,
        )
        k, kl, r = (rates[n].per_second for n in ("kyodo", "kyodo_loading", "reference"))
        print(line("SQLite, 1 writer", k, r, "cmd/s"))
        print(line("SQLite, 1 writer, each case loaded", kl, r, "cmd/s"))
        results["sqlite_1_writer"] = {
            **{name: rate.summary() for name, rate in rates.items()},
            "ratio": ratio(k, r),
            "ratio_loading": ratio(kl, r),
        }
        ledger.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument(
        "--stale",
        action="store_true",
        help="also two ledgers writing the same cases in turn, against each case loaded",
    )
    parser.add_argument(
        "--database", default=DATABASE, help="the database created (and dropped) for the run"
    )
    parser.add_argument("--result", default="commands", help="bench/results/<result>.json")
    args = parser.parse_args()
    results: dict[str, Any] = {"cases": args.cases, "seconds_per_round": args.seconds}
    load = os.getloadavg()
    with quiet_logs():
        postgres(args, results)
        if not args.skip_sqlite:
            sqlite(args, results)
    results["load_average_1_5_15"] = {"start": load, "end": os.getloadavg()}
    print(f"load average (1, 5, 15 min): at the start {load}, at the end {os.getloadavg()}")
    write_result(args.result, results)


if __name__ == "__main__":
    main()
