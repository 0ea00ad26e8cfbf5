"""Benchmark: reads over HTTP, 20 clients — kyodo's GraphQL against a bare ASGI app running
the same SQL.

A database of its own gets generated cases and its read models built. kyodo's exact SQL for
each request (timeline page of 50, case list with a state+centre filter, library search of
two characters) is captured in-process; `bench/bare_app.py` replays it under the same uvicorn
on an async pool of the same size, answering the rows as JSON. Both servers run as their own
processes; each operation alternates kyodo and the reference (A B A B …), 20 clients each.
Each operation is sent alone (its fragments included), not the whole operations file.
The kyodo server's peak RSS (VmHWM) is reported at the end. Per request and per side, the
CPU time of the server process, of every PostgreSQL process and of this process (the twenty
clients) is printed too: on this shared machine they move less than the throughput, and
they tell where a difference comes from (kyodo's reads once cost PostgreSQL twice what the
bare app's did: nothing was prepared).

    .venv/bin/python bench/http_reads.py [--cases 2000] [--seconds 5] [--rounds 2] [--only OPS]

`--database NAME` and `--port N` (kyodo on N, the reference on N+1) let two runs share the
server; `--keep` then `--reuse` measure again on the same generated database (no setup).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import pickle
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from common import (
    ROOT,
    SERVER,
    Rate,
    drop_database,
    fresh_database,
    generate,
    line,
    quiet_logs,
    ratio,
    write_result,
)

from api.auth import TokenIssuer
from api.container import Container
from domain.values import Actor
from domain.vocabulary import ActorRole, CaseState
from graphql import FragmentDefinitionNode, OperationDefinitionNode, parse, print_ast
from persistence.settings import Settings
from projections.engine.base import Tables

DATABASE = "kyodo_bench_reads"
CLIENTS = 20
SPREAD = re.compile(r"\.\.\.\s*(\w+)")
POOL = 5
SEARCHES = ("食堂", "地域", "支援", "子ど", "防災", "交流", "見守", "清掃")
CHIEF = Actor("bench-chief", ActorRole.CHIEF_FACILITATOR, "pref")
MEETING = Actor("bench-meeting", ActorRole.MEETING, None)


def operation(name: str) -> str:
    """The operation `name` alone, with the fragments it spreads, from graphql/operations."""
    definitions: dict[str, str] = {}
    for file in sorted((ROOT / "graphql" / "operations").glob("*.graphql")):
        for node in parse(file.read_text(encoding="utf-8")).definitions:
            if isinstance(node, OperationDefinitionNode | FragmentDefinitionNode) and node.name:
                definitions[node.name.value] = print_ast(node)
    wanted, todo = [name], [definitions[name]]
    while todo:
        for spread in SPREAD.findall(todo.pop()):
            if spread != "on" and spread not in wanted:
                wanted.append(spread)
                todo.append(definitions[spread])
    return "\n\n".join(definitions[n] for n in wanted)


def requests(
    container: Container, variants: int
) -> dict[str, list[tuple[str, dict[str, Any], Actor]]]:
    """Per operation, `variants` different requests: (operation, variables, who asks)."""
    store = container.read_store
    table = Tables(store.prefix, "case_list", _active(container, "case_list"))["case_list"]
    with store.reading() as db:
        rows = db.execute(
            f"SELECT number, centre, state FROM {table} ORDER BY version DESC LIMIT %s",
            (variants,),
        ).fetchall()
    timeline = operation("CaseTimeline")
    listing = operation("MyCases")
    search = operation("SearchLibrary")
    states = [s.name for s in CaseState]
    return {
        "timeline": [(timeline, {"number": r[0], "first": 50}, CHIEF) for r in rows[:variants]],
        "case_list": [
            (listing, {"filter": {"state": states[i % len(states)], "centre": r[1]}}, CHIEF)
            for i, r in enumerate(rows[:variants])
        ],
        "library_search": [
            (search, {"query": SEARCHES[i % len(SEARCHES)]}, MEETING) for i in range(variants)
        ],
    }


def _active(container: Container, name: str) -> int:
    row = container.read_store.active(name)
    assert row is not None, f"{name} has no active version"
    return row.version


@contextmanager
def captured_sql() -> Iterator[list[tuple[str, Any]]]:
    """Every statement psycopg runs in request threads (not the projections' threads)."""
    import psycopg
    from psycopg import sql

    seen: list[tuple[str, Any]] = []
    original = psycopg.Cursor.execute

    def execute(self: Any, query: Any, params: Any = None, **kwargs: Any) -> Any:
        if not threading.current_thread().name.startswith(("projection", "db-probe")):
            text = query.as_string(self.connection) if isinstance(query, sql.Composable) else query
            seen.append((text, params))
        return original(self, query, params, **kwargs)

    psycopg.Cursor.execute = execute  # type: ignore[method-assign]
    try:
        yield seen
    finally:
        psycopg.Cursor.execute = original  # type: ignore[method-assign]


def capture(container: Container, tokens: TokenIssuer, plan: dict[str, Any]) -> dict[str, Any]:
    from starlette.testclient import TestClient

    from api.app import create_app

    result: dict[str, list[list[tuple[str, Any]]]] = {}
    with TestClient(create_app(container, tokens)) as client:
        for kind, asks in plan.items():
            result[kind] = []
            for query, variables, actor in asks:
                headers = {"Authorization": f"Bearer {tokens.issue(actor)}"}
                body = {"query": query, "variables": variables}
                client.post("/graphql", json=body, headers=headers)  # warm: caches filled
                with captured_sql() as seen:
                    answer = client.post("/graphql", json=body, headers=headers).json()
                if "errors" in answer:
                    raise RuntimeError(f"{kind}: {answer['errors']}")
                result[kind].append(list(seen))
    return result


# --- servers and load ---------------------------------------------------------------------


def start(command: list[str], env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    import httpx

    log = open(Path(tempfile.gettempdir()) / f"kyodo-bench-{port}.log", "wb")  # noqa: SIM115
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return process
        except httpx.HTTPError:
            if process.poll() is not None:
                raise RuntimeError(
                    process.stderr.read().decode() if process.stderr else ""
                ) from None
            time.sleep(0.3)
    raise RuntimeError(f"server on port {port} did not start")


def stop(*processes: subprocess.Popen[bytes] | None) -> None:
    """Terminate the processes (None: never started), then wait for each; kill a stuck one."""
    started = [process for process in processes if process is not None]
    for process in started:
        process.terminate()
    for process in started:
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


def peak_rss_mb(pid: int) -> float:
    for text in Path(f"/proc/{pid}/status").read_text().splitlines():
        if text.startswith("VmHWM:"):
            return int(text.split()[1]) / 1024
    return float("nan")


async def load(send: Callable[[Any, int], Any], seconds: float, clients: int) -> Rate:
    import httpx

    rate = Rate()
    deadline = time.perf_counter() + seconds
    async with httpx.AsyncClient(timeout=30, limits=httpx.Limits(max_connections=clients)) as http:

        async def client(index: int) -> None:
            i = index
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                response = await send(http, i)
                i += clients
                if response.status_code != 200:
                    rate.failed += 1  # e.g. 503 when the database probe is slow under load
                    continue
                rate.latencies.append(time.perf_counter() - started)
                rate.done += 1

        started = time.perf_counter()
        await asyncio.gather(*(client(n) for n in range(clients)))
        rate.seconds = time.perf_counter() - started
    return rate


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--variants", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="keep the database (reruns)")
    parser.add_argument("--reuse", action="store_true", help="the database a --keep run left")
    parser.add_argument("--database", default=DATABASE, help="kyodo_bench_… (created)")
    parser.add_argument("--port", type=int, default=8701, help="kyodo's; the reference's +1")
    parser.add_argument(
        "--only", default="", help="comma-separated operations (timeline,case_list,library_search)"
    )
    args = parser.parse_args()
    url = f"{SERVER}/{args.database}" if args.reuse else fresh_database(args.database)
    secret = secrets.token_hex(32)
    results: dict[str, Any] = {"cases": args.cases, "clients": CLIENTS, "seconds": args.seconds}
    with tempfile.TemporaryDirectory() as tmp, quiet_logs():
        settings = Settings(database_url=url, data_dir=Path(tmp), pool_size=POOL)
        container = Container(settings)
        if not args.reuse:
            generate(container.ledger, args.cases)
        container.projections.run_until_caught_up()
        tokens = TokenIssuer(secret)
        plan = requests(container, args.variants)
        if args.only:
            plan = {kind: asks for kind, asks in plan.items() if kind in args.only.split(",")}
        statements = capture(container, tokens, plan)
        container.close()
        capture_file = Path(tmp) / "capture.pickle"
        capture_file.write_bytes(pickle.dumps(statements))
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "KYODO_DATA_DIR": tmp,
            "KYODO_JWT_SECRET": secret,
            "KYODO_DB_POOL_SIZE": str(POOL),
            "PYTHONPATH": str(ROOT),  # this tree's code, not the one installed in the venv
        }
        python = sys.executable
        kyodo_cmd = [str(Path(python).parent / "kyodo"), "serve", "--port", str(args.port)]
        kyodo = start(kyodo_cmd, env, args.port)
        bare_cmd = [
            python,
            str(ROOT / "bench" / "bare_app.py"),
            str(capture_file),
            url,
            str(args.port + 1),
            str(POOL),
        ]
        bare = start(bare_cmd, env, args.port + 1)
        try:
            pids = {"kyodo": kyodo.pid, "reference": bare.pid}
            results["operations"] = measure(plan, tokens, args, pids)
            results["server_peak_rss_mb"] = round(peak_rss_mb(kyodo.pid), 1)
            print(f"kyodo server peak RSS: {results['server_peak_rss_mb']:.0f} MB")
        finally:
            stop(kyodo, bare)
    if not args.keep:
        drop_database(args.database)
    write_result("http_reads", results)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process `pid` (all its threads) has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def postgres_cpu_seconds() -> float:
    """User + system CPU time of every PostgreSQL process on this machine so far (its
    backends serve both sides: measured around each side's load alone)."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        if "(postgres)" in text:
            fields = text.rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def measure(
    plan: dict[str, Any], tokens: TokenIssuer, args: argparse.Namespace, pids: dict[str, int]
) -> dict[str, Any]:
    """Requests per second of each side, and the CPU time its server process spent per
    request: on a shared machine the throughput ratio moves with the load, the CPU per
    request much less."""
    import json

    out: dict[str, Any] = {}
    kyodo_url, bare_url = f"http://127.0.0.1:{args.port}", f"http://127.0.0.1:{args.port + 1}"
    for kind, asks in plan.items():
        bodies = [
            (
                json.dumps({"query": q, "variables": v}),
                {"Authorization": f"Bearer {tokens.issue(a)}"},
            )
            for q, v, a in asks
        ]

        def kyodo_send(http: Any, i: int, bodies: list[Any] = bodies) -> Any:
            body, headers = bodies[i % len(bodies)]
            headers = {**headers, "Content-Type": "application/json"}
            return http.post(f"{kyodo_url}/graphql", content=body, headers=headers)

        def bare_send(http: Any, i: int, kind: str = kind) -> Any:
            return http.get(f"{bare_url}/{kind}/{i}")

        total = {"kyodo": Rate(), "reference": Rate()}
        cpu = {"kyodo": 0.0, "reference": 0.0}
        client = {"kyodo": 0.0, "reference": 0.0}
        database = {"kyodo": 0.0, "reference": 0.0}
        for _ in range(args.rounds):
            for name, send in (("kyodo", kyodo_send), ("reference", bare_send)):
                before = cpu_seconds(pids[name])
                before_client, before_db = time.process_time(), postgres_cpu_seconds()
                one = asyncio.run(load(send, args.seconds, CLIENTS))
                cpu[name] += cpu_seconds(pids[name]) - before
                client[name] += time.process_time() - before_client
                database[name] += postgres_cpu_seconds() - before_db
                total[name].done += one.done
                total[name].seconds += one.seconds
                total[name].latencies.extend(one.latencies)
                total[name].failed += one.failed
        k, r = total["kyodo"].per_second, total["reference"].per_second
        failed = total["kyodo"].failed
        answered = {n: max(1, total[n].done + total[n].failed) for n in total}
        per = {n: 1000 * cpu[n] / answered[n] for n in cpu}
        per_client = {n: 1000 * client[n] / answered[n] for n in client}
        per_db = {n: 1000 * database[n] / answered[n] for n in database}
        print(
            line(f"{kind}, {CLIENTS} clients", k, r, "req/s")
            + f"  kyodo failed {failed}; server CPU per request: kyodo {per['kyodo']:.2f} ms,"
            + f" reference {per['reference']:.2f} ms ({ratio(per['reference'], per['kyodo'])});"
            + f" PostgreSQL {per_db['kyodo']:.2f} ms, {per_db['reference']:.2f} ms;"
            + f" the clients {per_client['kyodo']:.2f} ms, {per_client['reference']:.2f} ms"
        )
        out[kind] = {
            name: rate.summary()
            | {
                "server_cpu_ms_per_request": round(per[name], 2),
                "postgres_cpu_ms_per_request": round(per_db[name], 2),
                "client_cpu_ms_per_request": round(per_client[name], 2),
            }
            for name, rate in total.items()
        } | {"ratio": ratio(k, r), "cpu_ratio": ratio(per["reference"], per["kyodo"])}
    out["load_average"] = [round(x, 2) for x in os.getloadavg()]
    return out


if __name__ == "__main__":
    main()
