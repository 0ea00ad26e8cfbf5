"""Benchmark: the case list with filters at scale (one client), and the case-list table after
a rebuild.

Uses a ledger of generated cases (`--url` an existing one, e.g. one filled by
`kyodo demo generate --cases 100000`; else a database of its own filled with `--cases`),
builds the case list read model from position 0 alone (events/s), reports its table's size
and dead rows, then times the list's first page of 20 and its total (what `cases(filter:)`
asks) for a set of filters, with p50/p95, against the same SQL run raw on one connection in
the same run, interleaved.

    .venv/bin/python bench/case_list_scale.py [--cases 20000 | --url URL] [--repeat 30]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any

from common import (
    drop_database,
    fresh_database,
    generate,
    percentile,
    quiet_logs,
    ratio,
    write_result,
)

from persistence.settings import Settings
from persistence.wiring import build_ledger
from projections.case_list.projection import CaseListReadModel
from projections.case_list.queries import CaseFilter, CaseListQueries
from projections.engine.service import ProjectionService, ServiceOptions
from projections.wiring import build_store

DATABASE = "kyodo_bench_case_list"
FILTERS = {
    "state+centre": CaseFilter(state="coordinating", centre="yamaguchi"),
    "state": CaseFilter(state="in_progress"),
    "centre": CaseFilter(centre="shimonoseki"),
    "centre+fiscal year": CaseFilter(centre="yamaguchi", fiscal_year=2025),
    "closed+centre": CaseFilter(state="closed", centre="ube"),
    "none": CaseFilter(),
    # Free text: a scan of the rows the other filters leave (the list's order still comes
    # from an index): a common two-character word, a kana word that matches katakana, a word
    # in no case (the whole table read), and a facilitator's own centre.
    "text 食堂": CaseFilter(text="食堂"),
    "text こみゅにてぃ": CaseFilter(text="こみゅにてぃ"),
    "text, no match": CaseFilter(text="該当しない語"),
    "text+centre": CaseFilter(text="ボランティア", centres=("yamaguchi",)),
}


def rebuild(settings: Settings) -> tuple[Any, float, int]:
    """The case list from position 0 alone; its store, events/s, and the log's head."""
    ledger = build_ledger(settings)
    store = build_store(settings)
    model = CaseListReadModel()
    store.drop_everything([model])
    store.setup()
    service = ProjectionService(
        store,
        ledger.recorder,
        ledger.mapper.to_domain_event,
        [model],
        options=ServiceOptions(batch_size=1000),
    )
    head = ledger.recorder.max_notification_id() or 0
    started = time.perf_counter()
    service.run_until_caught_up()
    seconds = time.perf_counter() - started
    ledger.close()
    return store, head / seconds, head


def upgrade(store: Any) -> None:
    """The active version's indexes as the code declares them, then `tidy` (if the store
    has it): what a build with this code leaves."""
    model = CaseListReadModel()
    tables = store.tables(model)
    with store.transaction() as db:
        for statement in model.ddl(store.dialect, tables):
            db.execute(statement)
    if hasattr(store, "tidy"):
        store.tidy(model, tables.version)


def table_health(store: Any) -> dict[str, Any]:
    tables = store.tables("case_list")
    name = tables["case_list"]
    with store.reading() as db:
        size = db.execute("SELECT pg_total_relation_size(%s)", (name,)).fetchone()[0]
        live, dead = db.execute(
            "SELECT n_live_tup, n_dead_tup FROM pg_stat_user_tables WHERE relname = %s",
            (name,),
        ).fetchone()
        indexes = [
            r[0]
            for r in db.execute("SELECT indexdef FROM pg_indexes WHERE tablename = %s", (name,))
        ]
    return {
        "table": name,
        "size_mb": round(size / 2**20, 1),
        "live_rows": live,
        "dead_rows": dead,
        "indexes": indexes,
    }


def capture(store: Any, run: Any) -> list[tuple[str, Any]]:
    """The statements `run` sends (the same SQL, for the raw reference)."""
    seen: list[tuple[str, Any]] = []
    original = store.reading

    from contextlib import contextmanager

    @contextmanager
    def reading() -> Any:
        with original() as db:

            class Spy:
                def execute(self, sql: str, params: Any = None) -> Any:
                    seen.append((sql, params))
                    return db.execute(sql, params)

                def __getattr__(self, name: str) -> Any:
                    return getattr(db, name)

            yield Spy()

    store.reading = reading
    try:
        run()
    finally:
        store.reading = original
    return seen


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=20000)
    parser.add_argument("--url", default=None)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument(
        "--no-rebuild",
        action="store_true",
        help="keep the built case list (--url): bring its indexes to the code's DDL and tidy it",
    )
    args = parser.parse_args()
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp, quiet_logs():
        url = args.url or fresh_database(DATABASE)
        settings = Settings(database_url=url, data_dir=Path(tmp))
        if args.url is None:
            ledger = build_ledger(settings)
            generate(ledger, args.cases)
            ledger.close()
        if args.no_rebuild:
            store = build_store(settings)
            results["table_before_tidy"] = table_health(store)
            print(f"case list table as built: {results['table_before_tidy']}")
            upgrade(store)
        else:
            store, rate, head = rebuild(settings)
            results["rebuild"] = {"events": head, "events_per_second": round(rate)}
            print(f"case list from 0: {head} events, {rate:,.0f} events/s")
        results["table"] = table_health(store)
        print(f"case list table: {results['table']}")
        queries = CaseListQueries(store)
        results["filters"] = {}
        import psycopg

        raw = psycopg.connect(url, autocommit=True)
        for label, where in FILTERS.items():

            def ask(where: CaseFilter = where) -> None:
                queries.list_cases(where, first=20)
                queries.count_cases(where)

            statements = capture(store, ask)
            kyodo, reference = [], []
            for _ in range(args.repeat):
                started = time.perf_counter()
                ask()
                kyodo.append(time.perf_counter() - started)
                started = time.perf_counter()
                for sql, params in statements:
                    raw.execute(sql, params).fetchall()
                reference.append(time.perf_counter() - started)
            k95, r95 = percentile(kyodo, 95) * 1000, percentile(reference, 95) * 1000
            print(
                f"{label:<22} kyodo p50 {percentile(kyodo, 50) * 1000:7.1f} ms p95 {k95:7.1f} ms"
                f"   same SQL p95 {r95:7.1f} ms   ratio {ratio(r95, k95):.2f}"
            )
            results["filters"][label] = {
                "kyodo_p50_ms": round(percentile(kyodo, 50) * 1000, 2),
                "kyodo_p95_ms": round(k95, 2),
                "reference_p95_ms": round(r95, 2),
                "ratio": ratio(r95, k95),
                "statements": [s for s, _ in statements],
            }
        raw.close()
        store.close()
        if args.url is None:
            drop_database(DATABASE)
    results["cases"] = args.cases if args.url is None else "from --url"
    write_result("case_list_scale", results)


if __name__ == "__main__":
    main()
