"""Benchmark: the library's Japanese search by kind of query at 100,000 published cases, now
(kana folding, readings, word lists, snippets, suggestion) against today's search (the tree of
a given commit, by default the one before issue 15), in the same run, on the same entries.

Each side runs in a subprocess over its own source tree (`git archive` of the commit for
"today"), generates the same entries (`library_search.generate`, seed 42), writes them with
its own row functions into an SQLite file and into PostgreSQL — its own database,
KYODO_BENCH_POSTGRES_URL, default `postgresql://postgres@127.0.0.1:5432/kyodo_bench`, created
if missing, never the tests' database — and times `search()` (the first page of 20, ranked,
with the total; now also the snippets, or the suggestion when nothing matches). Printed: p50
and p95 per kind and side, and the size of the library's tables and indexes.

    .venv/bin/python bench/search.py [--records 100000] [--repeat 5] [--today 780fb41]
        [--skip-postgres] [--keep DIR | --reuse DIR]

`--keep DIR` leaves the loaded stores (the SQLite files in DIR, the PostgreSQL tables in the
bench database); `--reuse DIR` times them again without making or loading anything: a long
load on a busy machine, timed later on a quiet one (same --records and --today).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import random
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
POSTGRES_URL = os.environ.get(
    "KYODO_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/kyodo_bench"
)
TODAY = "780fb41"  # main before issue 15
QUERIES: dict[str, tuple[str, ...]] = {
    "exact": ("子ども食堂", "フードバンク", "学習支援", "竹林整備", "高齢者 見守り"),
    "two_char": ("食堂", "清掃", "防災", "竹林", "地域"),
    "hiragana": ("ふーどばんく", "ぷろぼの", "ちらし", "ぼらんてぃあ", "すまほきょうしつ"),
    "reading": ("しょくどう", "あきや", "ぼうさい", "ちくりん", "しょうてんがい"),
    "variant": ("子供食堂", "一人親家庭", "空家", "障害", "買物支援"),
    "synonym": ("スマートフォン", "お年寄り", "育児", "ごみ拾い", "町内会"),
}


# --- one side, in a subprocess over its own tree -----------------------------------------


def _side(tree: Path) -> dict[str, Any]:
    """The modules of the tree under test (imported after `tree` is first on sys.path)."""
    sys.path[:0] = [str(tree), str(HERE)]
    names = ("engine.base", "library.projection", "library.queries", "library.search")
    found = {n: importlib.import_module(f"projections.{n}") for n in names}
    found["writer"] = importlib.import_module("projections.library.writer")
    found["generator"] = importlib.import_module("library_search")
    where = Path(found["writer"].__file__).resolve()
    if not where.is_relative_to(tree.resolve()):
        raise SystemExit(f"the tree's modules were not imported: {where}")
    try:
        found["suggest"] = importlib.import_module("projections.library.suggest")
    except ImportError:
        found["suggest"] = None
    return found


def _rows(m: dict[str, Any], entries: list[Any]) -> Iterator[dict[str, Any]]:
    writer, suggest = m["writer"], m["suggest"]
    for e in entries:
        values = writer.entry_values(e)
        words = suggest.entry_words(e.search_fields()) if suggest else {}
        # The `entries` row: trees before the stored field words write the JSON only.
        if hasattr(writer, "entry_record"):
            record = writer.entry_record(e)
        else:
            record = {"case_id": e.case_id, "entry": e.to_json()}
        tags = writer.entry_tags(e)
        yield {"e": e, "values": values, "tags": tags, "words": words, "record": record}


def _load_sqlite(m: dict[str, Any], rows: list[dict[str, Any]], path: Path, t: Any) -> Any:
    dialect, writer, search = m["engine.base"].Dialect, m["writer"], m["library.search"]
    conn = sqlite3.connect(path, isolation_level=None)
    for statement in writer.library_ddl(dialect.SQLITE, t):
        conn.execute(statement)
    conn.execute("BEGIN")
    for row in rows:
        e, values = row["e"], row["values"]
        rid = writer.entry_rowid(e.case_id)
        names = ", ".join(["rid", *values])
        marks = ", ".join("?" for _ in range(len(values) + 1))
        conn.execute(
            f"INSERT INTO {t['library']} ({names}) VALUES ({marks})", [rid, *values.values()]
        )
        conn.executemany(f"INSERT INTO {t['tags']} VALUES (?, ?, ?)", row["tags"])
        record = row["record"]
        marks = ", ".join("?" for _ in record)
        conn.execute(
            f"INSERT INTO {t['entries']} ({', '.join(record)}) VALUES ({marks})",
            list(record.values()),
        )
        tokens = " ".join(search.index_tokens(values["search_text"]))
        conn.execute(f"INSERT INTO {t['fts']} (rowid, tokens) VALUES (?, ?)", [rid, tokens])
    _vocabulary(conn, rows, t, "?")
    conn.execute("COMMIT")
    return conn


def _vocabulary(conn: Any, rows: list[dict[str, Any]], t: Any, mark: str) -> None:
    """The suggestion's vocabulary, counted in Python and written at once."""
    counts: dict[str, list[Any]] = {}
    for row in rows:
        for word, shown in row["words"].items():
            counts.setdefault(word, [word, shown, 0])[2] += 1
    if counts:
        sql = f"INSERT INTO {t['words']} (word, shown, cases) VALUES ({mark}, {mark}, {mark})"
        if mark == "?":
            conn.executemany(sql, list(counts.values()))
        else:
            with conn.cursor() as cur:
                cur.executemany(sql, list(counts.values()))


