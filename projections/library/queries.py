"""Queries on the success-case library: search with filters, facet counts, one entry.

A record matches when every term of the query (one of its spellings) is a substring of one
of its fields or of their readings (`projections.library.search.matches`). Ranking: the term
as typed above its other spellings above a reading (`_rank_sql`), a term in the title or the
summary above one elsewhere; then the most recently published first.
On PostgreSQL psycopg prepares a query at its fifth run on a connection, as every read's: the
bigram index (`bigrams @> $1::int4[]`) serves a generic plan as well as one planned for the
keys (the trigram index it replaced could not, and these queries once ran unprepared).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from domain.vocabulary import FIELD_BY_KEY, MUNICIPALITY_BY_KEY, SDG_BY_NUMBER, PartyKind
from projections.engine import Db, Dialect, Tables
from projections.library.entry import LibraryEntry
from projections.library.explain import SearchMatch, explain
from projections.library.search import Term, bigram_keys, fts5_query, parse_query
from projections.library.suggest import suggestion
from projections.shared import MunicipalityAndField

_FIND = {Dialect.SQLITE: "instr({column}, {p})", Dialect.POSTGRES: "strpos({column}, {p})"}


@dataclass(frozen=True)
class LibraryFilter(MunicipalityAndField):
    """What a meeting narrows the library to, a municipality and a field
    (`MunicipalityAndField`) among it; None means any."""

    sdg: int | None = None
    party_kind: str | None = None
    party_kinds: str | None = None  # an exact combination, as `LibraryEntry.party_kinds`
    fiscal_year: int | None = None
    presented: bool | None = None  # shared at a meeting at least once (False: never yet)


@dataclass(frozen=True)
class LibraryQuery:
    """A search of the library: every term of `text` ("": any entry), within `where`."""

    text: str = ""
    where: LibraryFilter = field(default_factory=LibraryFilter)
    terms: tuple[Term, ...] | None = field(default=None, compare=False, repr=False)
    """`text` as `parse_query` parsed it, where the caller did so already (the limits' check
    of a search does): a search reads the word lists' files for changes once, not at each of
    its statements. None: parsed when needed."""

    def parsed(self) -> tuple[Term, ...]:
        return parse_query(self.text) if self.terms is None else self.terms

    def with_text(self, text: str) -> LibraryQuery:
        """The same search of another text (its terms parsed anew)."""
        return replace(self, text=text, terms=None)


@dataclass(frozen=True)
class FoundEntry(LibraryEntry):
    """An entry found by a query, with why it matched (`explain.py`)."""

    search_match: SearchMatch | None = None

    @classmethod
    def of(cls, entry: LibraryEntry, terms: Sequence[Term], words: str | None = None) -> FoundEntry:
        """`words`: the entry's stored `field_words` (None: the analyser reads it again)."""
        return cls(**{**vars(entry), "search_match": explain(entry, terms, words)})


@dataclass(frozen=True)
class SearchPage:
    total: int
    entries: tuple[LibraryEntry, ...]
    suggestion: str | None = None  # 「もしかして」: a close query that finds something


@dataclass(frozen=True)
class FacetCount:
    value: str
    label: str
    count: int


def _term_sql(term: Term, dialect: Dialect) -> tuple[str, list[Any]]:
    """A PostgreSQL (or 1-character SQLite) condition for one term on `l`.

    PostgreSQL finds the candidates by the bigram keys of each spelling (`bigrams`, a GIN
    index; exact for the keys, so no recheck), then `strpos` has the last word. `LIKE`
    rechecks were 3-4 times slower per row than `strpos` on Japanese text: its first-byte
    test passes at nearly every character, since most kana and kanji begin with 0xE3-0xE9.
    """
    parts, params = [], []
    find = _FIND[dialect].format(column="l.search_text", p=dialect.param)
    for alt in term.alternatives:
        keys = bigram_keys(alt) if dialect is Dialect.POSTGRES else []
        if keys:
            parts.append(f"(l.bigrams @> {dialect.param}::int4[] AND {find} > 0)")
            params += [keys, alt]
        else:
            parts.append(f"{find} > 0")
            params.append(alt)
    return "(" + " OR ".join(parts) + ")", params


def _match_sql(terms: Sequence[Term], dialect: Dialect, tables: Tables) -> tuple[str, list[Any]]:
    conditions, params = [], []
    if dialect is Dialect.SQLITE:
        long_terms = [t for t in terms if t.shortest >= 2]
        match = fts5_query(long_terms)
        if match is not None:
            conditions.append(f"l.rid IN (SELECT rowid FROM {tables['fts']} WHERE tokens MATCH ?)")
            params.append(match)
        terms = [t for t in terms if t.shortest < 2]
    for term in terms:
        sql, term_params = _term_sql(term, dialect)
        conditions.append(sql)
        params += term_params
    return " AND ".join(conditions), params


