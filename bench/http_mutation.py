"""Benchmark: `addNote` over HTTP against the same command called in Python.

A kyodo server (its own process, uvicorn, PostgreSQL: a database of its own) takes the
`AddNote` operation sent alone (with its fragments, not the whole operations file), from 1
and 8 clients, with `wait: false` (the answer as soon as the event is stored) and with the
default `wait: true` (after the read models have it). The reference, same run, interleaved:
`ledger.handle(ctx, AddNote(...))` called in this process on the same database.

    .venv/bin/python bench/http_mutation.py [--cases 200] [--seconds 4] [--rounds 2] [--worker]

A first line measures the floor: `{ __typename }` over the same HTTP path from 1 client
against the command in Python, the most any mutation over HTTP could reach on this machine.
Each line also gives the CPU time per command of the server, the read models' worker,
PostgreSQL and this process (the HTTP clients on one side, the command on the other).

`--database NAME` and `--port N` let two runs share the server. `--worker`: the read models run
in a `kyodo project` process beside the server (`KYODO_PROJECTIONS=worker`, as the compose
file deploys them), not in the server's own process; results in `http_mutation_worker.json`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from commands import kyodo_command
from common import (
    ROOT,
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
from http_reads import cpu_seconds, load, operation, postgres_cpu_seconds, start, stop

from api.auth import TokenIssuer
from api.graphql.ids import global_id
from demo.loader import facilitator
from persistence.settings import Settings
from persistence.wiring import build_ledger

DATABASE = "kyodo_bench_mutation"
PORT = 8711


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--database", default=DATABASE, help="kyodo_bench_… (created)")
    parser.add_argument("--port", type=int, default=PORT)
    parser.add_argument("--worker", action="store_true", help="read models in a worker process")
    args = parser.parse_args()
    url = fresh_database(args.database)
    secret = secrets.token_hex(32)
    tokens = TokenIssuer(secret)
    results: dict[str, Any] = {"cases": args.cases, "worker": args.worker}
    with tempfile.TemporaryDirectory() as tmp, quiet_logs():
        settings = Settings(database_url=url, data_dir=Path(tmp))
        ledger = build_ledger(settings)
        cases = list(generate(ledger, args.cases).centres.items())
        # Each side writes cases of its own: a case one process wrote is stale in the other's
        # working copies (ADR 2026-12-02-performance, "Working copies"), and alternating the
        # sides on the same cases would measure that refusal and reload at every first visit.
        python_side = kyodo_command(ledger, cases[1::2])
        query = operation("AddNote")
        bodies = [
            (
                {"caseId": global_id("Case", case_id), "text": "HTTPのメモ"},
                {"Authorization": f"Bearer {tokens.issue(facilitator(centre))}"},
            )
            for case_id, centre in cases[::2]
        ]
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "KYODO_DATA_DIR": tmp,
            "KYODO_JWT_SECRET": secret,
            "PYTHONPATH": str(ROOT),
        }
        kyodo_bin = str(Path(sys.executable).parent / "kyodo")
        worker = server = None
        try:
            if args.worker:
                env["KYODO_PROJECTIONS"] = "worker"
                worker = subprocess.Popen(
                    [kyodo_bin, "project"],
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.STDOUT,
                )
            server = start([kyodo_bin, "serve", "--port", str(args.port)], env, args.port)
            caught_up(f"http://127.0.0.1:{args.port}/readyz")
            results["floor"] = floor(args, [headers for _, headers in bodies], python_side)
            for wait in (False, True):
                for clients in (1, 8):

                    def send(http: Any, i: int, wait: bool = wait) -> Any:
                        variables, headers = bodies[i % len(bodies)]
                        body = {"query": query, "variables": {"input": variables, "wait": wait}}
                        return http.post(
                            f"http://127.0.0.1:{args.port}/graphql",
                            content=json.dumps(body),
                            headers={**headers, "Content-Type": "application/json"},
                        )

                    pids = {"server": server.pid} | ({"worker": worker.pid} if worker else {})
                    cpu: dict[str, dict[str, float]] = {"http": {}, "python": {}}
                    sides = {
                        "http": lambda c=clients, into=cpu["http"], at=pids: timed_cpu(
                            into, at, lambda: asyncio.run(load(send, args.seconds, c))
                        ),
                        "python": lambda c=clients, into=cpu["python"], at=pids: timed_cpu(
                            into, at, lambda: run_for(args.seconds, python_side, c)
                        ),
                    }
                    total = interleave(sides, args.rounds)
                    h, p = total["http"].per_second, total["python"].per_second
                    label = f"addNote, {clients} client(s), wait {str(wait).lower()}"
                    per = {
                        side: {
                            part: round(1000 * seconds / max(1, total[side].done), 2)
                            for part, seconds in parts.items()
                        }
                        for side, parts in cpu.items()
                    }
                    print(
                        line(label, h, p, "cmd/s")
                        + f"  p50 {total['http'].summary()['p50_ms']} ms, failed"
                        + f" {total['http'].failed}; CPU ms a command:"
                        + f" http {per['http']}, python {per['python']}"
                    )
                    results[f"clients_{clients}_wait_{str(wait).lower()}"] = {
                        **{n: r.summary() | {"cpu_ms": per[n]} for n, r in total.items()},
                        "ratio": ratio(h, p),
                    }
        finally:
            stop(server, worker)
            ledger.close()
    drop_database(args.database)
    write_result("http_mutation_worker" if args.worker else "http_mutation", results)


def floor(args: Any, tokens: list[dict[str, str]], python_side: Any) -> dict[str, Any]:
    """What HTTP alone allows: `{ __typename }` sent as the mutations are (1 client, the same
    tokens in turn, so that no token's rate limit is reached; the same server: HTTP, the
    middlewares, the token's check, GraphQL's smallest answer), against the command called
    in Python, interleaved. A mutation over HTTP is that path and the command one after the
    other, so even if its resolver, its answer and the read models cost nothing, its ratio
    to the command in Python could be at most `bound` = 1 / (1 + python / floor)."""

    def send(http: Any, i: int) -> Any:
        return http.post(
            f"http://127.0.0.1:{args.port}/graphql",
            content=json.dumps({"query": "{ __typename }"}),
            headers={**tokens[i % len(tokens)], "Content-Type": "application/json"},
        )

    sides = {
        "http": lambda: asyncio.run(load(send, args.seconds, 1)),
        "python": lambda: run_for(args.seconds, python_side, 1),
    }
    total = interleave(sides, args.rounds)
    h, p = total["http"].per_second, total["python"].per_second
    bound = round(1 / (1 + p / h), 2) if h else 0.0
    print(
        line("{ __typename } over HTTP, 1 client (the floor)", h, p, "req/s")
        + f"  p50 {total['http'].summary()['p50_ms']} ms, failed {total['http'].failed};"
        + f" a mutation over HTTP: at most {bound} of the command in Python"
    )
    return {**{n: r.summary() for n, r in total.items()}, "ratio": ratio(h, p), "bound": bound}


def timed_cpu(into: dict[str, float], pids: dict[str, int], run: Any) -> Any:
    """`run()`, adding the CPU time each process spent meanwhile to `into`: the server, the
    read models' worker, PostgreSQL, and this process (the HTTP clients on one side, the
    command called in Python on the other)."""
    before = {name: cpu_seconds(pid) for name, pid in pids.items()}
    before_db, before_here = postgres_cpu_seconds(), time.process_time()
    done = run()
    for name, pid in pids.items():
        into[name] = into.get(name, 0.0) + cpu_seconds(pid) - before[name]
    into["postgres"] = into.get("postgres", 0.0) + postgres_cpu_seconds() - before_db
    into["this"] = into.get("this", 0.0) + time.process_time() - before_here
    return done


def caught_up(readyz: str, patience: float = 900.0) -> None:
    """Wait until the server's read models have processed every event: the server builds
    them from the generated cases as it starts, and a measure taken meanwhile is the
    build's, not the command's."""
    import time

    import httpx

    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        try:
            body = httpx.get(readyz, timeout=5).json()
        except httpx.HTTPError:
            body = {}
        models = body.get("readModels") or []
        names = {m["name"] for m in models}
        current = {m["name"] for m in models if m["state"] == "active" and m["lagEvents"] == 0}
        if names and names == current:
            return
        time.sleep(1.0)
    raise RuntimeError("the server's read models did not catch up")


if __name__ == "__main__":
    main()
