"""`kyodo case show` as a whole process, against a raw script doing the same read.

Both are new processes, as a person at a terminal starts them, alternating (A B A B …):

- kyodo: `kyodo case show <id>` — settings, the store, the case's events decoded into the
  domain's events, one Japanese line each;
- reference: `python -c …` with `sqlite3` (or psycopg), reading the same case's stored events
  in order, parsing each one's JSON and printing a line per event.

The demo data is loaded into a data folder of this run's own (a temporary folder, or with
`--postgres` a database of its own), and the case with the longest history is shown.

    .venv/bin/python bench/cli_case_show.py [--rounds 20] [--postgres] [--before KYODO]

`--before` names another `kyodo` executable (an older commit's checkout, its own `.venv`),
timed as a third side in the same alternation.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from uuid import UUID

from common import (
    ROOT,
    drop_database,
    fresh_database,
    latencies,
    percentile,
    ratio,
    write_result,
)

from persistence.settings import Settings

KYODO = str(Path(sys.executable).parent / "kyodo")

RAW_SQLITE = """
import json, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
rows = conn.execute(
    "SELECT originator_version, topic, state FROM stored_events"
    " WHERE originator_id = ? ORDER BY originator_version", (sys.argv[2],))
for version, topic, state in rows:
    event = json.loads(state)
    print(version, event["occurred_on"]["_data_"], event["timestamp"]["_data_"], topic)
"""

RAW_POSTGRES = """
import json, sys, psycopg
with psycopg.connect(sys.argv[1]) as conn:
    rows = conn.execute(
        "SELECT originator_version, topic, state FROM " + sys.argv[3] + "_events"
        " WHERE originator_id = %s ORDER BY originator_version", (sys.argv[2],))
    for version, topic, state in rows:
        event = json.loads(bytes(state))
        print(version, event["occurred_on"]["_data_"], event["timestamp"]["_data_"], topic)
"""


def timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0 or not done.stdout:
        raise SystemExit(f"{command[:3]} failed: {done.stderr.decode()[-500:]}")
    return elapsed


def longest_case(env: dict[str, str]) -> UUID:
    """The case with the most events, read through kyodo (not part of the timing)."""
    script = (
        "from api.cli.common import open_container\n"
        "with open_container(create=False) as c:\n"
        "    rows = c.ledger.recorder.select_notifications(1, 1_000_000)\n"
        "    counts = {}\n"
        "    for r in rows:\n"
        "        if r.topic.startswith('kyodo:Case.'):\n"
        "            counts[r.originator_id] = counts.get(r.originator_id, 0) + 1\n"
        "    print(max(counts, key=counts.__getitem__))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, check=True, cwd=ROOT
    )
    return UUID(out.stdout.decode().strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--database", default="kyodo_bench_case_show")
    parser.add_argument("--before", help="another kyodo executable, timed alongside")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "KYODO_DATA_DIR": folder, "KYODO_LOG_FORMAT": "text"}
        env.pop("DATABASE_URL", None)
        # An installed kyodo has its bytecode, as its dependencies do (pip compiles them): a
        # shell with PYTHONDONTWRITEBYTECODE set would have kyodo's own modules compiled from
        # source on every run (about 50 ms here) while the raw script compiles nothing. The
        # warm-up run below writes kyodo's bytecode.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        if args.postgres:
            env["DATABASE_URL"] = fresh_database(args.database)
        try:
            subprocess.run([KYODO, "demo", "load"], env=env, check=True, capture_output=True)
            case_id = longest_case(env)
            kyodo = [KYODO, "case", "show", str(case_id)]
            settings = Settings.from_env(env)  # where kyodo keeps the case: the raw script too
            if args.postgres:
                raw = [sys.executable, "-c", RAW_POSTGRES, env["DATABASE_URL"], str(case_id)]
                raw.append(settings.ledger_name.lower())
            else:
                raw = [sys.executable, "-c", RAW_SQLITE, str(settings.sqlite_path), case_id.hex]
            sides = {"kyodo": kyodo, "reference": raw}
            if args.before:
                sides["before"] = [args.before, *kyodo[1:]]
            samples: dict[str, list[float]] = {side: [] for side in sides}
            for command in sides.values():
                timed(command, env)  # warm the file cache
            for _ in range(args.rounds):
                for side, command in sides.items():
                    samples[side].append(timed(command, env) * 1000)
        finally:
            if args.postgres:
                drop_database(args.database)

    store = "postgres" if args.postgres else "sqlite"
    print(f"kyodo case show, whole process, {store}, {args.rounds} rounds alternating")
    figures, p95_ratio = latencies(samples["kyodo"], samples["reference"])
    p50_ratio = ratio(figures["kyodo"]["p50_ms"], figures["reference"]["p50_ms"])
    print(f"ratio kyodo / reference: p50 {p50_ratio}  p95 {p95_ratio}  (target <= 2)")
    if "before" in samples:
        f = figures["before"] = {
            f"p{p}_ms": round(percentile(samples["before"], p), 2) for p in (50, 95)
        }
        print(f"before     p50 {f['p50_ms']:8.2f} ms   p95 {f['p95_ms']:8.2f} ms")
    write_result(
        f"cli_case_show_{store}",
        {
            "store": store,
            "rounds": args.rounds,
            "figures": figures,
            "ratio_p50": p50_ratio,
            "ratio_p95": p95_ratio,
            "target": "kyodo <= 2x the raw script",
        },
    )


if __name__ == "__main__":
    main()
