"""Benchmark: what an idle API server asks PostgreSQL, with nobody using it.

A database of its own (`--database`, created here and dropped at the end, never the tests'
`test`) gets `--cases` generated cases and its read models built; then `kyodo serve` (the
embedded read models: twelve threads, LISTEN) runs on it with no request and no write. After
`--settle` seconds, the database's committed and rolled-back transactions
(`pg_stat_database`) are counted over `--seconds`: each is a question the server asked on
its own (a read model's idle round: its lock, its versions, the log's head). The reference is
a raw one: a server that waits for LISTEN alone asks nothing, 0 a second.

    .venv/bin/python bench/idle_load.py [--cases 200] [--settle 15] [--seconds 30]
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, drop_database, fresh_database, generate, quiet_logs, write_result
from http_reads import start, stop

from persistence.settings import Settings

DATABASE = "kyodo_bench_idle"


def transactions(url: str, database: str) -> int:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(
            "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = %s",
            (database,),
        ).fetchone()
    return int(row[0]) if row else 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--settle", type=float, default=15.0)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--port", type=int, default=8731)
    parser.add_argument("--database", default=DATABASE)
    args = parser.parse_args()
    url = fresh_database(args.database)
    try:
        with tempfile.TemporaryDirectory() as tmp, quiet_logs():
            from api.container import Container

            container = Container(Settings(database_url=url, data_dir=Path(tmp)))
            generate(container.ledger, args.cases)
            container.projections.run_until_caught_up()
            container.close()
            env = {
                **os.environ,
                "DATABASE_URL": url,
                "KYODO_DATA_DIR": tmp,
                "KYODO_JWT_SECRET": secrets.token_hex(32),
                "PYTHONPATH": str(ROOT),  # this tree's code, not the one installed
            }
            kyodo = str(Path(sys.executable).parent / "kyodo")
            server = start([kyodo, "serve", "--port", str(args.port)], env, args.port)
            try:
                time.sleep(args.settle)
                stats = url.rsplit("/", 1)[0] + "/postgres"
                before = transactions(stats, args.database)
                time.sleep(args.seconds)
                asked = transactions(stats, args.database) - before
            finally:
                stop(server)
    finally:
        drop_database(args.database)
    per_second = asked / args.seconds
    print(
        f"idle API server, {args.cases} cases: {per_second:.1f} transactions/s over "
        f"{args.seconds:g} s (a server waiting on LISTEN alone: 0)"
    )
    write_result(
        "idle_load",
        {
            "cases": args.cases,
            "seconds": args.seconds,
            "transactions": asked,
            "transactions_per_second": round(per_second, 2),
        },
    )


if __name__ == "__main__":
    main()