def _filter_sql(f: LibraryFilter, dialect: Dialect, tables: Tables) -> tuple[str, list[Any]]:
    p = dialect.param
    conditions: list[str] = []
    params: list[Any] = []
    for column, value in (
        ("municipality", f.municipality_code),
        ("fiscal_year", f.fiscal_year),
        ("party_kinds", f.party_kinds),
    ):
        if value is not None:
            conditions.append(f"l.{column} = {p}")
            params.append(value)
    if f.presented is not None:
        conditions.append("l.presented_count > 0" if f.presented else "l.presented_count = 0")
    for facet, value in (
        ("field", f.field_code),
        ("sdg", None if f.sdg is None else str(f.sdg)),
        ("party_kind", f.party_kind),
    ):
        if value is not None:
            conditions.append(
                f"EXISTS (SELECT 1 FROM {tables['tags']} g WHERE g.case_id = l.case_id "
                f"AND g.facet = {p} AND g.value = {p})"
            )
            params += [facet, value]
    return " AND ".join(conditions), params


def _where(
    query: LibraryQuery, dialect: Dialect, tables: Tables
) -> tuple[str, list[Any], tuple[Term, ...]]:
    terms = query.parsed()
    match, params = _match_sql(terms, dialect, tables) if terms else ("", [])
    filters, filter_params = _filter_sql(query.where, dialect, tables)
    where = " AND ".join(c for c in (match, filters) if c) or "1 = 1"
    return where, params + filter_params, terms


def _rank_sql(terms: Sequence[Term], dialect: Dialect) -> tuple[str, list[Any]]:
    """A score per term: 100 when the term as typed is in the written text, 10 when another
    spelling of it is, 1 when only a reading matches; plus 4 in the title, 2 in the summary.
    (`nullif(…, 0) <= surface_len` finds the position once; `BETWEEN` would find it twice.)"""
    find, p = _FIND[dialect], dialect.param
    written = f"nullif({find.format(column='l.search_text', p=p)}, 0) <= l.surface_len"
    parts: list[str] = []
    params: list[Any] = []
    for term in terms:
        others = [a for a in term.alternatives if a != term.text]
        tiers = f"WHEN {written} THEN 100 "
        params.append(term.text)
        if others:
            tiers += "WHEN " + " OR ".join(written for _ in others) + " THEN 10 "
            params += others
        parts.append(f"(CASE {tiers}ELSE 1 END)")
        for column, weight in (("l.title_norm", 4), ("l.summary_norm", 2)):
            tests = [find.format(column=column, p=p) for _ in term.alternatives]
            alts = " OR ".join(f"{test} > 0" for test in tests)
            parts.append(f"(CASE WHEN {alts} THEN {weight} ELSE 0 END)")
            params += list(term.alternatives)
    return (" + ".join(parts) if parts else "0"), params


def search(
    db: Db,
    dialect: Dialect,
    tables: Tables,
    query: LibraryQuery | None = None,
    *,
    limit: int = 20,
    offset: int = 0,
) -> SearchPage:
    """Published cases matching the query and its filter, best first, with the total.

    The ranking sorts narrow rows (id, score, date); only the page's entries are read.
    """
    query = query or LibraryQuery()
    condition, params, terms = _where(query, dialect, tables)
    rank, rank_params = _rank_sql(terms, dialect)
    p, lib, entries = dialect.param, tables["library"], tables["entries"]
    order = "m.score DESC, m.published_on DESC, m.case_id"
    # The score is computed below the window (OFFSET 0 keeps PostgreSQL from flattening the
    # subquery), so the rows the window keeps for the total are narrow and stay in memory.
    fence = " OFFSET 0" if dialect is Dialect.POSTGRES else ""
    sql = (
        f"SELECT e.entry, m.total, e.field_words FROM (SELECT s.case_id, s.published_on, s.score, "
        f"COUNT(*) OVER () AS total FROM (SELECT l.case_id, l.published_on, {rank} AS score "
        f"FROM {lib} l WHERE {condition}{fence}) s "
        f"ORDER BY {order.replace('m.', 's.')} LIMIT {p} OFFSET {p}) m "
        f"JOIN {entries} e ON e.case_id = m.case_id ORDER BY {order}"
    )
    rows = db.execute(sql, [*rank_params, *params, limit, offset]).fetchall()
    if not rows:
        total = 0 if offset == 0 else count(db, dialect, tables, query)
        close = None if total or not terms else _suggestion(db, dialect, tables, query)
        return SearchPage(total, (), close)
    found = [LibraryEntry.from_json(_at(r, 0)) for r in rows]
    if terms:
        found = [FoundEntry.of(e, terms, _at(r, 2)) for e, r in zip(found, rows, strict=True)]
    return SearchPage(int(_at(rows[0], 1)), tuple(found))


