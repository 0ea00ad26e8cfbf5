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
from projections.engine.writer import SqlWriter, execute_many
from projections.library.entry import LibraryEntry, render_entry
from projections.library.explain import field_words
from projections.library.projection import touched_cases, touched_parties
from projections.library.revisions import REVISED, REVISIONS_DDL, by_moment, revision
from projections.library.search import bigram_keys, index_tokens, indexed_text
from projections.library.staging import (
    FACT_COLUMNS,
    MEMBER_COLUMNS,
    StagedCases,
    followed,
    rows_of,
)
from projections.library.suggest import (
    ENTRIES_CACHED,
    add_words,
    change_words,
    entry_words,
    show_as,
)
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
        "title_norm": normalise(entry.title),
        "summary_norm": normalise(entry.summary),
        "search_text": text,
        "surface_len": surface_len,
        **_listed_values(entry),
    }


def _listed_values(entry: LibraryEntry) -> dict[str, Any]:
    """The searched row's columns that are not made from the searched texts."""
    return {
        "number": entry.number,
        "municipality": entry.municipality,
        "fiscal_year": entry.fiscal_year,
        "party_kinds": entry.party_kinds,
        "published_on": entry.published_on,
        "presented_count": entry.presented_count,
        "replicated_count": entry.replicated_count,
    }


def entry_record(entry: LibraryEntry, text: str | None = None) -> dict[str, Any]:
    """The entry's row in `entries`: its JSON (`text`, when already made), and its fields'
    words for the snippets."""
    json_text = entry.to_json() if text is None else text
    return {"case_id": entry.case_id, "entry": json_text, "field_words": field_words(entry)}


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
    _write_rows(db, dialect, tables, entry)
    add_words(db, dialect, tables, entry_words(entry.search_fields()))


def _write_rows(
    db: Db, dialect: Dialect, tables: Tables, entry: LibraryEntry, text: str | None = None
) -> None:
    """The entry's rows but its words (`text`: its JSON, when already made)."""
    values = entry_values(entry)
    p = dialect.param
    names = list(values)
    params: list[Any] = list(values.values())
    if dialect is Dialect.POSTGRES:
        # as an array's text: psycopg dumps a list of numbers number by number, in Python
        names.append("bigrams")
        params.append("{" + ",".join(map(str, bigram_keys(values["search_text"]))) + "}")
    else:
        names.append("rid")
        params.append(entry_rowid(entry.case_id))
    marks = ", ".join(f"{p}::int4[]" if name == "bigrams" else p for name in names)
    db.execute(f"INSERT INTO {tables['library']} ({', '.join(names)}) VALUES ({marks})", params)
    stored = entry_record(entry, text)
    db.execute(
        f"INSERT INTO {tables['entries']} ({', '.join(stored)}) "
        f"VALUES ({', '.join(p for _ in stored)})",
        list(stored.values()),
    )
    _insert_tags(db, dialect, tables, entry_tags(entry))
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


def replace_entry(
    db: Db,
    dialect: Dialect,
    tables: Tables,
    case_id: str,
    entry: LibraryEntry | None,
    stored: str | None,
    text: str | None = None,
) -> None:
    """The case's entry becomes `entry` (None: no entry); `stored` is its entry as stored
    (`stored_entries`); `text`, the entry's JSON when the caller made it already. An entry
    the same as the stored one is left as it is: every row of an entry (its search row,
    tags, words, index tokens) is made from the entry alone, so the same entry means the
    same rows — but for how a word it alone holds is shown, which another entry may have set
    (taking its words out and back in would show them its way, so `show_as` does). The
    vocabulary changes by the words that differ (`change_words`): an entry rendered again
    mostly keeps its texts."""
    if entry is not None and text is None:
        text = entry.to_json()
    if stored is not None and entry is not None and stored == text:
        show_as(db, dialect, tables, entry_words(entry.search_fields()))
        return
    old_words: dict[str, str] = {}
    if stored is not None:
        old = LibraryEntry.from_json(stored)
        if entry is not None and old.search_fields() == entry.search_fields():
            _update_rows(db, dialect, tables, old, entry, text)  # the same texts, words
            return
        old_words = entry_words(old.search_fields())
        _remove_rows(db, dialect, tables, case_id)
    new_words: dict[str, str] = {}
    if entry is not None:
        new_words = entry_words(entry.search_fields())
        _write_rows(db, dialect, tables, entry, text)
    change_words(db, dialect, tables, old_words, new_words)


