"""Benchmark: every read model built from position 0 at once, as a deployment does it.

`projections_catch_up.py` builds the read models one after another in this process and
sums their times (against a raw reference for each). This one measures what an operator
waits for after a restore or a first start: the log is filled with `--cases` generated
cases, every read model's tables are dropped, and `kyodo project` worker processes (as the
compose file runs them) build all of them from 0 together, each read model in its own
thread, the read models shared among the workers by their locks. Timed from the workers'
start (their imports included) until every read model's active version has reached the
log's head; their CPU seconds are summed. `--workers 1,2` alternates one worker and two.
PostgreSQL: a database of its own (`--database`, created and dropped here, never the tests'
`test`); `--sqlite`: one worker on an SQLite file in a temporary folder.

    .venv/bin/python bench/rebuild_together.py [--cases 2000] [--workers 1,2] [--rounds 2]
        [--sqlite]
"""

from __future__ import annotations

import argparse
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import ROOT, drop_database, fresh_database, generate, quiet_logs, write_result
from http_reads import cpu_seconds

from persistence.settings import Settings
from persistence.wiring import build_ledger
from projections.engine.store import ReadStore
from projections.wiring import build_store, read_models

DATABASE = "kyodo_bench_rebuild_together"


def behind(store: ReadStore, names: list[str], head: int) -> list[str]:
    """The read models whose active version has not reached `head`."""
    late = []
    for name in names:
        row = store.active(name)
        if row is None or row.position < head:
            late.append(name)
    return late


def build_all(
    settings: Settings, env: dict[str, str], workers: int, head: int, timeout: float
) -> dict[str, Any]:
    models = read_models()
    names = [m.name for m in models]
    store = build_store(settings)
    store.drop_everything(models)
    store.close()
    store = build_store(settings)  # the tracking table again, watched until the end
    kyodo = str(Path(sys.executable).parent / "kyodo")
    started = time.perf_counter()
    processes = [
        subprocess.Popen(
            [kyodo, "project"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        for _ in range(workers)
    ]
    finished: dict[str, float] = {}
    try:
        while late := behind(store, names, head):
            now = round(time.perf_counter() - started, 1)
            for name in names:
                if name not in late:
                    finished.setdefault(name, now)
            if any(p.poll() is not None for p in processes):
                raise RuntimeError(f"a worker stopped with {late} behind")
            if time.perf_counter() - started > timeout:
                raise RuntimeError(f"{late} not built in {timeout:g} s")
            time.sleep(0.1)
        seconds = time.perf_counter() - started
        cpu = sum(cpu_seconds(p.pid) for p in processes)
        for name in names:
            finished.setdefault(name, round(seconds, 1))
    finally:
        store.close()
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(30)
    return {
        "workers": workers,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "finished_after_seconds": dict(sorted(finished.items(), key=lambda item: item[1])),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--sqlite", action="store_true")
    parser.add_argument("--database", default=DATABASE)
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds per build")
    args = parser.parse_args()
    counts = [1] if args.sqlite else [int(n) for n in args.workers.split(",")]
    url = None if args.sqlite else fresh_database(args.database)
    runs: list[dict[str, Any]] = []
    try:
        with tempfile.TemporaryDirectory() as tmp, quiet_logs():
            settings = Settings(database_url=url, data_dir=Path(tmp), ledger_name="bench")
            ledger = build_ledger(settings)
            generate(ledger, args.cases)
            head = ledger.recorder.max_notification_id() or 0
            ledger.close()
            env = {
                **os.environ,
                "KYODO_DATA_DIR": tmp,
                "KYODO_LEDGER_NAME": "bench",
                "KYODO_JWT_SECRET": secrets.token_hex(32),
                "PYTHONPATH": str(ROOT),  # this tree's code, not the one installed
            }
            if url is not None:
                env["DATABASE_URL"] = url
            else:
                env.pop("DATABASE_URL", None)
            print(f"store: {settings.backend}, {args.cases} cases, {head} events")
            for _ in range(args.rounds):
                for workers in counts:
                    run = build_all(settings, env, workers, head, args.timeout)
                    rate = head / run["seconds"]
                    run["events_per_second"] = round(rate)
                    run["minutes_per_million"] = round(1_000_000 / rate / 60, 1)
                    runs.append(run)
                    print(
                        f"{workers} worker(s): every read model from 0 in {run['seconds']:.1f} s"
                        f" ({rate:,.0f} events/s; 1,000,000 events: "
                        f"{run['minutes_per_million']:.1f} min), workers' CPU "
                        f"{run['cpu_seconds']:.1f} s"
                    )
                    print(
                        "   done after (s): "
                        + ", ".join(f"{n} {t:g}" for n, t in run["finished_after_seconds"].items())
                    )
    finally:
        if url is not None:
            drop_database(args.database)
    name = "rebuild_together_" + ("sqlite" if args.sqlite else "postgres")
    write_result(
        name,
        {
            "cases": args.cases,
            "events": head,
            "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
            "runs": runs,
        },
    )


if __name__ == "__main__":
    main()
