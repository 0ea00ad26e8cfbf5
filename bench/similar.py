"""Benchmark: `similarCases` at scale, kept by the similar-cases read model, against the same
lookup in plain SQL on the neighbour table, in the same run.

Fills a store of its own with `--records` published cases (generated Japanese stories,
`library_search.generate`, seed 42): each publication goes through the read model's writer
(postings, document frequencies, neighbour lists; `--batch` publications per transaction, in
pipeline mode on PostgreSQL, as a rebuild from position 0 applies them), and its entry into
the library's `entries` table. Prints the time per publication on the write side (overall,
and p50/p95 of the last publications, at full size), then times `--repeat` random cases,
interleaved:
  - kyodo: the resolver's read (`api.graphql.library._similar`: the case's entry, its
    neighbours, their entries), what `similarCases(id, first: 5)` runs;
  - reference: one plain SQL statement, the neighbours joined to their entries' JSON,
and prints p50/p95 of each and their ratio, with the load average. Writes
bench/results/similar_<store>_<records>.json.

    .venv/bin/python bench/similar.py [--records 10000] [--repeat 300] [--sqlite]

PostgreSQL: a database of its own (`kyodo_bench_similar`, dropped at the end) on
KYODO_BENCH_POSTGRES_SERVER, never the tests' `test`.
"""

from __future__ import annotations

import argparse
import os
import random
import time
from contextlib import nullcontext
from types import SimpleNamespace
from typing import Any

from common import latencies, on_store_of_its_own, percentile, write_result
from library_search import generate, vocabulary

from api.graphql.library import _similar
from projections.engine import Dialect, Tables, Upsert
from projections.engine.store import ReadStore
from projections.library.entry import LibraryEntry
from projections.library.projection import Library
from projections.similar_cases.projection import SimilarCasesReadModel
from projections.similar_cases.vectors import PER_GRAM, RESCORED, best, scores, story_json
from projections.similar_cases.writer import SimilarCasesWriter

DATABASE = "kyodo_bench_similar"
FIRST = 5
REFERENCE = (
    "SELECT e.entry FROM {neighbours} n JOIN {entries} e ON e.case_id = n.other_id{collate} "
    "WHERE n.case_id = {p} ORDER BY n.score DESC, n.other_id LIMIT {p}"
)
"""`collate`: on PostgreSQL `other_id` is compared byte by byte (collation "C") and the
entries' key is not; compared in the key's collation, the join uses the key's index instead
of scanning every entry (57,000 published: p95 15-34 ms that way)."""


class _Store:
    """The store as the resolver sees it, with each model's tables named."""

    def __init__(self, store: ReadStore, tables: dict[str, Tables]) -> None:
        self.store, self.by_name = store, tables
        self.dialect = store.dialect

    def reading(self) -> Any:
        return self.store.reading()

    def tables(self, model: Any, db: Any = None) -> Tables:
        return self.by_name[model if isinstance(model, str) else model.name]


def build(store: ReadStore) -> dict[str, Tables]:
    store.setup()
    tables = {}
    with store.transaction() as db:
        for model in (Library(), SimilarCasesReadModel()):
            tables[model.name] = Tables(store.prefix, model, model.version)
            for statement in model.ddl(store.dialect, tables[model.name]):
                db.execute(statement)
    return tables


def publication(entry: LibraryEntry) -> Upsert:
    """What a case's opening and its publication leave in the read model's staging row."""
    story = story_json(entry.title, entry.summary, entry.how_started, entry.lessons)
    fields = '["' + '", "'.join(entry.fields) + '"]'
    return Upsert("cases", {"case_id": entry.case_id}, {"fields": fields, "story": story})


def _pipelined(db: Any) -> Any:
    """As the runner applies a batch: on PostgreSQL, in pipeline mode."""
    pipeline = getattr(db, "pipeline", None)
    return nullcontext() if pipeline is None else pipeline()


