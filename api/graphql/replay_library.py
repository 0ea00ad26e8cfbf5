"""`libraryAsOf`: the success-case library as it stood at the end of a day (Asia/Tokyo),
searched and counted by the library's own queries over the day's entries
(`projections.library.as_of`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from api.graphql.context import Info, forbidden
from api.graphql.copying import copied
from api.graphql.ids import bad_input, encode_cursor, page_size
from api.graphql.library import (
    LibraryFacets,
    LibraryFilterInput,
    SuccessCase,
    SuccessCaseConnection,
    SuccessCaseEdge,
    _facets,
    _rank,
    _search,
    _Span,
)
from api.graphql.node import PageInfo
from api.graphql.reading import read
from api.limits import search_problem
from application.permissions import may_read_library
from graphql import GraphQLError
from projections.library import queries as q
from projections.library.as_of import LibraryAsOf, RevisionsNotReadyError


@dataclass(frozen=True)
class _AsOfContainer:
    read_store: LibraryAsOf


@dataclass(frozen=True)
class _AsOfContext:
    """What the library's search reads of a context: the store, here the day's library."""

    container: _AsOfContainer


async def library_as_of(
    info: Info,
    day: date,
    query: str,
    filter: LibraryFilterInput | None,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
) -> SuccessCaseConnection:
    if not may_read_library(info.context.actor):
        raise forbidden("成功事例集")
    problem = search_problem(query)
    if problem is not None:
        raise bad_input(problem, "query")
    size, backwards = page_size(first, last)
    span = _Span(size, backwards, _rank(after, "after") or 0, _rank(before, "before"))
    where = copied(q.LibraryFilter, filter)
    store = LibraryAsOf(info.context.container.read_store, day)
    try:
        page, found = await read(_search, _AsOfContext(_AsOfContainer(store)), query, where, span)
    except RevisionsNotReadyError:
        raise GraphQLError(
            "成功事例集の過去の状態を作成しています（読み取りモデルの再構築中）。"
            "しばらくしてからもう一度お試しください",
            extensions={"code": "NOT_READY"},
        ) from None
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
        facets=LibraryFacets(
            **{name: _facets(found, name) for name in _FACETS},
        ),
    )


_FACETS = ("municipality", "fiscal_year", "field", "sdg", "party_kind", "party_kinds")
