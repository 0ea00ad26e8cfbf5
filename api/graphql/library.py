"""The success-case library read model as GraphQL: search in Japanese with filters and
facet counts, one story, similar cases. Published cases only; no personal data."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

import strawberry
from strawberry.dataloader import DataLoader

from api.graphql.context import Context, Info, forbidden
from api.graphql.copying import copied
from api.graphql.filters import CaseCriteriaInput, criteria
from api.graphql.ids import bad_input, decode_position, encode_cursor, global_id, page_size
from api.graphql.node import CaseReference, Node, PageInfo
from api.graphql.reading import MAX_BATCH, cached, read
from api.limits import searched
from application.permissions import may_read_library
from projections.engine import ReadConnections
from projections.library import explain
from projections.library import queries as q
from projections.library.entry import LibraryEntry
from projections.similar_cases.queries import MODEL as SIMILAR
from projections.similar_cases.queries import neighbours

LIBRARY = "library"


@strawberry.type(description="A party as the library shows it (a person's name never).")
class PublicParty:
    name: str | None
    kind: str
    kind_label: str
    role: str
    role_label: str


@strawberry.type(description="A number from the review: 実績値 beside 目標値.")
class OutcomeFigure:
    indicator: str
    actual: int | None
    target: int | None
    unit: str
    note: str


@strawberry.type(description="A piece of a snippet; the matched words are highlighted.")
class SnippetPart:
    text: str
    highlighted: bool


@strawberry.type(description="A word of the query and what it found in the case.")
class MatchedWord:
    query: str = strawberry.field(description="The word as typed")
    found: str = strawberry.field(description="The words of the case it matched")
    reason: str | None = strawberry.field(
        description="読み, 表記ゆれ or 類義語; null when found as typed"
    )


@strawberry.type(description="Why a case matched a search: a snippet and the reasons.")
class SearchMatch:
    snippet: list[SnippetPart] = strawberry.field(
        description="Text around the first matched word, cut from one field of the case"
    )
    words: list[MatchedWord]
    reasons: list[str] = strawberry.field(
        description="読み, 表記ゆれ, 類義語: the ways other than as typed that the words matched"
    )

    @classmethod
    def of(cls, found: explain.SearchMatch | None) -> SearchMatch | None:
        if found is None:
            return None
        return cls(
            snippet=[copied(SnippetPart, p) for p in found.snippet],
            words=[copied(MatchedWord, w) for w in found.words],
            reasons=list(found.reasons),
        )


@strawberry.type(description="A published success case (協働事例), as 協働事例集 present them.")
class SuccessCase(Node, CaseReference):
    number: str
    title: str
    summary: str
    how_started: str
    outcomes: str
    outcome_figures: list[OutcomeFigure]
    lessons: str
    parties: list[PublicParty]
    form: str | None
    form_label: str | None
    municipality: str
    municipality_label: str
    fields: list[str]
    field_labels: list[str]
    sdgs: list[int]
    fiscal_year: int
    opened_on: str
    closed_on: str | None
    duration_days: int | None
    published_on: str | None
    presented_count: int = strawberry.field(description="Presented at N meetings")
    replicated_count: int = strawberry.field(description="Replicated N times")
    search_match: SearchMatch | None = strawberry.field(
        default=None,
        description="Why the case matched the search that listed it (null outside a search)",
    )

    @classmethod
    def of(cls, e: LibraryEntry) -> SuccessCase:
        return copied(
            cls,
            e,
            search_match=SearchMatch.of(getattr(e, "search_match", None)),
            id=strawberry.ID(global_id("SuccessCase", e.case_id)),
            case_id=strawberry.ID(global_id("Case", e.case_id)),
            outcomes=e.outcomes_text,
            outcome_figures=[copied(OutcomeFigure, f) for f in e.outcome_figures],
            parties=[copied(PublicParty, p) for p in e.parties],
        )


@strawberry.type(description="How many matching cases have one value of a facet.")
class FacetCount:
    value: str
    label: str
    count: int


@strawberry.type(description="Facet counts over the cases that match the search.")
class LibraryFacets:
    municipality: list[FacetCount]
    fiscal_year: list[FacetCount]
    field: list[FacetCount]
    sdg: list[FacetCount]
    party_kind: list[FacetCount]
    party_kinds: list[FacetCount] = strawberry.field(description="Combinations of kinds")


@strawberry.input(description="Narrow the library; codes or Japanese names.")
class LibraryFilterInput(CaseCriteriaInput):
    party_kind: str | None = None
    presented: bool | None = strawberry.field(
        default=None,
        description="true: the stories shared at a meeting at least once; false: those no "
        "meeting has shared yet (a next meeting's candidates)",
    )


@strawberry.enum(description="How search results are ordered")
class SuccessCaseOrder(Enum):
    RELEVANCE = "relevance"


@strawberry.type
class SuccessCaseEdge:
    cursor: str
    node: SuccessCase


@strawberry.type(description="A page of search results, best first.")
class SuccessCaseConnection:
    edges: list[SuccessCaseEdge]
    page_info: PageInfo
    total_count: int
    facets: LibraryFacets
    suggestion: str | None = strawberry.field(
        default=None,
        description="もしかして: a query one kana off that finds cases, when this one finds none",
    )


def _rank(cursor: str | None, argument: str) -> int | None:
    """Library pages are ordered by rank, so their cursors hold a 1-based rank position."""
    return decode_position(cursor, argument, "o")


@dataclass(frozen=True)
class _Span:
    """Which ranks to read: `first` from the start of the window, or `last` from its end
    (the end is the total when no `before` bounds it, so one count is read first)."""

    size: int
    backwards: bool
    after: int  # ranks 1..after are excluded
    before: int | None  # ranks before..total are excluded

    def slice(self, total: int) -> tuple[int, int]:
        """(offset, limit) of the page among all ranked results."""
        end = total if self.before is None else min(total, self.before - 1)
        start = max(self.after, end - self.size) if self.backwards else self.after
        return start, max(0, min(self.size, end - start))


def _search(store: ReadConnections, asked: q.LibraryQuery, span: _Span) -> Any:
    with store.reading() as db:
        tables = store.tables(LIBRARY, db)
        if tables is None:
            return q.SearchPage(0, ()), {}
        total = None
        if span.backwards and span.before is None:
            total = q.count(db, store.dialect, tables, asked)
        offset, limit = span.slice(_UNBOUNDED if total is None else total)
        if limit == 0:
            total = q.count(db, store.dialect, tables, asked) if total is None else total
            page = q.SearchPage(total, ())
        else:
            page = q.search(db, store.dialect, tables, asked, limit=limit, offset=offset)
        return page, q.facets(db, store.dialect, tables, asked)


_UNBOUNDED = 2**62


def _facets(found: dict[str, list[q.FacetCount]], name: str) -> list[FacetCount]:
    return [copied(FacetCount, f) for f in found.get(name, [])]


async def search_library(
    info: Info,
    store: ReadConnections,
    query: str,
    filter: LibraryFilterInput | None,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
) -> SuccessCaseConnection:
    """A search of the library `store` holds, checked (who may read it, the query, the
    cursors) before it is read. Today's library and the library as of a day both answer so."""
    if not may_read_library(info.context.actor):
        raise forbidden("成功事例集")
    problem, terms = searched(query)
    if problem is not None:
        raise bad_input(problem, "query")
    size, backwards = page_size(first, last)
    span = _Span(size, backwards, _rank(after, "after") or 0, _rank(before, "before"))
    asked = q.LibraryQuery(query, criteria(q.LibraryFilter, filter), terms)
    page, found = await read(_search, store, asked, span)
    return _search_connection(page, found, span)


