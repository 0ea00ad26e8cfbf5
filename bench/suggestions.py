"""Benchmark: partner suggestions (`suggestedPartners`) at scale, against plain SQL.

Fills the suggestions read model of a store of its own with generated facts (`--cases`
cases, `--parties` parties: organisations with fields and a 市町, pro bono workers with
skills and the 市町 they serve, a few parties per case, some cases succeeded, some needing a
skill), then asks for the 10 best partners of `--repeat` random cases, kyodo's queries
(`SuggestionQueries.suggested_partners`) and a plain SQL reference (one statement scoring the
same candidates by skills, fields and similar successes, without places and replications)
interleaved, and prints p50/p95 of
each and their ratio. The rows are written straight into the read model's tables (the
ledger's path is measured by the projection benchmarks): what is timed is the query.

    .venv/bin/python bench/suggestions.py [--cases 100000] [--parties 20000] [--repeat 200]
        [--sqlite]     # a SQLite file in a temporary folder instead of PostgreSQL

PostgreSQL: a database of its own (`kyodo_bench_suggestions`, dropped at the end) on
KYODO_BENCH_POSTGRES_SERVER, never the tests' `test`.
"""

from __future__ import annotations

import argparse
import random
import time
from typing import Any

from common import latencies, on_store_of_its_own, write_result

from domain.pro_bono_vocabulary import SKILLS
from domain.vocabulary import CENTRES, FIELDS_OF_ACTIVITY, MUNICIPALITIES
from projections.engine import Tables
from projections.engine.store import ReadStore
from projections.suggestions.projection import SuggestionsReadModel
from projections.suggestions.queries import SuggestionQueries

DATABASE = "kyodo_bench_suggestions"
FIELDS = [f.code for f in FIELDS_OF_ACTIVITY]
SKILL_CODES = [s.code for s in SKILLS]
PLACES = [m.code for m in MUNICIPALITIES]
CENTRE_OF = {c.municipality: c.code for c in CENTRES if c.municipality}

REFERENCE = """
WITH cf AS (SELECT field FROM {case_fields} WHERE case_id = {p}),
cn AS (SELECT skill FROM {case_needs} WHERE case_id = {p}),
ex AS (SELECT party_id FROM {case_parties} WHERE case_id = {p}
       UNION SELECT initiating_party FROM {cases} WHERE case_id = {p}),
alike AS (SELECT case_id FROM {case_fields}
          WHERE field IN (SELECT field FROM cf) AND case_id <> {p}),
sk AS (SELECT party_id, COUNT(*) AS n FROM {party_skills}
       WHERE skill IN (SELECT skill FROM cn) GROUP BY party_id),
fd AS (SELECT party_id, COUNT(*) AS n FROM {party_fields}
       WHERE field IN (SELECT field FROM cf) GROUP BY party_id),
su AS (SELECT party_id, COUNT(DISTINCT case_id) AS n FROM {case_parties}
       WHERE succeeded = 1 AND case_id IN (SELECT case_id FROM alike) GROUP BY party_id),
cand AS (SELECT party_id FROM sk UNION SELECT party_id FROM fd UNION SELECT party_id FROM su)
SELECT p.party_id,
  5 * COALESCE(sk.n, 0) + 3 * COALESCE(fd.n, 0) + 2 * COALESCE(su.n, 0) AS score
FROM cand JOIN {parties} p ON p.party_id = cand.party_id
LEFT JOIN sk ON sk.party_id = p.party_id
LEFT JOIN fd ON fd.party_id = p.party_id
LEFT JOIN su ON su.party_id = p.party_id
WHERE p.party_id NOT IN (SELECT party_id FROM ex)
  AND (p.kind <> 'pro_bono_worker' OR (p.in_bank = 1 AND p.contact_consent = 1))
ORDER BY score DESC, p.name, p.party_id LIMIT 10
"""
REFERENCE_PARAMS = 5
"""How many times the statement names the case."""