def _update_rows(
    db: Db,
    dialect: Dialect,
    tables: Tables,
    old: LibraryEntry,
    new: LibraryEntry,
    text: str | None = None,
) -> None:
    """`new` in place of `old`, whose searched texts are the same (a count, a date, a party
    changed): its search row is updated but its text, the index tokens and the words stay."""
    p, case_id = dialect.param, new.case_id
    listed = _listed_values(new)
    assigned = ", ".join(f"{column} = {p}" for column in listed)
    db.execute(
        f"UPDATE {tables['library']} SET {assigned} WHERE case_id = {p}",
        [*listed.values(), case_id],
    )
    # its field words are made from the searched texts: they stay too
    db.execute(
        f"UPDATE {tables['entries']} SET entry = {p} WHERE case_id = {p}",
        [new.to_json() if text is None else text, case_id],
    )
    tags = entry_tags(new)
    if tags != entry_tags(old):
        db.execute(f"DELETE FROM {tables['tags']} WHERE case_id = {p}", [case_id])
        _insert_tags(db, dialect, tables, tags)
    show_as(db, dialect, tables, entry_words(new.search_fields()))


def _insert_tags(
    db: Db, dialect: Dialect, tables: Tables, tags: list[tuple[str, str, str]]
) -> None:
    if tags:
        p = dialect.param
        execute_many(
            db, f"INSERT INTO {tables['tags']} (facet, value, case_id) VALUES ({p},{p},{p})", tags
        )


def remove_entry(db: Db, dialect: Dialect, tables: Tables, case_id: str) -> None:
    stored = stored_entries(db, dialect, tables, [case_id]).get(case_id)
    replace_entry(db, dialect, tables, case_id, None, stored)


def stored_entries(db: Db, dialect: Dialect, tables: Tables, cases: list[str]) -> dict[str, str]:
    """The stored entries (their JSON) of those of `cases` that have one, in a few statements."""
    select = f"SELECT case_id, entry FROM {tables['entries']} WHERE case_id"
    return {str(case_id): str(entry) for case_id, entry in rows_of(db, dialect, cases, select)}


def _remove_rows(db: Db, dialect: Dialect, tables: Tables, case_id: str) -> None:
    """The entry's rows but its words."""
    p = dialect.param
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


def load_entry(
    db: Db, dialect: Dialect, tables: Tables, case_id: str, unpublished: set[str] | None = None
) -> LibraryEntry | None:
    """Render a case's entry from the staging rows (None when not published). `unpublished`:
    the cases whose staging row was found unpublished in this transaction and not published
    since (`Unpublished`), which need not be read again."""
    if unpublished is not None and case_id in unpublished:
        return None
    p, t = dialect.param, tables
    # the counts and the members come with the facts: one round trip for a published case
    counted = (
        f"(SELECT COUNT(*) FROM {t['meetings']} c WHERE c.case_id = f.case_id)"
        " AS presented_count, "
        f"(SELECT COUNT(*) FROM {t['replications']} c WHERE c.case_id = f.case_id)"
        " AS replicated_count"
    )
    rows = _rows(
        db,
        f"SELECT {', '.join('f.' + c for c in FACT_COLUMNS)}, {counted}, "
        f"m.party_id, m.kind, m.role, m.active, p.name, p.consent FROM {t['facts']} f "
        f"LEFT JOIN {t['members']} m ON m.case_id = f.case_id "
        f"LEFT JOIN {t['parties']} p ON p.party_id = m.party_id WHERE f.case_id = {p}",
        [case_id],
        (*FACT_COLUMNS, "presented_count", "replicated_count", *MEMBER_COLUMNS),
    )
    if not rows or not rows[0]["published"]:
        if unpublished is not None:
            unpublished.add(case_id)
        return None
    members = [{c: row[c] for c in MEMBER_COLUMNS} for row in rows if row["party_id"] is not None]
    names = {m["party_id"]: m["name"] for m in members if m["consent"]}
    found = {c: rows[0][c] for c in FACT_COLUMNS}
    presented, replicated = rows[0]["presented_count"], rows[0]["replicated_count"]
    return render_entry(found, members, names, int(presented), int(replicated))


