"""Benchmark: Japanese search in the success-case library at 100,000 published cases.

Writes generated entries straight into the library's read-model tables (PostgreSQL from
KYODO_BENCH_POSTGRES_URL, default the local server; and an SQLite file), then runs a fixed
set of queries (five of two characters) and prints p50/p95 of
  - search: the first page of 20, ranked, with the total (what the meeting's screen asks),
  - all ids: every matching id (what facets and recall need),
  - scan: the raw reference, a plain `LIKE '%q%'` scan of the same text, same run,
with their ratio, and the recall of the search against the scan. Bounded: a few minutes.

    .venv/bin/python bench/library_search.py [--records 100000] [--repeat 5] [--skip-sqlite]
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from projections.engine.base import Dialect, Tables
from projections.library.entry import LibraryEntry, OutcomeFigure, PublicParty
from projections.library.projection import Library
from projections.library.queries import LibraryQuery, matching_ids, search
from projections.library.search import bigram_keys, index_tokens, parse_query
from projections.library.writer import (
    entry_record,
    entry_rowid,
    entry_tags,
    entry_values,
    library_ddl,
)
from projections.text import like_pattern

POSTGRES_URL = os.environ.get(
    "KYODO_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
QUERIES = (
    "食堂",
    "清掃",
    "防災",
    "竹林",
    "地域",
    "子ども食堂",
    "フードバンク",
    "学習支援",
    "ひとり親",
    "スマホ教室",
    "竹林整備",
    "居場所づくり",
    "高齢者 見守り",
    "空き家",
    "プロボノ",
    "多文化共生",
    "海岸清掃",
    "買い物支援",
    "ＮＰＯ法人",
    "商店街の活性化",
)
TOPIC_WORDS = (
    "子ども食堂",
    "学習支援",
    "居場所づくり",
    "高齢者",
    "見守り",
    "買い物支援",
    "フードバンク",
    "ひとり親家庭",
    "防災",
    "訓練",
    "竹林整備",
    "海岸清掃",
    "空き家",
    "活用",
    "多文化共生",
    "日本語教室",
    "スマホ教室",
    "商店街",
    "活性化",
    "プロボノ",
    "広報",
    "チラシ",
    "地域",
    "住民",
    "自治会",
    "企業",
    "大学生",
    "ボランティア",
    "福祉",
    "環境",
    "里山",
    "農業",
    "観光",
    "交流",
    "食材",
    "寄付",
    "子育て",
    "相談",
    "拠点",
    "運営",
    "資金",
    "助成",
    "協働",
    "連携",
    "参加者",
    "増加",
    "継続",
    "課題",
    "工夫",
    "役割分担",
    "会議",
    "円卓",
    "清掃活動",
    "防災マップ",
    "避難所",
    "配食",
    "移動販売",
    "伝統文化",
    "祭り",
    "体験",
    "講座",
    "情報発信",
)
# Everyday words, many and mostly rare, so that topic words match a few percent of cases.
KANJI = "市町村民活動地域会議協力支援計画実施運営事業団体参加交流課題改善成果報告開催継続発展"
KANA = "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわん"
MUNICIPALITIES = ("35201", "35202", "35203", "35204", "35206", "35208", "35215", "35216")
KINDS = (
    ("npo_corporation", "NPO法人"),
    ("business", "事業者（企業）"),
    ("neighbourhood_association", "自治会・町内会"),
    ("school", "大学等の高等教育機関・高校"),
    ("social_welfare_council", "社会福祉協議会"),
)


def vocabulary(rng: random.Random, size: int = 5000) -> list[str]:
    words = {
        "".join(rng.choices(KANJI, k=2)) + "".join(rng.choices(KANA, k=rng.randint(0, 2)))
        for _ in range(size)
    }
    return sorted(words)


def sentence(rng: random.Random, everyday: list[str], n: int) -> str:
    words = [
        rng.choice(TOPIC_WORDS) if rng.random() < 0.08 else rng.choice(everyday) for _ in range(n)
    ]
    return "".join(w + rng.choice(("の", "と", "を", "、", "で", "")) for w in words) + "。"


def generate(rng: random.Random, everyday: list[str], i: int) -> LibraryEntry:
    kinds = rng.sample(KINDS, 2)
    return LibraryEntry(
        case_id=f"bench-{i:06d}",
        number=f"山口-{2019 + i % 6}-{i % 1000:03d}",
        title=sentence(rng, everyday, 3),
        summary=sentence(rng, everyday, 9),
        how_started=sentence(rng, everyday, 5),
        outcomes_text=sentence(rng, everyday, 4),
        outcome_figures=(OutcomeFigure("参加者数", rng.randint(5, 500), 100, "人"),),
        lessons=sentence(rng, everyday, 6),
        parties=tuple(
            PublicParty(None, k, label, "partner", "協働パートナー") for k, label in kinds
        ),
        form="co_hosting",
        form_label="共催",
        municipality=rng.choice(MUNICIPALITIES),
        municipality_label="",
        fields=("community_development",),
        field_labels=("まちづくり",),
        sdgs=(11, 17),
        fiscal_year=2019 + i % 6,
        opened_on="2024-05-01",
        closed_on="2024-09-28",
        duration_days=150,
        published_on=f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
        presented_count=0,
        replicated_count=0,
    )


def split_ddl(statements: list[str]) -> tuple[list[str], list[str]]:
    tables = [s for s in statements if not s.startswith("CREATE INDEX")]
    return tables, [s for s in statements if s.startswith("CREATE INDEX")]


def load_postgres(entries: Sequence[LibraryEntry], tables: Tables) -> Any:
    import psycopg

    conn = psycopg.connect(POSTGRES_URL, autocommit=True)
    for name in Library.tables:
        conn.execute(f"DROP TABLE IF EXISTS {tables[name]}")
    create, indexes = split_ddl(library_ddl(Dialect.POSTGRES, tables))
    for statement in create:
        conn.execute(statement)
    started = time.perf_counter()
    columns = [*entry_values(entries[0]), "bigrams"]
    with conn.cursor() as cur:
        copy_sql = f"COPY {tables['library']} ({', '.join(columns)}) FROM STDIN"
        with cur.copy(copy_sql) as copy:
            for e in entries:
                values = entry_values(e)
                copy.write_row([*values.values(), bigram_keys(values["search_text"])])
        stored = ", ".join(entry_record(entries[0]))
        with cur.copy(f"COPY {tables['entries']} ({stored}) FROM STDIN") as copy:
            for e in entries:
                copy.write_row(list(entry_record(e).values()))
        with cur.copy(f"COPY {tables['tags']} (facet, value, case_id) FROM STDIN") as copy:
            for e in entries:
                for tag in entry_tags(e):
                    copy.write_row(tag)
    for statement in indexes:
        conn.execute(statement)
    conn.execute(f"ANALYZE {tables['library']}")
    print(f"postgres: loaded and indexed in {time.perf_counter() - started:.1f} s")
    return conn


def load_sqlite(entries: Sequence[LibraryEntry], tables: Tables, path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    for statement in library_ddl(Dialect.SQLITE, tables):
        conn.execute(statement)
    started = time.perf_counter()
    conn.execute("BEGIN")
    for e in entries:
        rid = entry_rowid(e.case_id)
        values = entry_values(e)
        names = ", ".join(["rid", *values])
        marks = ", ".join("?" for _ in range(len(values) + 1))
        conn.execute(
            f"INSERT INTO {tables['library']} ({names}) VALUES ({marks})", [rid, *values.values()]
        )
        conn.executemany(f"INSERT INTO {tables['tags']} VALUES (?, ?, ?)", entry_tags(e))
        stored = entry_record(e)  # as the writer stores it (the snippets' words too)
        conn.execute(
            f"INSERT INTO {tables['entries']} ({', '.join(stored)})"
            f" VALUES ({', '.join('?' for _ in stored)})",
            list(stored.values()),
        )
        tokens = " ".join(index_tokens(values["search_text"]))
        conn.execute(f"INSERT INTO {tables['fts']} (rowid, tokens) VALUES (?, ?)", [rid, tokens])
    conn.execute("COMMIT")
    print(f"sqlite: loaded and indexed in {time.perf_counter() - started:.1f} s")
    return conn


def scan_ids(db: Any, tables: Tables, query: str) -> set[str]:
    """The raw reference: a plain LIKE scan of the normalised text, every variant OR'ed."""
    conditions, params = [], []
    for term in parse_query(query):
        alts = " OR ".join("search_text LIKE ? ESCAPE '\\'" for _ in term.alternatives)
        conditions.append(f"({alts})")
        params += [like_pattern(a) for a in term.alternatives]
    sql = f"SELECT case_id FROM {tables['library']} WHERE {' AND '.join(conditions)}"
    if not isinstance(db, sqlite3.Connection):
        # A raw scan: no index may serve it (the trigram index would, otherwise).
        with db.transaction():
            db.execute("SET LOCAL enable_bitmapscan = off")
            db.execute("SET LOCAL enable_indexscan = off")
            rows = db.execute(sql.replace("?", "%s"), params, prepare=False).fetchall()
        return {r[0] for r in rows}
    return {r[0] for r in db.execute(sql, params).fetchall()}