def _database() -> Any:
    import psycopg

    base, _, name = POSTGRES_URL.rpartition("/")
    if name in ("test", ""):
        raise SystemExit("KYODO_BENCH_POSTGRES_URL must name a database of its own")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        if admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            admin.execute(f'CREATE DATABASE "{name}"')
    return psycopg.connect(POSTGRES_URL, autocommit=True)


def _load_postgres(m: dict[str, Any], rows: list[dict[str, Any]], t: Any) -> Any:
    dialect, writer, search = m["engine.base"].Dialect, m["writer"], m["library.search"]
    conn = _database()
    for name in m["library.projection"].Library.tables:
        conn.execute(f"DROP TABLE IF EXISTS {t[name]}")
    ddl = writer.library_ddl(dialect.POSTGRES, t)
    for statement in [s for s in ddl if not s.startswith("CREATE INDEX")]:
        conn.execute(statement)
    columns = [*rows[0]["values"], "bigrams"]
    with conn.cursor() as cur:
        with cur.copy(f"COPY {t['library']} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                values = row["values"]
                copy.write_row([*values.values(), search.bigram_keys(values["search_text"])])
        columns = list(rows[0]["record"])
        with cur.copy(f"COPY {t['entries']} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(list(row["record"].values()))
        with cur.copy(f"COPY {t['tags']} (facet, value, case_id) FROM STDIN") as copy:
            for row in rows:
                for tag in row["tags"]:
                    copy.write_row(tag)
    _vocabulary(conn, rows, t, "%s")
    for statement in [s for s in ddl if s.startswith("CREATE INDEX")]:
        conn.execute(statement)
    conn.execute(f"ANALYZE {t['library']}")
    return conn


def _size_postgres(conn: Any, m: dict[str, Any], t: Any) -> dict[str, float]:
    sizes = {}
    for name in ("library", "entries", "words"):
        if name in m["library.projection"].Library.tables:
            row = conn.execute(
                "SELECT pg_table_size(%s), pg_indexes_size(%s)", [t[name], t[name]]
            ).fetchone()
            sizes[f"{name} table"], sizes[f"{name} indexes"] = row[0] / 2**20, row[1] / 2**20
    return sizes


def _size_sqlite(conn: Any, m: dict[str, Any], t: Any) -> dict[str, float]:
    conn.execute("ANALYZE")
    try:
        rows = conn.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name").fetchall()
    except sqlite3.OperationalError:
        return {}
    out: dict[str, float] = {}
    for name, size in rows:
        for logical in ("words", "fts", "entries", "library"):
            if str(name).startswith(t[logical]):
                out[logical] = out.get(logical, 0.0) + size / 2**20
                break
    return out


def _time(m: dict[str, Any], db: Any, dialect: Any, t: Any, repeat: int) -> dict[str, Any]:
    search = m["library.queries"].search
    # What `search` is asked: a LibraryQuery, or in a tree from before it the words alone.
    asked = getattr(m["library.queries"], "LibraryQuery", str)
    out: dict[str, Any] = {}
    for kind, queries in QUERIES.items():
        samples, totals = [], []
        for query in queries:
            totals.append(search(db, dialect, t, asked(query)).total)
            for _ in range(repeat):
                started = time.perf_counter()
                search(db, dialect, t, asked(query))
                samples.append((time.perf_counter() - started) * 1000)
        out[kind] = {"samples": samples, "totals": totals}
    return out


def worker(
    tree: Path, label: str, args: argparse.Namespace, postgres: bool, kept: Path | None
) -> None:
    """Makes the rows and loads both stores, then times them. With `kept`: the SQLite file and
    the PostgreSQL tables stay (`--keep`), or are timed as they were kept (`--reuse`), so a
    busy machine's long load can be timed again once the machine is quiet."""
    m = _side(tree)
    library, dialect = m["library.projection"].Library, m["engine.base"].Dialect
    t = m["engine.base"].Tables(f"bench_{label}_", library(), library.version)
    report: dict[str, Any] = {"label": label, "rows_s": 0.0}
    file = kept / f"{label}.sqlite3" if kept else None
    rows: list[dict[str, Any]] = []
    if not args.reuse:
        gen = m["generator"]
        rng = random.Random(42)
        everyday = gen.vocabulary(rng)
        entries = [gen.generate(rng, everyday, i) for i in range(args.records)]
        started = time.perf_counter()
        rows = list(_rows(m, entries))
        report["rows_s"] = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        path = file or Path(tmp) / "bench.sqlite3"
        started = time.perf_counter()
        if args.reuse:
            lite = sqlite3.connect(path, isolation_level=None)
        else:
            path.unlink(missing_ok=True)
            lite = _load_sqlite(m, rows, path, t)
        report["sqlite"] = {"load_s": time.perf_counter() - started}
        report["sqlite"]["file_mib"] = path.stat().st_size / 2**20
        report["sqlite"]["sizes"] = _size_sqlite(lite, m, t)
        report["sqlite"]["kinds"] = _time(m, lite, dialect.SQLITE, t, args.repeat)
        lite.close()
    if postgres:
        started = time.perf_counter()
        pg = _database() if args.reuse else _load_postgres(m, rows, t)
        report["postgres"] = {"load_s": time.perf_counter() - started}
        report["postgres"]["sizes"] = _size_postgres(pg, m, t)
        report["postgres"]["kinds"] = _time(m, pg, dialect.POSTGRES, t, args.repeat)
        if kept is None:
            for name in library.tables:
                pg.execute(f"DROP TABLE IF EXISTS {t[name]}")
        pg.close()
    print("RESULT " + json.dumps(report))


# --- the comparison ------------------------------------------------------------------------


def _tree_of(commit: str, into: Path) -> Path:
    archive = into / "today.tar"
    with archive.open("wb") as out:
        subprocess.run(
            ["git", "-C", str(ROOT), "archive", commit, "projections", "domain"],
            stdout=out,
            check=True,
        )
    with tarfile.open(archive) as tar:
        tar.extractall(into / "tree", filter="data")
    return into / "tree"


def _run(tree: Path, label: str, args: argparse.Namespace) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", str(tree), label]
    command += ["--records", str(args.records), "--repeat", str(args.repeat)]
    command += ["--skip-postgres"] if args.skip_postgres else []
    command += ["--keep", args.keep] if args.keep else []
    command += ["--reuse", args.reuse] if args.reuse else []
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT "))
    result: dict[str, Any] = json.loads(line.removeprefix("RESULT "))
    return result


def _p(values: list[float], q: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def _print(store: str, today: dict[str, Any], now: dict[str, Any]) -> None:
    print(f"\n{store}: load today {today['load_s']:.0f} s, now {now['load_s']:.0f} s")
    print(f"  sizes (MiB) today {_mib(today)}")
    print(f"  sizes (MiB) now   {_mib(now)}")
    print("  kind       p50 today/now (ms)  p95 today/now (ms)  cases found today/now")
    for kind in QUERIES:
        a, b = today["kinds"][kind], now["kinds"][kind]
        print(
            f"  {kind:<9} {_p(a['samples'], 50):7.1f} / {_p(b['samples'], 50):6.1f}"
            f"     {_p(a['samples'], 95):7.1f} / {_p(b['samples'], 95):6.1f}"
            f"      {sum(a['totals']):>7} / {sum(b['totals'])}"
        )


def _mib(side: dict[str, Any]) -> str:
    sizes = {k: round(v, 1) for k, v in side.get("sizes", {}).items()}
    if "file_mib" in side:
        sizes["file"] = round(side["file_mib"], 1)
    return ", ".join(f"{k} {v}" for k, v in sizes.items())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--today", default=TODAY, help="the commit measured as today's search")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--worker", nargs=2, metavar=("TREE", "LABEL"))
    kept = parser.add_mutually_exclusive_group()
    kept.add_argument("--keep", metavar="DIR", help="keep the loaded stores (SQLite files here)")
    kept.add_argument("--reuse", metavar="DIR", help="time the stores kept by --keep DIR")
    args = parser.parse_args()
    if args.worker:
        where = args.keep or args.reuse
        if args.keep:
            Path(args.keep).mkdir(parents=True, exist_ok=True)
        tree, label = Path(args.worker[0]), args.worker[1]
        worker(tree, label, args, not args.skip_postgres, Path(where) if where else None)
        return
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        today = _run(_tree_of(args.today, Path(tmp)), "today", args)
    now = _run(ROOT, "now", args)
    print(
        f"{args.records} entries, {args.repeat} runs of 5 queries per kind; rows made in "
        f"{today['rows_s']:.0f} s today, {now['rows_s']:.0f} s now (readings, words)"
    )
    for store in ("sqlite", "postgres"):
        if store in today:
            _print(store, today[store], now[store])
    print(f"\n{time.perf_counter() - started:.0f} s in all")
    _save(args, today, now)


def _save(args: argparse.Namespace, today: dict[str, Any], now: dict[str, Any]) -> None:
    """bench/results/search_<records>[_reused].json: p50/p95 per store, kind and side."""
    summary: dict[str, Any] = {
        "records": args.records,
        "repeat": args.repeat,
        "today_commit": args.today,
        "reused": bool(args.reuse),
        "load_average": os.getloadavg(),
    }
    for store in ("sqlite", "postgres"):
        if store not in today:
            continue
        summary[store] = {
            label: {
                "sizes_mib": side[store].get("sizes", {}),
                "kinds": {
                    kind: {
                        "p50_ms": round(_p(side[store]["kinds"][kind]["samples"], 50), 1),
                        "p95_ms": round(_p(side[store]["kinds"][kind]["samples"], 95), 1),
                        "found": sum(side[store]["kinds"][kind]["totals"]),
                    }
                    for kind in QUERIES
                },
            }
            for label, side in (("today", today), ("now", now))
        }
    name = f"search_{args.records}{'_reused' if args.reuse else ''}.json"
    (HERE / "results" / name).write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n")
    print(f"written: bench/results/{name}")


if __name__ == "__main__":
    main()
