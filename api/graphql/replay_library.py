"""`libraryAsOf`: the success-case library as it stood at the end of a day (Asia/Tokyo),
searched and counted by the library's own queries over the day's entries
(`projections.library.as_of`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from api.graphql.context import Info, forbidden
from api.graphql.copying import copied
from api.graphql.ids import bad_input, page_size
from api.graphql.library import (
    LibraryFilterInput,
    SuccessCaseConnection,
    _rank,
    _search,
    _Span,
    search_connection,
)
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
    return search_connection(page, found, span)