def facts(cases: int, parties: int, seed: int) -> dict[str, list[tuple[Any, ...]]]:
    """Rows of every table of the read model, generated."""
    rng = random.Random(seed)
    rows: dict[str, list[tuple[Any, ...]]] = {t: [] for t in SuggestionsReadModel.tables}
    orgs: list[str] = []
    for n in range(parties):
        party_id, worker = f"party-{n:06d}", rng.random() < 0.15
        kind = "pro_bono_worker" if worker else "npo_corporation"
        name = "プロボノワーカー（個人）" if worker else f"団体{n:06d}"
        in_bank = int(worker and rng.random() < 0.8)
        consent = int(worker and rng.random() < 0.9)
        rows["parties"].append((party_id, kind, name, rng.choice(PLACES), in_bank, consent))
        for f in rng.sample(FIELDS, rng.randint(0 if worker else 1, 3)):
            rows["party_fields"].append((party_id, f))
        if worker:
            for s in rng.sample(SKILL_CODES, rng.randint(1, 3)):
                rows["party_skills"].append((party_id, s))
            for m in rng.sample(PLACES, rng.randint(1, 3)):
                rows["party_areas"].append((party_id, m))
        else:
            orgs.append(party_id)
    for n in range(cases):
        case_id, place = f"case-{n:07d}", rng.choice(PLACES)
        replicates = f"case-{rng.randrange(max(1, n)):07d}" if n and rng.random() < 0.05 else None
        centre = CENTRE_OF.get(place, "pref")
        rows["cases"].append((case_id, centre, place, replicates, rng.choice(orgs)))
        for f in rng.sample(FIELDS, rng.randint(1, 3)):
            rows["case_fields"].append((case_id, f))
        if rng.random() < 0.1:
            rows["case_needs"].append((case_id, 2, rng.choice(SKILL_CODES)))
        succeeded = int(rng.random() < 0.3)
        for party_id in {rng.choice(orgs) for _ in range(rng.randint(2, 4))}:
            rows["case_parties"].append((case_id, party_id, 1, succeeded))
    return rows


def fill(store: ReadStore, tables: Tables, rows: dict[str, list[tuple[Any, ...]]]) -> None:
    p = store.dialect.param
    with store.transaction() as db:
        for table, values in rows.items():
            if not values:
                continue
            marks = ", ".join([p] * len(values[0]))
            sql = f"INSERT INTO {tables[table]} VALUES ({marks})"
            executemany = getattr(db, "executemany", None)
            if executemany is not None:
                executemany(sql, values)
            else:
                with db.cursor() as cursor:  # type: ignore[attr-defined]
                    cursor.executemany(sql, values)


def build(store: ReadStore) -> Tables:
    """The read model's tables, created as a rebuild would (its DDL and indexes)."""
    model = SuggestionsReadModel()
    store.setup()
    tables = Tables(store.prefix, model, model.version)
    with store.transaction() as db:
        for statement in model.ddl(store.dialect, tables):
            db.execute(statement)
    return tables


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--parties", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--sqlite", action="store_true")
    args = parser.parse_args()
    on_store_of_its_own(args.sqlite, DATABASE, lambda store: run(store, args))


class _Reader:
    """The store's reading connection with the model's tables named, as the queries see it."""

    def __init__(self, store: ReadStore, tables: Tables) -> None:
        self.store, self._tables = store, tables
        self.dialect = store.dialect

    def reading(self) -> Any:
        return self.store.reading()

    def tables(self, model: Any, db: Any = None) -> Tables:
        return self._tables


def run(store: ReadStore, args: argparse.Namespace) -> None:
    started = time.perf_counter()
    tables = build(store)
    rows = facts(args.cases, args.parties, args.seed)
    fill(store, tables, rows)
    with store.transaction() as db:
        db.execute("ANALYZE")
    print(f"filled {sum(map(len, rows.values()))} rows in {time.perf_counter() - started:.1f} s")
    queries = SuggestionQueries(_Reader(store, tables))
    reference = REFERENCE.format(p=store.dialect.param, **dict(tables.items()))
    rng = random.Random(args.seed + 1)
    picks = [f"case-{rng.randrange(args.cases):07d}" for _ in range(args.repeat)]
    kyodo, raw, found = [], [], []
    for case_id in picks:
        t0 = time.perf_counter()
        found.append(len(queries.suggested_partners(case_id, 10)))
        t1 = time.perf_counter()
        with store.reading() as db:
            db.execute(reference, [case_id] * REFERENCE_PARAMS).fetchall()
        t2 = time.perf_counter()
        kyodo.append((t1 - t0) * 1000)
        raw.append((t2 - t1) * 1000)
    figures, p95 = latencies(kyodo, raw)
    print(f"p95 ratio kyodo / reference: {p95}   (suggestions per case: {min(found)}-{max(found)})")
    write_result(
        "suggestions",
        {
            "store": store.dialect.value,
            "cases": args.cases,
            "parties": args.parties,
            "repeat": args.repeat,
            **figures,
            "p95_ratio": p95,
        },
    )


if __name__ == "__main__":
    main()
