"""Tables of the success-case library, and its writer (staging rows, then rendered entries).

The searched text is the entry's normalised fields (kana folded) followed by their readings;
`surface_len` says where the written part ends (exact matches rank above reading matches).
SQLite: an FTS5 `unicode61` table over app-made bigram tokens, queried with phrases.
PostgreSQL: an `int4[]` GIN index of the text's bigram keys finds the candidates of a term
of two or more characters; `strpos` always has the last word.
`words` holds each entry's words for the 「もしかして」 suggestion (`suggest.py`).
See docs/adr/2026-11-23-japanese-search.md and docs/adr/2026-12-02-search-readings.md.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from projections.engine import Change, Db, Dialect, Tables, Upsert
from projections.engine.writer import SqlWriter
from projections.library.entry import LibraryEntry, render_entry
from projections.library.explain import field_words
from projections.library.projection import touched_cases, touched_parties
from projections.library.revisions import REVISIONS_DDL, by_moment, revise
from projections.library.search import bigram_keys, index_tokens, indexed_text
from projections.library.suggest import ENTRIES_CACHED, add_words, drop_words, entry_words
from projections.text import normalise

_STAGING = {
    "parties": "party_id TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT, consent INTEGER",
    "facts": (
        "case_id TEXT PRIMARY KEY, number TEXT, case_title TEXT, municipality TEXT, "
        "fields TEXT, sdgs TEXT, opened_on TEXT, fiscal_year INTEGER, published INTEGER, "
        "published_on TEXT, story TEXT, outcomes TEXT, form TEXT, closed_on TEXT, "
        "closed_version INTEGER, result TEXT, outcomes_version INTEGER, published_version INTEGER"
    ),
    "members": (
        "case_id TEXT NOT NULL, party_id TEXT NOT NULL, kind TEXT NOT NULL, role TEXT NOT NULL, "
        "active INTEGER NOT NULL, PRIMARY KEY (case_id, party_id)"
    ),
    "meetings": (
        "case_id TEXT NOT NULL, meeting_id TEXT NOT NULL, PRIMARY KEY (case_id, meeting_id)"
    ),
    "replications": (
        "case_id TEXT NOT NULL, replica_id TEXT NOT NULL, PRIMARY KEY (case_id, replica_id)"
    ),
    # `field_words`: the analyser's words of the entry's fields (`explain.field_words`), for the
    # snippets of a search; NULL is allowed (the analyser then reads the fields again).
    "entries": "case_id TEXT PRIMARY KEY, entry TEXT NOT NULL, field_words TEXT",
    "tags": (
        "facet TEXT NOT NULL, value TEXT NOT NULL, case_id TEXT NOT NULL, "
        "PRIMARY KEY (facet, value, case_id)"
    ),
    "words": "word TEXT PRIMARY KEY, shown TEXT NOT NULL, cases INTEGER NOT NULL",
}

ENTRY_COLUMNS = (
    "case_id",
    "number",
    "title_norm",
    "summary_norm",
    "search_text",
    "surface_len",
    "municipality",
    "fiscal_year",
    "party_kinds",
    "published_on",
    "presented_count",
    "replicated_count",
)
_ENTRY_TYPES = (
    "number TEXT NOT NULL, title_norm TEXT NOT NULL, "
    "summary_norm TEXT NOT NULL, search_text TEXT NOT NULL, surface_len INTEGER NOT NULL, "
    "municipality TEXT NOT NULL, "
    "fiscal_year INTEGER NOT NULL, party_kinds TEXT NOT NULL, published_on TEXT, "
    "presented_count INTEGER NOT NULL, replicated_count INTEGER NOT NULL"
)


TOAST_TUPLE_TARGET = 8160
"""PostgreSQL's largest `toast_tuple_target` (a page less its header), in bytes."""