def publish_all(
    store: ReadStore,
    tables: dict[str, Tables],
    entries: list[LibraryEntry],
    batch: int,
    writer: SimilarCasesWriter,
) -> dict[str, Any]:
    """Every entry published through the writer, `batch` per transaction; the time each took."""
    model = SimilarCasesReadModel()
    near, lib = tables[model.name], tables["library"]
    p = store.dialect.param
    each: list[float] = []
    started = time.perf_counter()
    for start in range(0, len(entries), batch):
        with store.transaction() as db, _pipelined(db):
            for entry in entries[start : start + batch]:
                t0 = time.perf_counter()
                writer.apply(db, store.dialect, near, [publication(entry)])
                each.append((time.perf_counter() - t0) * 1000)
                db.execute(
                    f"INSERT INTO {lib['entries']} (case_id, entry) VALUES ({p}, {p})",
                    [entry.case_id, entry.to_json()],
                )
        if (start // batch) % 10 == 0:
            print(f"  {start + batch:>7} published, {time.perf_counter() - started:7.1f} s")
    total = time.perf_counter() - started
    last = each[-min(1000, len(each)) :]
    return {
        "total_s": round(total, 1),
        "per_publication_ms": round(total * 1000 / len(entries), 2),
        "last_p50_ms": round(percentile(last, 50), 2),
        "last_p95_ms": round(percentile(last, 95), 2),
    }


def agreement(store: ReadStore, tables: Tables, case_ids: list[str]) -> dict[str, float]:
    """How far the kept lists are from the exact best by score (every case sharing a gram
    scored, as before the candidate search was capped), for the given cases: the share of
    the first neighbour, and of the first five, that are the same."""
    t, p = tables, store.dialect.param
    first = five = 0
    for case_id in case_ids:
        with store.reading() as db:
            sql = f"SELECT gram, weight FROM {t['postings']} WHERE case_id = {p}"
            mine = {str(g): float(w) for g, w in db.execute(sql, [case_id]).fetchall()}
            rows = []
            for gram in sorted(mine):
                sql = f"SELECT case_id, gram, weight FROM {t['postings']} WHERE gram = {p}"
                rows += [
                    (str(c), str(g), float(w))
                    for c, g, w in db.execute(sql, [gram]).fetchall()
                    if str(c) != case_id
                ]
            sql = (
                f"SELECT other_id FROM {t['neighbours']} WHERE case_id = {p} "
                f"ORDER BY score DESC, other_id LIMIT {FIRST}"
            )
            kept = [str(r[0]) for r in db.execute(sql, [case_id]).fetchall()]
        exact = [other for other, _ in best(scores(mine, rows), FIRST)]
        first += bool(kept[:1] == exact[:1])
        five += len(set(kept) & set(exact))
    n = max(len(case_ids), 1)
    return {"first_same": round(first / n, 3), "first_five_same": round(five / (n * FIRST), 3)}


def run(store: ReadStore, args: argparse.Namespace) -> None:
    rng = random.Random(42)
    everyday = vocabulary(rng)
    entries = [generate(rng, everyday, i) for i in range(args.records)]
    tables = build(store)
    load = os.getloadavg()
    writer = SimilarCasesWriter(args.per_gram, args.rescored)
    write = publish_all(store, tables, entries, args.batch, writer)
    print(
        f"write side: {write['total_s']} s for {args.records} publications "
        f"({write['per_publication_ms']} ms each; last 1000: p50 {write['last_p50_ms']} ms, "
        f"p95 {write['last_p95_ms']} ms)"
    )
    if store.dialect is Dialect.POSTGRES:
        with store.transaction() as db:
            db.execute("ANALYZE")
    sample = [entries[rng.randrange(len(entries))].case_id for _ in range(args.agreement)]
    agreed = agreement(store, tables["similar_cases"], sample)
    print(
        f"kept lists against the exact best ({args.agreement} cases): first neighbour the same "
        f"{agreed['first_same']:.0%}, first five {agreed['first_five_same']:.0%}"
    )
    context = SimpleNamespace(container=SimpleNamespace(read_store=_Store(store, tables)))
    reference = REFERENCE.format(
        p=store.dialect.param,
        collate=' COLLATE "default"' if store.dialect is Dialect.POSTGRES else "",
        neighbours=tables["similar_cases"]["neighbours"],
        entries=tables["library"]["entries"],
    )
    picks = [entries[rng.randrange(len(entries))].case_id for _ in range(args.repeat)]
    kyodo, raw, found = [], [], []
    for case_id in picks:
        t0 = time.perf_counter()
        found.append(len(_similar(context, case_id, FIRST)))  # type: ignore[arg-type]
        t1 = time.perf_counter()
        with store.reading() as db:
            rows = db.execute(reference, [case_id, FIRST]).fetchall()
            [LibraryEntry.from_json(r[0]) for r in rows]
        t2 = time.perf_counter()
        kyodo.append((t1 - t0) * 1000)
        raw.append((t2 - t1) * 1000)
    load = tuple(round(max(a, b), 2) for a, b in zip(load, os.getloadavg(), strict=True))
    figures, p95 = latencies(kyodo, raw)
    print(
        f"p95 ratio kyodo / reference: {p95}   (similar cases per case: {min(found)}-{max(found)})"
    )
    print(f"load average (highest seen, 1/5/15 min): {load}")
    write_result(
        f"similar_{store.dialect.value}_{args.records}"
        + ("" if (args.per_gram, args.rescored) == (PER_GRAM, RESCORED) else "_tuned"),
        {
            "store": store.dialect.value,
            "records": args.records,
            "repeat": args.repeat,
            "load_average": load,
            "write": write,
            "per_gram": args.per_gram,
            "rescored": args.rescored,
            "agreement_with_exact": agreed,
            **figures,
            "p95_ratio": p95,
        },
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=300)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--sqlite", action="store_true")
    parser.add_argument("--per-gram", type=int, default=PER_GRAM, help="postings read per gram")
    parser.add_argument("--rescored", type=int, default=RESCORED, help="candidates scored")
    parser.add_argument(
        "--agreement", type=int, default=100, help="cases whose lists are compared to the exact"
    )
    args = parser.parse_args()
    on_store_of_its_own(args.sqlite, DATABASE, lambda store: run(store, args))


if __name__ == "__main__":
    main()
