"""Benchmark: every read model rebuilt from position 0, against a plain SQL reference.

Fills a fresh ledger with generated cases (`kyodo demo generate`'s path: an SQLite file in a
temporary folder, or with --postgres a database of its own, `--database`, created and dropped
here, never the tests' databases), then, for each read model in turn:
  - kyodo: a new version built from 0 in batches of --batch, one transaction per batch, as
    the projection service does (the read, the decoding, the pure `changes`, the writer, the
    tracking update), and the tidy a build ends with (VACUUM ANALYZE / ANALYZE) when the
    service would run it; stopped after --budget seconds (then the rate is of what it did);
  - reference: the same batches (same start, limit, stop and topics, through the ledger's
    own select), no decoding, and as many rows per batch as kyodo sent statements, written
    with one `executemany` and the tracking update in one transaction.
Rates are ledger positions per second (a read model that skips most topics moves fast), the
ratio is kyodo / reference; kyodo and its reference run one after the other, per read model.
Each side's CPU seconds in this process are printed too: on a shared, loaded machine they
move less than wall time (on SQLite they hold all the work; on PostgreSQL not the server's).
"all read models" is the ledger's events over the sum of the builds' times (the service
builds them one per thread; on two cores the sum is the honest figure); "the references"
the same over the sum of the references' times: what the database allows for those rows
one after another, a floor that no build reaches by being faster in Python. The result goes to
`bench/results/<--out>.json`.

    .venv/bin/python bench/projections_catch_up.py [--cases 2000] [--batch 500] [--postgres]
        [--models kpi,timeline] [--budget 300] [--out name]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from common import drop_database, fresh_database, generate, quiet_logs, write_result

from persistence.settings import Settings
from persistence.wiring import build_ledger
from projections.engine import Change, Db, Dialect, ReadModel, Tables, Writer, bulk
from projections.engine.service import TIDY_EVENTS, ProjectionService, ServiceOptions
from projections.engine.writer import execute_many
from projections.wiring import build_store, read_models

DATABASE = "kyodo_bench_catch_up_rebuild"


class _Counted:
    """A connection that counts the statements sent through it (a row of an
    `executemany`, or of a statement over arrays, counts as one)."""

    def __init__(self, db: Db, counter: list[int]) -> None:
        self._db, self._counter = db, counter

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        rows = bulk.rows_sent(sql, params)
        self._counter[0] += 1 if rows is None else rows
        return self._db.execute(sql, params)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self._counter[0] += len(rows)
        execute_many(self._db, sql, rows)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._db, name)


class _CountingWriter:
    def __init__(self, writer: Writer, counter: list[int]) -> None:
        self.writer, self.counter = writer, counter

    def apply(self, db: Db, dialect: Dialect, tables: Tables, changes: Sequence[Change]) -> None:
        self.writer.apply(_Counted(db, self.counter), dialect, tables, changes)  # type: ignore[arg-type]


@dataclass
class Build:
    """What one build from 0 did: its batches (start, rows sent) and how long it took."""

    name: str
    position: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    tidy_seconds: float = 0.0
    finished: bool = False
    batches: list[tuple[int, int]] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.position / self.seconds if self.seconds else 0.0


def build(settings: Settings, model: ReadModel, batch: int, budget: float) -> Build:
    """`model` built from 0 on a store of its own tables (dropped after), timed."""
    ledger = build_ledger(settings)
    store = build_store(settings)
    counter = [0]
    original = model.writer
    model.writer = lambda: _CountingWriter(original(), counter)  # type: ignore[method-assign]
    service = ProjectionService(
        store,
        ledger.recorder,
        ledger.mapper.to_domain_event,
        [model],
        options=ServiceOptions(batch_size=batch),
    )
    result = Build(model.name)
    try:
        projector = service._reconcile(model)[0]
        started, cpu = time.perf_counter(), time.process_time()
        while True:
            before = projector.position()
            counter[0] = 0
            if not projector.run_batch():
                result.finished = True
                break
            result.batches.append((before, counter[0]))
            if time.perf_counter() - started > budget:
                break
        result.position = projector.position()
        if result.finished and result.position >= TIDY_EVENTS:
            tidied = time.perf_counter()
            store.tidy(model, projector.version)
            result.tidy_seconds = time.perf_counter() - tidied
        result.seconds = time.perf_counter() - started
        result.cpu_seconds = time.process_time() - cpu
    finally:
        del model.writer
        store.drop_everything([model])
        store.close()
        ledger.close()
    return result


def reference(settings: Settings, model: ReadModel, done: Build, batch: int) -> tuple[float, float]:
    """Seconds (and this process's CPU seconds) for the same batches in plain SQL: the
    select, then `executemany` of as many rows as kyodo sent statements, and the tracking
    update, in one transaction each."""
    ledger = build_ledger(settings)
    store = build_store(settings)
    p = store.dialect.param
    table, tracking = "bench_reference_rows", "bench_reference_tracking"
    with store.transaction() as db:
        db.execute(f"DROP TABLE IF EXISTS {table}")
        db.execute(f"DROP TABLE IF EXISTS {tracking}")
        db.execute(
            f"CREATE TABLE {table} (position BIGINT NOT NULL, n INTEGER NOT NULL, "
            "topic TEXT NOT NULL, payload TEXT NOT NULL, PRIMARY KEY (position, n))"
        )
        db.execute(f"CREATE TABLE {tracking} (name TEXT PRIMARY KEY, position BIGINT NOT NULL)")
        db.execute(f"INSERT INTO {tracking} VALUES ({p}, 0)", (model.name,))
    head = ledger.recorder.max_notification_id() or 0
    insert = f"INSERT INTO {table} VALUES ({p}, {p}, {p}, {p})"
    move = f"UPDATE {tracking} SET position = {p} WHERE name = {p} AND position = {p}"
    started, cpu = time.perf_counter(), time.process_time()
    for start, rows in done.batches:
        notes = ledger.recorder.select_notifications(
            start, batch, stop=head, topics=model.topics, inclusive_of_start=False
        )
        end = head if len(notes) < batch else notes[-1].id
        values = [
            (start, n, notes[n % len(notes)].topic if notes else "", "x" * 64) for n in range(rows)
        ]
        with store.transaction() as db:
            cursor = db.cursor()  # type: ignore[attr-defined]
            if values:
                cursor.executemany(insert, values)
            cursor.execute(move, (end, model.name, start))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    with store.transaction() as db:
        db.execute(f"DROP TABLE IF EXISTS {table}")
        db.execute(f"DROP TABLE IF EXISTS {tracking}")
    store.close()
    ledger.close()
    return seconds, cpu


def read_and_decode(settings: Settings, batch: int) -> float:
    """Events/s reading and decoding the whole log in batches (no writes)."""
    ledger = build_ledger(settings)
    started, position, count = time.perf_counter(), 0, 0
    while notes := ledger.recorder.select_notifications(position, batch, inclusive_of_start=False):
        for note in notes:
            ledger.mapper.to_domain_event(note)
        count += len(notes)
        position = notes[-1].id
    elapsed = time.perf_counter() - started
    ledger.close()
    return count / elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--database", default=DATABASE)
    parser.add_argument("--models", default="", help="comma-separated names (default: all)")
    parser.add_argument("--budget", type=float, default=300.0, help="seconds per read model")
    parser.add_argument("--out", default="")
    args = parser.parse_args()
    wanted = {n for n in args.models.split(",") if n}
    models = [m for m in read_models() if not wanted or m.name in wanted]
    with tempfile.TemporaryDirectory() as tmp, quiet_logs():
        url = fresh_database(args.database) if args.postgres else None
        try:
            settings = Settings(database_url=url, data_dir=Path(tmp), ledger_name="bench")
            ledger = build_ledger(settings)
            started = time.perf_counter()
            generate(ledger, args.cases)
            head = ledger.recorder.max_notification_id() or 0
            ledger.close()
            load = os.getloadavg()
            print(
                f"store: {settings.backend}, {args.cases} cases, {head} events "
                f"(generated in {time.perf_counter() - started:.0f} s), load {load[0]:.1f}"
            )
            decoded = read_and_decode(settings, args.batch)
            print(f"{'read + decode the whole log':<28} {decoded:9.0f} events/s")
            results: dict[str, Any] = {}
            total = total_cpu = references = 0.0
            for model in models:
                done = build(settings, model, args.batch, args.budget)
                seconds, ref_cpu = reference(settings, model, done, args.batch)
                ref = done.position / seconds if seconds else 0.0
                share = 1.0 if done.finished else head / max(done.position, 1)
                total += done.seconds * share
                references += seconds * share
                total_cpu += done.cpu_seconds * share
                ratio = done.rate / ref if ref else float("nan")
                note = "" if done.finished else f"  (stopped at {done.position} of {head})"
                print(
                    f"{model.name:<28} {done.rate:9.0f} events/s  reference {ref:9.0f}  "
                    f"ratio {ratio:5.2f}  {done.seconds:7.1f} s (tidy {done.tidy_seconds:.1f}, "
                    f"CPU {done.cpu_seconds:.1f} s against {ref_cpu:.1f} s)"
                    f"  rows {sum(r for _, r in done.batches)}{note}"
                )
                results[model.name] = {
                    "events_per_second": round(done.rate),
                    "reference_events_per_second": round(ref),
                    "ratio": round(ratio, 2),
                    "seconds": round(done.seconds, 2),
                    "tidy_seconds": round(done.tidy_seconds, 2),
                    "cpu_seconds": round(done.cpu_seconds, 2),
                    "reference_cpu_seconds": round(ref_cpu, 2),
                    "position": done.position,
                    "finished": done.finished,
                    "statements": sum(r for _, r in done.batches),
                }
            every = head / total if total else 0.0
            print(
                f"{'all read models (sum)':<28} {every:9.0f} events/s  {total:7.1f} s;"
                f" 1,000,000 events at this rate: {1_000_000 / every / 60:.1f} min"
                f" (this process's CPU: {total_cpu:.1f} s)"
            )
            # What the raw references take one after another: no build of these read
            # models, however fast, goes below its share of it on the same cores.
            floor = head / references if references else 0.0
            print(
                f"{'the references (sum)':<28} {floor:9.0f} events/s  {references:7.1f} s;"
                f" 1,000,000 events at this rate: {1_000_000 / floor / 60:.1f} min"
            )
            if args.out:
                write_result(
                    args.out,
                    {
                        "command": "bench/projections_catch_up.py "
                        + " ".join(f"--{k} {v}" for k, v in vars(args).items() if v),
                        "store": settings.backend,
                        "cases": args.cases,
                        "events": head,
                        "batch": args.batch,
                        "load_average_at_start": [round(x, 2) for x in load],
                        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
                        "read_and_decode_events_per_second": round(decoded),
                        "read_models": results,
                        "all_read_models": {
                            "seconds": round(total, 1),
                            "cpu_seconds": round(total_cpu, 1),
                            "events_per_second": round(every),
                            "references_seconds": round(references, 1),
                            "references_events_per_second": round(floor),
                        },
                    },
                )
        finally:
            if url is not None:
                drop_database(args.database)


if __name__ == "__main__":
    main()