def library_ddl(dialect: Dialect, tables: Tables) -> list[str]:
    t = tables
    statements = [f"CREATE TABLE IF NOT EXISTS {t[n]} ({cols})" for n, cols in _STAGING.items()]
    revisions = REVISIONS_DDL.format(bigint=dialect.bigint)
    statements.append(f"CREATE TABLE IF NOT EXISTS {t['revisions']} ({revisions})")
    statements.append(f"CREATE INDEX IF NOT EXISTS {t['tags']}_case ON {t['tags']} (case_id)")
    statements.append(
        f"CREATE INDEX IF NOT EXISTS {t['replications']}_r ON {t['replications']} (replica_id)"
    )
    lib = t["library"]
    if dialect is Dialect.SQLITE:
        statements += [
            f"CREATE TABLE IF NOT EXISTS {lib} (rid INTEGER PRIMARY KEY, "
            f"case_id TEXT NOT NULL UNIQUE, {_ENTRY_TYPES})",
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {t['fts']} USING fts5("
            "tokens, tokenize='unicode61')",
        ]
    else:
        statements += [
            # Rows stay inline and uncompressed below a page (about 2.3 kB on average): at
            # the default 2 kB threshold `search_text` was compressed, and every `strpos` of
            # a search decompressed it again. Longer rows are toasted as usual.
            f"CREATE TABLE IF NOT EXISTS {lib} (case_id TEXT PRIMARY KEY, {_ENTRY_TYPES}, "
            f"bigrams INT4[] NOT NULL) WITH (toast_tuple_target = {TOAST_TUPLE_TARGET})",
            f"CREATE INDEX IF NOT EXISTS {lib}_bigrams ON {lib} USING GIN (bigrams)",
            # Unused here (the index above serves the search); it exists so that every
            # logical table of the read model exists on both stores.
            f"CREATE TABLE IF NOT EXISTS {t['fts']} (rid BIGINT PRIMARY KEY)",
        ]
    statements += [
        f"CREATE INDEX IF NOT EXISTS {lib}_municipality ON {lib} (municipality)",
        f"CREATE INDEX IF NOT EXISTS {lib}_year ON {lib} (fiscal_year)",
    ]
    return statements


def entry_values(entry: LibraryEntry) -> dict[str, Any]:
    """The searched row of an entry (narrow: the entry's JSON lives in `entries`)."""
    text, surface_len = indexed_text(entry.search_fields())
    return {
        "case_id": entry.case_id,
        "number": entry.number,
        "title_norm": normalise(entry.title),
        "summary_norm": normalise(entry.summary),
        "search_text": text,
        "surface_len": surface_len,
        "municipality": entry.municipality,
        "fiscal_year": entry.fiscal_year,
        "party_kinds": entry.party_kinds,
        "published_on": entry.published_on,
        "presented_count": entry.presented_count,
        "replicated_count": entry.replicated_count,
    }


def entry_record(entry: LibraryEntry) -> dict[str, Any]:
    """The entry's row in `entries`: its JSON, and its fields' words for the snippets."""
    return {"case_id": entry.case_id, "entry": entry.to_json(), "field_words": field_words(entry)}


def entry_tags(entry: LibraryEntry) -> list[tuple[str, str, str]]:
    """(facet, value, case_id) rows for the multi-valued facets."""
    rows = [("field", f, entry.case_id) for f in entry.fields]
    rows += [("sdg", str(n), entry.case_id) for n in entry.sdgs]
    rows += [("party_kind", k, entry.case_id) for k in sorted({p.kind for p in entry.parties})]
    return rows


def entry_rowid(case_id: str) -> int:
    """A case's FTS5 rowid, derived from its id: the same whether built live or rebuilt."""
    return int.from_bytes(hashlib.blake2b(case_id.encode(), digest_size=7).digest(), "big")


def write_entry(db: Db, dialect: Dialect, tables: Tables, entry: LibraryEntry) -> None:
    """Insert an entry with its tags and search index data (the case has no entry yet)."""
    values = entry_values(entry)
    p = dialect.param
    names = list(values)
    params: list[Any] = list(values.values())
    if dialect is Dialect.POSTGRES:
        names.append("bigrams")
        params.append(bigram_keys(values["search_text"]))
    else:
        names.append("rid")
        params.append(entry_rowid(entry.case_id))
    marks = ", ".join(p for _ in names)
    db.execute(f"INSERT INTO {tables['library']} ({', '.join(names)}) VALUES ({marks})", params)
    stored = entry_record(entry)
    db.execute(
        f"INSERT INTO {tables['entries']} ({', '.join(stored)}) "
        f"VALUES ({', '.join(p for _ in stored)})",
        list(stored.values()),
    )
    for tag in entry_tags(entry):
        db.execute(
            f"INSERT INTO {tables['tags']} (facet, value, case_id) VALUES ({p},{p},{p})", tag
        )
    add_words(db, dialect, tables, entry_words(entry.search_fields()))
    if dialect is Dialect.SQLITE:
        tokens = _fts_tokens(values["search_text"])
        db.execute(
            f"INSERT INTO {tables['fts']} (rowid, tokens) VALUES (?, ?)",
            [entry_rowid(entry.case_id), tokens],
        )


@lru_cache(maxsize=ENTRIES_CACHED)
def _fts_tokens(text: str) -> str:
    """The FTS5 tokens of an entry's searched text (kept for entries rendered again)."""
    return " ".join(index_tokens(text))


def remove_entry(db: Db, dialect: Dialect, tables: Tables, case_id: str) -> None:
    p = dialect.param
    stored = db.execute(
        f"SELECT entry FROM {tables['entries']} WHERE case_id = {p}", [case_id]
    ).fetchone()
    if stored is None:
        return  # `write_entry` writes an entry's rows together: without this one, none is there
    old = LibraryEntry.from_json(_first(stored))
    drop_words(db, dialect, tables, entry_words(old.search_fields()))
    if dialect is Dialect.SQLITE:
        db.execute(f"DELETE FROM {tables['fts']} WHERE rowid = ?", [entry_rowid(case_id)])
    db.execute(f"DELETE FROM {tables['library']} WHERE case_id = {p}", [case_id])
    db.execute(f"DELETE FROM {tables['tags']} WHERE case_id = {p}", [case_id])
    db.execute(f"DELETE FROM {tables['entries']} WHERE case_id = {p}", [case_id])


def _rows(db: Db, sql: str, params: Sequence[Any], columns: Sequence[str]) -> list[dict[str, Any]]:
    out = []
    for row in db.execute(sql, params).fetchall():
        out.append(dict(row) if isinstance(row, Mapping) else dict(zip(columns, row, strict=True)))
    return out


_FACT_COLUMNS = (
    "case_id",
    "number",
    "municipality",
    "fields",
    "sdgs",
    "opened_on",
    "fiscal_year",
    "published",
    "published_on",
    "story",
    "outcomes",
    "form",
    "closed_on",
)


def load_entry(
    db: Db, dialect: Dialect, tables: Tables, case_id: str, unpublished: set[str] | None = None
) -> LibraryEntry | None:
    """Render a case's entry from the staging rows (None when not published). `unpublished`:
    the cases whose staging row was found unpublished in this transaction and not published
    since (`Unpublished`), which need not be read again."""
    if unpublished is not None and case_id in unpublished:
        return None
    p, t = dialect.param, tables
    # the counts come with the facts: one round trip, not three, for a published case
    counted = (
        f"(SELECT COUNT(*) FROM {t['meetings']} c WHERE c.case_id = f.case_id)"
        " AS presented_count, "
        f"(SELECT COUNT(*) FROM {t['replications']} c WHERE c.case_id = f.case_id)"
        " AS replicated_count"
    )
    facts = _rows(
        db,
        f"SELECT {', '.join('f.' + c for c in _FACT_COLUMNS)}, {counted} "
        f"FROM {t['facts']} f WHERE f.case_id = {p}",
        [case_id],
        (*_FACT_COLUMNS, "presented_count", "replicated_count"),
    )
    if not facts or not facts[0]["published"]:
        if unpublished is not None:
            unpublished.add(case_id)
        return None
    members = _rows(
        db,
        f"SELECT m.party_id, m.kind, m.role, m.active, p.name, p.consent FROM {t['members']} m "
        f"LEFT JOIN {t['parties']} p ON p.party_id = m.party_id WHERE m.case_id = {p}",
        [case_id],
        ("party_id", "kind", "role", "active", "name", "consent"),
    )
    names = {m["party_id"]: m["name"] for m in members if m["consent"]}
    found = facts[0]
    presented, replicated = found.pop("presented_count"), found.pop("replicated_count")
    return render_entry(found, members, names, int(presented), int(replicated))


def _first(row: Any) -> str:
    return str(next(iter(row.values())) if isinstance(row, Mapping) else row[0])


class LibraryWriter(SqlWriter):
    """The generic writer for the staging rows, event by event: after each event, the
    entries it touched are rendered and revised; after the batch, searchable again."""

    def apply(self, db: Db, dialect: Dialect, tables: Tables, changes: Sequence[Change]) -> None:
        rendered: dict[str, LibraryEntry | None] = {}
        latest: dict[str, str | None] = {}
        unpublished: set[str] = set()
        for at, segment in by_moment(changes):
            super().apply(db, dialect, tables, segment)
            publishing = _publishing(segment)
            if publishing is None:
                unpublished.clear()
            else:
                unpublished -= publishing
            for case_id in _touched(db, dialect, tables, segment):
                rendered[case_id] = entry = load_entry(db, dialect, tables, case_id, unpublished)
                if at is not None:
                    revise(db, dialect, tables, case_id, at, entry, latest)
        for case_id, entry in rendered.items():
            remove_entry(db, dialect, tables, case_id)
            if entry is not None:
                write_entry(db, dialect, tables, entry)


def _publishing(changes: list[Change]) -> set[str] | None:
    """The cases whose staging row these changes may publish (or delete): any change of
    `facts` but those that leave `published` alone or keep it false. None: a change not
    keyed by one case (every case may be)."""
    found: set[str] = set()
    for change in changes:
        if change.table != "facts":
            continue
        values = change.values if isinstance(change, Upsert) else getattr(change, "set", None)
        if values is None or values.get("published", False) is not False:
            case_id = change.key.get("case_id")
            if case_id is None:
                return None
            found.add(str(case_id))
    return found


def _touched(db: Db, dialect: Dialect, tables: Tables, changes: list[Change]) -> list[str]:
    """The cases whose entry these changes may alter (a party's consent: every case it is in)."""
    cases = touched_cases(changes)
    for party_id in touched_parties(changes):
        cases += [
            str(r[0])
            for r in db.execute(
                f"SELECT case_id FROM {tables['members']} WHERE party_id = {dialect.param}",
                [party_id],
            ).fetchall()
        ]
    return list(dict.fromkeys(cases))
