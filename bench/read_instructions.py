"""Benchmark: instructions per read, kyodo's GraphQL against the bare app running the same
SQL, counted by valgrind's callgrind — figures that do not move with the machine's load.

`http_reads.py` measures the reads as people meet them (requests per second, 20 clients
over HTTP), but on this shared machine its ratios move by about ±0.1 from run to run, more
than most single changes. This script counts what each request costs the process that
answers it, in instructions, which repeat to within half a percent:

- the same database, requests and captured SQL as `http_reads.py` (timeline page of 50,
  case list with a state+centre filter, library search of two characters; `--reuse` takes
  the database a `http_reads.py --keep` run left);
- one process under callgrind holds kyodo's app, the bare app (`bench/bare_app.py`) and a
  null app that answers kyodo's response bytes without doing anything, all driven in turn
  through httpx's ASGI transport (no sockets) after a warm-up; instrumentation is switched
  on around each side's `--requests` requests only;
- a side's own instructions are its count less the null app's (the client's share, the
  same for every side); the ratio is bare / kyodo, as `http_reads.py`'s CPU ratio.

Requests run one at a time here, so work that only concurrency costs (many reads handed to
threads at once) shows less than under load.

    .venv/bin/python bench/read_instructions.py [--cases 1000] [--requests 40] [--reuse]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import pickle
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import SERVER, drop_database, fresh_database, generate, quiet_logs, write_result

DATABASE = "kyodo_bench_reads"
SIDES = ("kyodo", "reference", "null")


def _wait(folder: Path, name: str, process: subprocess.Popen[bytes] | None = None) -> None:
    while not (folder / name).exists():
        if process is not None and process.poll() is not None:
            raise SystemExit(f"the counted process ended early (exit {process.returncode})")
        time.sleep(0.05)


def child(setup_file: str) -> None:
    """Under callgrind: build the three apps, then for each operation and side, warm up,
    signal, run the counted requests, signal again (the parent toggles and dumps)."""
    import httpx
    from bare_app import build

    from api.app import create_app
    from api.auth import TokenIssuer
    from api.container import Container
    from persistence.settings import Settings

    setup = pickle.loads(Path(setup_file).read_bytes())
    folder, count = Path(setup["folder"]), setup["requests"]
    tokens = TokenIssuer(setup["secret"])
    with tempfile.TemporaryDirectory() as tmp, quiet_logs():
        settings = Settings(database_url=setup["url"], data_dir=Path(tmp), pool_size=5)
        container = Container(settings)
        kyodo = create_app(container, tokens)
        bare = build(setup["capture"], setup["url"], 5)
        gc.collect()  # as `kyodo serve` does before it serves
        gc.freeze()

        async def run() -> None:
            async with kyodo.router.lifespan_context(kyodo), bare.router.lifespan_context(bare):
                for kind, asks in setup["plan"].items():
                    await measure_kind(kind, asks)

        async def measure_kind(kind: str, asks: list[Any]) -> None:
            bodies = [
                ({"query": q, "variables": v}, {"Authorization": f"Bearer {tokens.issue(a)}"})
                for q, v, a in asks
            ]
            apps: dict[str, Any] = {"kyodo": kyodo, "reference": bare}
            answers: list[bytes] = []
            async with httpx.AsyncClient(
                transport=httpx.ASGITransport(app=kyodo), base_url="http://kyodo"
            ) as client:
                for body, headers in bodies:  # warm-up, and the answers the null app gives
                    response = await client.post("/graphql", json=body, headers=headers)
                    if response.status_code != 200 or "errors" in response.json():
                        raise RuntimeError(f"{kind}: {response.text[:300]}")
                    answers.append(response.content)
            apps["null"] = _null_app(answers)
            for side in SIDES:
                async with httpx.AsyncClient(
                    transport=httpx.ASGITransport(app=apps[side]), base_url=f"http://{side}"
                ) as client:

                    async def send(i: int, side: str = side, client: Any = client) -> Any:
                        if side == "reference":
                            return await client.get(f"/{kind}/{i}")
                        body, headers = bodies[i % len(bodies)]
                        return await client.post("/graphql", json=body, headers=headers)

                    for i in range(len(bodies)):
                        await send(i)
                    (folder / f"ready-{kind}-{side}").touch()
                    _wait(folder, f"go-{kind}-{side}")
                    for i in range(count):
                        response = await send(i)
                        assert response.status_code == 200
                    (folder / f"done-{kind}-{side}").touch()
                    _wait(folder, f"next-{kind}-{side}")

        asyncio.run(run())
        container.close()


def _null_app(answers: list[bytes]) -> Any:
    """An ASGI app that reads the request and answers kyodo's bytes for it, nothing else."""
    state = {"i": 0}

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        while (await receive()).get("more_body"):
            pass
        body = answers[state["i"] % len(answers)]
        state["i"] += 1
        headers = [(b"content-type", b"application/json")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    return app


def counted(folder: Path) -> dict[str, int]:
    """Instructions of each dump, by its name (`<kind>-<side>`)."""
    found: dict[str, int] = {}
    for path in folder.glob("callgrind.out.*"):
        text = path.read_text(errors="replace")
        trigger = re.search(r"^desc: Trigger: dump (\S+)", text, re.M)
        total = re.search(r"^totals: (\d+)", text, re.M)
        if trigger and total:
            found[trigger.group(1)] = int(total.group(1))
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=40, help="counted, per side")
    parser.add_argument("--variants", type=int, default=20)
    parser.add_argument("--reuse", action="store_true", help="a `http_reads.py --keep` database")
    parser.add_argument("--keep", action="store_true", help="keep the database (reruns)")
    parser.add_argument("--database", default=DATABASE)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        raise SystemExit("valgrind (callgrind) is needed: apt-get install valgrind")

    import http_reads

    from api.auth import TokenIssuer
    from api.container import Container
    from persistence.settings import Settings

    url = f"{SERVER}/{args.database}" if args.reuse else fresh_database(args.database)
    secret = secrets.token_hex(32)
    with tempfile.TemporaryDirectory() as tmp, quiet_logs():
        settings = Settings(database_url=url, data_dir=Path(tmp), pool_size=5)
        container = Container(settings)
        if not args.reuse:
            generate(container.ledger, args.cases)
        container.projections.run_until_caught_up()
        tokens = TokenIssuer(secret)
        plan = http_reads.requests(container, args.variants)
        capture = http_reads.capture(container, tokens, plan)
        container.close()
        folder = Path(tmp) / "counts"
        folder.mkdir()
        setup = Path(tmp) / "setup.pickle"
        setup.write_bytes(
            pickle.dumps(
                {
                    "url": url,
                    "secret": secret,
                    "plan": plan,
                    "capture": capture,
                    "requests": args.requests,
                    "folder": str(folder),
                }
            )
        )
        bench = Path(__file__).resolve().parent
        env = {
            **os.environ,
            "PYTHONHASHSEED": "0",  # the same dict and set orders in every run
            "PYTHONPATH": os.pathsep.join([str(bench.parent), str(bench)]),
        }
        process = subprocess.Popen(
            [
                "valgrind",
                "--tool=callgrind",
                "--instr-atstart=no",
                f"--callgrind-out-file={folder}/callgrind.out.%p",
                sys.executable,
                str(Path(__file__).resolve()),
                "--child",
                str(setup),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            for kind in plan:
                for side in SIDES:
                    name = f"{kind}-{side}"
                    _wait(folder, f"ready-{name}", process)
                    control = ["callgrind_control"]
                    subprocess.run(
                        [*control, "-i", "on", str(process.pid)], check=True, capture_output=True
                    )
                    (folder / f"go-{name}").touch()
                    _wait(folder, f"done-{name}", process)
                    subprocess.run(
                        [*control, "-i", "off", str(process.pid)], check=True, capture_output=True
                    )
                    subprocess.run(
                        [*control, "-d", name, str(process.pid)], check=True, capture_output=True
                    )
                    (folder / f"next-{name}").touch()
            process.wait(300)
        finally:
            if process.poll() is None:
                process.kill()
        found = counted(folder)
    if not args.keep and not args.reuse:
        drop_database(args.database)

    results: dict[str, Any] = {"cases": args.cases, "requests": args.requests}
    print(f"instructions per request, {args.requests} requests a side, one at a time")
    for kind in plan:
        per = {side: found[f"{kind}-{side}"] / args.requests / 1e6 for side in SIDES}
        own = {side: per[side] - per["null"] for side in ("kyodo", "reference")}
        share = round(own["reference"] / own["kyodo"], 2)
        print(
            f"{kind:<16} kyodo {own['kyodo']:6.2f} M  reference {own['reference']:6.2f} M"
            f"  ratio {share:4.2f}   (the client's share, counted apart: {per['null']:.2f} M)"
        )
        results[kind] = {
            "kyodo_million_instructions": round(own["kyodo"], 3),
            "reference_million_instructions": round(own["reference"], 3),
            "client_million_instructions": round(per["null"], 3),
            "ratio": share,
        }
    write_result("read_instructions", results)


if __name__ == "__main__":
    main()