class LibraryWriter(SqlWriter):
    """The generic writer for the staging rows, event by event: after each event, the
    entries it touched are rendered and revised; after the batch, searchable again.

    The staging rows of consecutive events are sent together, just before something reads
    them (an entry to render, a party's cases) and at the end of the batch: events of cases
    known to be unpublished read nothing, and their rows go as a few `executemany` runs
    instead of a statement or two per event (on PostgreSQL, a round trip each). The staging
    tables are read only after their changes are sent, so what is read is the same.

    The cases that may be rendered (published before the batch, or published by it) are not
    read back at all: their staging rows are read once and followed in memory through the
    batch (`staging.StagedCases`), so the staging rows of a whole batch mostly go at its end.
    `staged = False` reads the tables each time (the tests compare both)."""

    staged = True

    def apply(self, db: Db, dialect: Dialect, tables: Tables, changes: Sequence[Change]) -> None:
        # each case's entry as last rendered in the batch, and its JSON (made once)
        rendered: dict[str, tuple[LibraryEntry | None, str | None]] = {}
        cases = touched_cases(list(changes))
        latest = latest_revisions(db, dialect, tables, cases)
        unpublished = unpublished_cases(db, dialect, tables, cases)
        pending: list[Change] = []
        revisions: list[list[Any]] = []
        staged: StagedCases | None = None
        published_here = _publishing(list(changes))
        if self.staged and published_here is not None and followed(changes):
            rendered_here = [c for c in cases if c not in unpublished or c in published_here]
            staged = StagedCases.read(db, dialect, tables, rendered_here, changes)

        def send() -> None:
            if pending:
                super(LibraryWriter, self).apply(db, dialect, tables, pending)
                pending.clear()

        for at, segment in by_moment(changes):
            pending += segment
            for case_id in _opened(segment):  # known without reading: no entry, no revision
                unpublished.add(case_id)
                latest.setdefault(case_id, None)
            publishing = _publishing(segment)
            if publishing is None:
                unpublished.clear()
            else:
                unpublished -= publishing
            if staged is not None:
                staged.apply(segment)
            if touched_parties(segment):
                send()  # the party's cases are read from the staging rows
            for case_id in _touched(db, dialect, tables, segment):
                if staged is not None and staged.knows(case_id):
                    entry = staged.entry(case_id, unpublished)
                else:
                    if case_id not in unpublished:
                        send()
                    entry = load_entry(db, dialect, tables, case_id, unpublished)
                text = None if entry is None else entry.to_json()
                rendered[case_id] = entry, text
                if at is not None:
                    revised = revision(db, dialect, tables, case_id, at, text, latest)
                    if revised is not None:
                        revisions.append(revised)
        send()
        if revisions:
            p = dialect.param
            execute_many(db, REVISED.format(table=tables["revisions"], p=p), revisions)
        stored = stored_entries(db, dialect, tables, list(rendered))
        for case_id, (entry, text) in rendered.items():
            replace_entry(db, dialect, tables, case_id, entry, stored.get(case_id), text)


def _publishing(changes: list[Change]) -> set[str] | None:
    """The cases whose staging row these changes may publish (or delete): any change of
    `facts` but those that leave `published` alone or keep it false. None: a change not
    keyed by one case (every case may be). The projection sets `published` through an
    Upsert's `values` or an Update's `set` only; the batch's known-unpublished cases
    (`unpublished_cases`) rely on this seeing every change that may publish one."""
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


def unpublished_cases(db: Db, dialect: Dialect, tables: Tables, cases: list[str]) -> set[str]:
    """Of `cases`, those without a published staging row, read in a few statements at the
    start of a batch (`load_entry` needs not read them until a change may publish them)."""
    select = f"SELECT case_id FROM {tables['facts']} WHERE case_id"
    published = {str(row[0]) for row in rows_of(db, dialect, cases, select, " AND published <> 0")}
    return {case_id for case_id in cases if case_id not in published}


def latest_revisions(
    db: Db, dialect: Dialect, tables: Tables, cases: list[str]
) -> dict[str, str | None]:
    """Each of `cases`' latest revision (its entry; None: none, or withdrawn), read in a few
    statements at the start of a batch instead of one per case (`revision`)."""
    table = tables["revisions"]
    select = f"SELECT r.case_id, r.entry FROM {table} r WHERE r.case_id"
    newest = (
        f" AND r.position = (SELECT MAX(s.position) FROM {table} s WHERE s.case_id = r.case_id)"
    )
    latest: dict[str, str | None] = dict.fromkeys(cases)
    for case_id, entry in rows_of(db, dialect, cases, select, newest):
        latest[str(case_id)] = entry
    return latest


def _opened(changes: list[Change]) -> list[str]:
    """The cases these changes open: a staging row of facts written unpublished by an
    `Upsert` (only the opening step writes one, `projection._opened`). A case is opened by
    the first event of its history, so it has no entry and no revision yet."""
    return [
        str(change.key["case_id"])
        for change in changes
        if change.table == "facts"
        and isinstance(change, Upsert)
        and change.values.get("published", True) is False
    ]


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
