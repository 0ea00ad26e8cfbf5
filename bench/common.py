"""What the benchmarks share: a database of their own, generated cases, interleaved rounds of
kyodo and its raw reference, percentiles, and the JSON each writes to `bench/results/`.

The machine is shared and noisy: kyodo and its reference run in the same process and the
same minutes, alternating (A B A B …), and the figure that matters is their ratio.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "bench" / "results"
SERVER = os.environ.get("KYODO_BENCH_POSTGRES_SERVER", "postgresql://postgres@127.0.0.1:5432")
"""The PostgreSQL server; each benchmark creates (and drops) a database of its own on it."""


def fresh_database(name: str) -> str:
    """Drop and create `name` on the bench server; its URL. Never the tests' `test`."""
    import psycopg

    if name in ("test", "postgres"):
        raise ValueError(f"benchmarks do not use the database {name!r}")
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{SERVER}/{name}"


def drop_database(name: str) -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def on_store_of_its_own(sqlite: bool, database: str, run: Callable[[Any], None]) -> None:
    """`run(store)` on a read store of its own: an SQLite file in a temporary folder, or the
    PostgreSQL database `database`, created for it and dropped at the end."""
    from projections.engine import Dialect
    from projections.engine.store import ReadStore

    with tempfile.TemporaryDirectory() as folder, quiet_logs():
        if sqlite:
            path = Path(folder) / "read.sqlite3"
            store = ReadStore(Dialect.SQLITE, prefix="bench_", sqlite_path=path)
        else:
            url = fresh_database(database)
            store = ReadStore(Dialect.POSTGRES, prefix="bench_", database_url=url, pool_size=2)
        try:
            run(store)
        finally:
            store.close()
            if not sqlite:
                drop_database(database)


def generate(ledger: Any, cases: int, seed: int = 11) -> Any:
    """`cases` generated cases (kyodo demo generate's path) in `ledger`; the generator."""
    from demo.generate import CASES_PER_PARTY, Generator
    from demo.loader import default_context
    from demo.scripts import PARTIES

    today = datetime.now(UTC).date()
    generator = Generator(ledger, default_context, seed, today)
    generator.register_parties(max(1, cases // (CASES_PER_PARTY * len(PARTIES))))
    for _ in generator.batches(cases):
        pass
    return generator


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


@dataclass
class Rate:
    """Operations done and seconds spent, over every round of one side."""

    done: int = 0
    failed: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)

    @property
    def per_second(self) -> float:
        return self.done / self.seconds if self.seconds else 0.0

    def summary(self) -> dict[str, float]:
        return {
            "per_second": round(self.per_second, 1),
            "done": self.done,
            "failed": self.failed,
            "p50_ms": round(percentile(self.latencies, 50) * 1000, 2),
            "p95_ms": round(percentile(self.latencies, 95) * 1000, 2),
        }


def run_for(seconds: float, operation: Callable[[], Any], threads: int = 1) -> Rate:
    """Run `operation` in `threads` threads for `seconds`; its rate and latencies."""
    rate = Rate()
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker() -> None:
        local: list[float] = []
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            operation()
            local.append(time.perf_counter() - started)
        with lock:
            rate.latencies.extend(local)
            rate.done += len(local)

    started = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    rate.seconds = time.perf_counter() - started
    return rate


def interleave(sides: dict[str, Callable[[], Rate]], rounds: int) -> dict[str, Rate]:
    """Each side's rounds, alternating A B A B …, summed."""
    total = {name: Rate() for name in sides}
    for _ in range(rounds):
        for name, side in sides.items():
            one = side()
            total[name].done += one.done
            total[name].seconds += one.seconds
            total[name].latencies.extend(one.latencies)
            total[name].failed += one.failed
    return total


def latencies(kyodo: list[float], reference: list[float]) -> tuple[dict[str, Any], float]:
    """p50/p95 of kyodo's and the reference's samples (ms), printed, and their p95 ratio."""
    figures = {
        side: {"p50_ms": round(percentile(v, 50), 2), "p95_ms": round(percentile(v, 95), 2)}
        for side, v in (("kyodo", kyodo), ("reference", reference))
    }
    for side, f in figures.items():
        print(f"{side:<10} p50 {f['p50_ms']:8.2f} ms   p95 {f['p95_ms']:8.2f} ms")
    return figures, ratio(figures["kyodo"]["p95_ms"], figures["reference"]["p95_ms"])


def ratio(kyodo: float, reference: float) -> float:
    return round(kyodo / reference, 2) if reference else float("nan")


def line(label: str, kyodo: float, reference: float, unit: str) -> str:
    figures = f"kyodo {kyodo:10.1f}  reference {reference:10.1f} {unit:<8}"
    return f"{label:<44} {figures} {ratio(kyodo, reference):5.2f}"


def write_result(name: str, payload: dict[str, Any]) -> Path:
    """`bench/results/<name>.json`, with when and where it was measured."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    payload = {
        "benchmark": name,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        **payload,
    }
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"-> {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return path


@contextmanager
def quiet_logs() -> Iterator[None]:
    import logging

    previous = logging.root.level
    logging.disable(logging.WARNING)
    try:
        yield
    finally:
        logging.disable(logging.NOTSET)
        logging.root.setLevel(previous)


def mean(values: list[float]) -> float:
    return statistics.fmean(values) if values else float("nan")