def _suggestion(db: Db, dialect: Dialect, tables: Tables, query: LibraryQuery) -> str | None:
    def finds(text: str) -> bool:
        return count(db, dialect, tables, query.with_text(text)) > 0

    return suggestion(db, dialect, tables, query.text, finds)


def count(db: Db, dialect: Dialect, tables: Tables, query: LibraryQuery | None = None) -> int:
    condition, params, _ = _where(query or LibraryQuery(), dialect, tables)
    sql = f"SELECT COUNT(*) FROM {tables['library']} l WHERE {condition}"
    return int(_at(db.execute(sql, params).fetchone(), 0))


def matching_ids(db: Db, dialect: Dialect, tables: Tables, query: LibraryQuery) -> set[str]:
    """Every matching case id (for checks against a plain scan)."""
    condition, params, _ = _where(query, dialect, tables)
    sql = f"SELECT l.case_id FROM {tables['library']} l WHERE {condition}"
    return {str(_at(r, 0)) for r in db.execute(sql, params).fetchall()}


_LABELS: Mapping[str, Any] = {
    "municipality": lambda v: MUNICIPALITY_BY_KEY[v].ja if v in MUNICIPALITY_BY_KEY else v,
    "fiscal_year": lambda v: f"{v}年度",
    "party_kinds": lambda v: party_kinds_label(v),
    "field": lambda v: FIELD_BY_KEY[v].ja if v in FIELD_BY_KEY else v,
    "sdg": lambda v: f"{v} {SDG_BY_NUMBER[int(v)].ja}",
    "party_kind": lambda v: PartyKind(v).ja,
}


def party_kinds_label(combination: str) -> str:
    """`business+npo_corporation` → `NPO法人・事業者（企業）` (in the glossary's order)."""
    kinds = sorted((PartyKind(k) for k in combination.split("+") if k), key=list(PartyKind).index)
    return "・".join(k.ja for k in kinds)


def facets(
    db: Db, dialect: Dialect, tables: Tables, query: LibraryQuery | None = None
) -> dict[str, list[FacetCount]]:
    """Counts per value of each facet over the cases that match: most frequent first."""
    condition, params, _ = _where(query or LibraryQuery(), dialect, tables)
    lib = tables["library"]
    # One statement, one round trip: the columns' counts and the tags' counts, each branch
    # with the search's own condition.
    branches = [
        f"SELECT '{column}', CAST(l.{column} AS TEXT), COUNT(*) FROM {lib} l "
        f"WHERE {condition} GROUP BY l.{column}"
        for column in _COLUMN_FACETS
    ]
    branches.append(
        f"SELECT g.facet, g.value, COUNT(*) FROM {tables['tags']} g "
        f"JOIN {lib} l ON l.case_id = g.case_id WHERE {condition} GROUP BY g.facet, g.value"
    )
    sql = " UNION ALL ".join(branches)
    rows: dict[str, list[tuple[Any, Any]]] = {facet: [] for facet in FACETS}
    for row in db.execute(sql, list(params) * len(branches)).fetchall():
        rows[str(_at(row, 0))].append((_at(row, 1), _at(row, 2)))
    return {facet: _facet_counts(facet, found) for facet, found in rows.items()}


_COLUMN_FACETS = ("municipality", "fiscal_year", "party_kinds")
_TAG_FACETS = ("field", "sdg", "party_kind")
FACETS = (*_COLUMN_FACETS, *_TAG_FACETS)
"""Every facet `facets` counts: columns of the searched row, then the tags."""


def _facet_counts(facet: str, rows: Sequence[Any]) -> list[FacetCount]:
    counts = [
        FacetCount(str(_at(r, 0)), _LABELS[facet](str(_at(r, 0))), int(_at(r, 1))) for r in rows
    ]
    return sorted(counts, key=lambda c: (-c.count, c.value))


def get_entry(db: Db, dialect: Dialect, tables: Tables, case_id: str) -> LibraryEntry | None:
    return get_entries(db, dialect, tables, [case_id]).get(case_id)


def get_entries(
    db: Db, dialect: Dialect, tables: Tables, case_ids: Sequence[str]
) -> dict[str, LibraryEntry]:
    """The entries of those of `case_ids` that are published, by case id, in one query."""
    if not case_ids:
        return {}
    marks = ", ".join(dialect.param for _ in case_ids)
    rows = db.execute(
        f"SELECT case_id, entry FROM {tables['entries']} WHERE case_id IN ({marks})",
        list(case_ids),
    ).fetchall()
    return {str(_at(row, 0)): LibraryEntry.from_json(_at(row, 1)) for row in rows}


def _at(row: Any, index: int) -> Any:
    return list(row.values())[index] if isinstance(row, Mapping) else row[index]
