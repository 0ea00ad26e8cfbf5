"""Benchmark: what the read models cost per event saved, at a pace of one event at a time.

A facilitator's note wakes the three read models that follow it (the case list, the timeline,
attention), each of which runs one round for the one event: it checks its versions, reads
the event, writes its rows and its position, and announces the new position. At a
prefecture's pace every save is such a round, never a batch of hundreds.

- kyodo: `ProjectionService.step` of each of the three read models after each note
  (`ledger.handle(AddNote)`, not timed), in this process, on PostgreSQL (a database of its
  own, created and dropped here);
- reference, same run, alternating: for each of the three, plain psycopg on one connection
  doing the least a round must: read the events after its position, write one row per event
  and its position in one transaction, and NOTIFY the position.

CPU (this process) and wall time per note, and the ratio reference / kyodo.

    .venv/bin/python bench/projection_rounds.py [--notes 300] [--rounds 2]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
from commands import kyodo_command
from common import drop_database, fresh_database, generate, quiet_logs, ratio, write_result

from persistence.settings import Settings
from persistence.wiring import build_ledger
from projections.engine.service import ServiceOptions
from projections.wiring import build_service, build_store

DATABASE = "kyodo_bench_projection_rounds"
MODELS = ("case_list", "timeline", "attention")


def reference(url: str, events_table: str, topics: list[str]) -> Callable[[], None]:
    """The least a round must do, three times (one per read model), on one connection."""
    conn = psycopg.connect(url)
    conn.execute(
        "CREATE TABLE bench_round_rows (model TEXT, position BIGINT, topic TEXT, "
        "PRIMARY KEY (model, position))"
    )
    conn.execute("CREATE TABLE bench_round_positions (model TEXT PRIMARY KEY, position BIGINT)")
    head = conn.execute(f"SELECT COALESCE(MAX(notification_id), 0) FROM {events_table}")
    start = head.fetchone()[0]  # type: ignore[index]
    for model in MODELS:
        conn.execute("INSERT INTO bench_round_positions VALUES (%s, %s)", (model, start))
    conn.commit()

    def rounds() -> None:
        for model in MODELS:
            with conn.transaction():
                (position,) = conn.execute(
                    "SELECT position FROM bench_round_positions WHERE model = %s", (model,)
                ).fetchone()  # type: ignore[misc]
                rows = conn.execute(
                    f"SELECT notification_id, topic FROM {events_table} "
                    "WHERE notification_id > %s AND topic = ANY(%s) ORDER BY notification_id",
                    (position, topics),
                ).fetchall()
                for notification_id, topic in rows:
                    conn.execute(
                        "INSERT INTO bench_round_rows VALUES (%s, %s, %s)",
                        (model, notification_id, topic),
                    )
                if rows:
                    last = rows[-1][0]
                    conn.execute(
                        "UPDATE bench_round_positions SET position = %s WHERE model = %s",
                        (last, model),
                    )
                    conn.execute("SELECT pg_notify('bench_round', %s)", (f"{model}:{last}",))

    return rounds


def measure(note: Callable[[], Any], rounds: Callable[[], None], notes: int) -> dict[str, float]:
    cpu = wall = 0.0
    for _ in range(notes):
        note()
        started_cpu, started = time.process_time(), time.perf_counter()
        rounds()
        cpu += time.process_time() - started_cpu
        wall += time.perf_counter() - started
    return {"cpu_ms": 1000 * cpu / notes, "wall_ms": 1000 * wall / notes}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notes", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--cases", type=int, default=50)
    args = parser.parse_args()
    url = fresh_database(DATABASE)
    results: dict[str, Any] = {"notes": args.notes, "models": list(MODELS)}
    try:
        with tempfile.TemporaryDirectory() as tmp, quiet_logs():
            settings = Settings(database_url=url, data_dir=Path(tmp))
            ledger = build_ledger(settings)
            cases = list(generate(ledger, args.cases).centres.items())
            store = build_store(settings)
            service = build_service(settings, ledger, store, options=ServiceOptions())
            service.run_until_caught_up()
            topics = sorted(set().union(*(service.models[m].topics for m in MODELS)))
            note = kyodo_command(ledger, cases)
            sides: dict[str, Callable[[], None]] = {
                "kyodo": lambda: [service.step(name) for name in MODELS] and None,
                "reference": reference(url, f"{settings.ledger_name}_events", topics),
            }
            totals = {name: {"cpu_ms": 0.0, "wall_ms": 0.0} for name in sides}
            for _ in range(args.rounds):
                for name, rounds in sides.items():
                    for key, value in measure(note, rounds, args.notes).items():
                        totals[name][key] += value / args.rounds
            store.close()
            ledger.close()
        k, r = totals["kyodo"], totals["reference"]
        print(
            f"three read models' rounds per note: kyodo CPU {k['cpu_ms']:.2f} ms, wall "
            f"{k['wall_ms']:.2f} ms; reference CPU {r['cpu_ms']:.2f} ms, wall "
            f"{r['wall_ms']:.2f} ms; ratio (reference / kyodo) CPU "
            f"{ratio(r['cpu_ms'], k['cpu_ms'])}, wall {ratio(r['wall_ms'], k['wall_ms'])}"
        )
        results |= {"per_note": totals, "cpu_ratio": ratio(r["cpu_ms"], k["cpu_ms"])}
        results["wall_ratio"] = ratio(r["wall_ms"], k["wall_ms"])
    finally:
        drop_database(DATABASE)
    write_result("projection_rounds", results)


if __name__ == "__main__":
    main()
