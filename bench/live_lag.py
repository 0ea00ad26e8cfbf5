"""Benchmark: live lag — from a command's answer to the timeline's advance past it.

The projection service runs as the API process runs it (background threads; on PostgreSQL
with its LISTEN thread); subscriptions over graphql-transport-ws follow exactly these
advances (`api/fanout.py`), so the time from `ledger.handle()` returning to the timeline's
advance reaching the command's position is the lag a subscriber sees, less the socket.
Commands come at `--rate` per second. SQLite (the embedded default) and PostgreSQL (a
database of its own). No raw reference: the target is absolute (p95 ≤ 50 ms).

    .venv/bin/python bench/live_lag.py [--commands 100] [--rate 15]
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from common import drop_database, fresh_database, generate, percentile, quiet_logs, write_result

from api.container import Container
from demo.loader import default_context, facilitator
from domain.commands import AddNote
from persistence.settings import Settings

DATABASE = "kyodo_bench_live_lag"


def lags(settings: Settings, commands: int, rate: float) -> list[float]:
    container = Container(settings)
    generator = generate(container.ledger, 50)
    service = container.projections
    service.run_until_caught_up()
    service.start()
    reached: dict[int, float] = {}
    positions = threading.Condition()

    def advanced(name: str, position: int) -> None:
        if name == "timeline":
            with positions:
                reached.setdefault(position, time.perf_counter())
                positions.notify_all()

    stop = service.advances.listen(advanced)
    found: list[float] = []
    cases = list(generator.centres.items())
    today = generator.today
    try:
        for i in range(commands):
            case_id, centre = cases[i % len(cases)]
            ctx = default_context(facilitator(centre), f"lag-{i}")
            result = container.ledger.handle(ctx, AddNote(case_id, "ライブの確認", today))
            answered = time.perf_counter()
            position = result.position or 0
            with positions:
                positions.wait_for(lambda p=position: any(k >= p for k in reached), timeout=10)
                arrived = min((t for k, t in reached.items() if k >= position), default=None)
            found.append((arrived - answered) if arrived is not None else 10.0)
            time.sleep(max(0.0, 1 / rate - (time.perf_counter() - answered)))
    finally:
        stop()
        container.close()
    return [max(0.0, lag) for lag in found]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--commands", type=int, default=100)
    parser.add_argument("--rate", type=float, default=15.0)
    args = parser.parse_args()
    results: dict[str, Any] = {"commands": args.commands, "rate_per_second": args.rate}
    with tempfile.TemporaryDirectory() as tmp, quiet_logs():
        stores = {
            "sqlite": Settings(data_dir=Path(tmp) / "sqlite"),
            "postgres": Settings(database_url=fresh_database(DATABASE), data_dir=Path(tmp)),
        }
        for name, settings in stores.items():
            found = lags(settings, args.commands, args.rate)
            p50, p95 = percentile(found, 50) * 1000, percentile(found, 95) * 1000
            print(f"live lag {name:<9} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms")
            results[name] = {"p50_ms": round(p50, 1), "p95_ms": round(p95, 1)}
        drop_database(DATABASE)
    write_result("live_lag", results)


if __name__ == "__main__":
    main()