def _search_connection(
    page: Any, found: dict[str, list[Any]], span: _Span
) -> SuccessCaseConnection:
    """A page of search results as a connection: offset cursors, the facets of every match,
    the もしかして suggestion."""
    offset, _ = span.slice(page.total)
    edges = [
        SuccessCaseEdge(cursor=encode_cursor({"o": offset + i + 1}), node=SuccessCase.of(e))
        for i, e in enumerate(page.entries)
    ]
    return SuccessCaseConnection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=offset + len(edges) < page.total,
            has_previous_page=offset > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        total_count=page.total,
        suggestion=page.suggestion,
        facets=LibraryFacets(**{name: _facets(found, name) for name in q.FACETS}),
    )


def _similar(context: Context, case_id: str, limit: int) -> list[LibraryEntry]:
    """The neighbours the projection keeps, as the library shows them now (a case the
    library no longer shows is left out)."""
    store = context.container.read_store
    with store.reading() as db:
        tables, near = store.tables(LIBRARY, db), store.tables(SIMILAR, db)
        if tables is None or near is None:
            return []
        if q.get_entry(db, store.dialect, tables, case_id) is None:
            return []
        found = neighbours(db, store.dialect, near, case_id, limit)
        entries = q.get_entries(db, store.dialect, tables, [other for other, _ in found])
    return [entries[other] for other, _ in found if other in entries]


def _entries(context: Context, case_ids: list[str]) -> dict[str, LibraryEntry]:
    store = context.container.read_store
    with store.reading() as db:
        tables = store.tables(LIBRARY, db)
        return {} if tables is None else q.get_entries(db, store.dialect, tables, case_ids)


async def similar(info: Info, case_id: str, first: int | None) -> list[SuccessCase]:
    if not may_read_library(info.context.actor):
        raise forbidden("成功事例集")
    size, _ = page_size(first, None, default=5)
    entries = await read(_similar, info.context, case_id, size)
    return [SuccessCase.of(e) for e in entries]


def stories_by_case(context: Context) -> DataLoader[str, SuccessCase | None]:
    """Published stories by their case's id, per request: a batch of cases, one query."""

    async def load(keys: list[str]) -> list[SuccessCase | None]:
        found = await read(_entries, context, keys)
        return [SuccessCase.of(found[key]) if key in found else None for key in keys]

    return cached(
        context, "stories_by_case", lambda: DataLoader(load_fn=load, max_batch_size=MAX_BATCH)
    )


async def success_case(info: Info, case_id: str) -> SuccessCase | None:
    if not may_read_library(info.context.actor):
        raise forbidden("成功事例集")
    return await stories_by_case(info.context).load(case_id)