def timed(action: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        out.append((time.perf_counter() - started) * 1000)
    return out


def p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def measure(label: str, db: Any, dialect: Dialect, tables: Tables, repeat: int) -> None:
    rows: dict[str, list[float]] = {"search": [], "all ids": [], "scan": []}
    short: list[float] = []
    recall_ok, total = 0, 0
    for query in QUERIES:
        found = matching_ids(db, dialect, tables, LibraryQuery(query))
        reference = scan_ids(db, tables, query)
        total += 1
        recall_ok += int(reference <= found and found == reference)
        page = timed(lambda q=query: search(db, dialect, tables, LibraryQuery(q)), repeat)  # type: ignore[misc]
        rows["search"] += page
        rows["all ids"] += timed(
            lambda q=query: matching_ids(db, dialect, tables, LibraryQuery(q)),  # type: ignore[misc]
            repeat,
        )
        rows["scan"] += timed(lambda q=query: scan_ids(db, tables, q), repeat)  # type: ignore[misc]
        if len(query) == 2:
            short += page
        median = statistics.median(page)
        print(f"  {query:<10} matches {len(reference):>6}  search p50 {median:7.2f} ms")
    scan95 = p(rows["scan"], 95)
    print(f"{label}: {total} queries x {repeat}, recall vs scan: {recall_ok}/{total} queries exact")
    for name, values in rows.items():
        print(
            f"  {name:<8} p50 {p(values, 50):8.2f} ms  p95 {p(values, 95):8.2f} ms  "
            f"p95 ratio to scan {p(values, 95) / scan95:5.2f}"
        )
    print(f"  2-character queries: search p95 {p(short, 95):.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-sqlite", action="store_true")
    args = parser.parse_args()
    rng = random.Random(42)
    started = time.perf_counter()
    everyday = vocabulary(rng)
    entries = [generate(rng, everyday, i) for i in range(args.records)]
    mean = statistics.mean(len(e.search_text()) for e in entries[:1000])
    print(
        f"generated {len(entries)} entries ({mean:.0f} characters of searchable text each) "
        f"in {time.perf_counter() - started:.1f} s"
    )
    tables = Tables("bench_", Library(), 1)
    conn = load_postgres(entries, tables)
    try:
        measure("postgres", conn, Dialect.POSTGRES, tables, args.repeat)
    finally:
        for name in Library.tables:
            conn.execute(f"DROP TABLE IF EXISTS {tables[name]}")
        conn.close()
    if not args.skip_sqlite:
        with tempfile.TemporaryDirectory() as tmp:
            lite = load_sqlite(entries, Tables("", Library(), 1), Path(tmp) / "bench.sqlite3")
            measure("sqlite", lite, Dialect.SQLITE, Tables("", Library(), 1), args.repeat)
            lite.close()


if __name__ == "__main__":
    main()
