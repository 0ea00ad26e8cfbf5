"""Profile: kyodo's own CPU per ledger command on PostgreSQL, one writer.

The command of `commands.py` (`ledger.handle(ctx, AddNote(...))` on generated cases, one at a
time): CPU milliseconds per command (`time.process_time`, this process only: the server's
time is not in it), wall milliseconds, and with `--profile` cProfile's top functions by own
time and by cumulative time over the same commands. Runs in rounds (measured, then profiled)
so that a noisy minute shows as a spread, not as one figure.

    .venv/bin/python bench/command_profile.py [--cases 300] [--commands 300] [--rounds 5]
        [--loading] [--profile [--dump FILE]] [--top 30] [--database kyodo_bench_command_profile]

`--loading`: each case loaded from the store at each command (`commands.py`'s "each case
loaded"), instead of the copy the ledger kept.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from commands import case_ids, kyodo_command
from common import drop_database, fresh_database, generate, quiet_logs, write_result

from persistence.settings import Settings
from persistence.wiring import build_ledger

DATABASE = "kyodo_bench_command_profile"


def measure(command: Any, times: int) -> tuple[float, float, float]:
    """CPU, of it the kernel's (sockets, waits: `os.times`, in clock ticks), and wall
    milliseconds per command over `times` commands."""
    cpu, kernel, wall = time.process_time(), os.times().system, time.perf_counter()
    for _ in range(times):
        command()
    return (
        (time.process_time() - cpu) * 1000 / times,
        (os.times().system - kernel) * 1000 / times,
        (time.perf_counter() - wall) * 1000 / times,
    )


def profile(command: Any, times: int, top: int, dump: str | None = None) -> str:
    profiler = cProfile.Profile(time.process_time)  # CPU only: waits on the server left out
    profiler.enable()
    for _ in range(times):
        command()
    profiler.disable()
    if dump:
        profiler.dump_stats(dump)  # for pstats' callers and callees
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--commands", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="print cProfile's top functions")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--dump", help="with --profile: write the profile here, for pstats")
    parser.add_argument("--database", default=DATABASE)
    parser.add_argument(
        "--loading", action="store_true", help="each case loaded (its kept copy dropped)"
    )
    parser.add_argument("--result", default="command_profile", help="bench/results/<result>.json")
    args = parser.parse_args()
    load = os.getloadavg()
    url = fresh_database(args.database)
    with tempfile.TemporaryDirectory() as tmp, quiet_logs():
        ledger = build_ledger(Settings(database_url=url, data_dir=Path(tmp), pool_size=8))
        command = kyodo_command(
            ledger, case_ids(generate(ledger, args.cases)), kept=not args.loading
        )
        measure(command, 50)  # the pool filled, the statements prepared
        rounds = [measure(command, args.commands) for _ in range(args.rounds)]
        report = profile(command, args.commands, args.top, args.dump) if args.profile else ""
        ledger.close()
    drop_database(args.database)
    cpu, kernel, wall = ([r[i] for r in rounds] for i in range(3))
    print(report, end="")
    print(
        f"CPU per command: median {statistics.median(cpu):.3f} ms "
        f"(rounds: {', '.join(f'{c:.3f}' for c in cpu)}), of it the kernel's "
        f"{statistics.median(kernel):.3f}; wall median {statistics.median(wall):.3f} ms"
    )
    print(f"load average (1, 5, 15 min): at the start {load}, at the end {os.getloadavg()}")
    write_result(
        args.result,
        {
            "commands_per_round": args.commands,
            "loading": args.loading,
            "cpu_ms_per_command": {"median": statistics.median(cpu), "rounds": cpu},
            "kernel_cpu_ms_per_command": {"median": statistics.median(kernel), "rounds": kernel},
            "wall_ms_per_command": {"median": statistics.median(wall), "rounds": wall},
            "load_average_1_5_15": {"start": load, "end": os.getloadavg()},
        },
    )


if __name__ == "__main__":
    main()
