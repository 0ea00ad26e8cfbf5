"""A read model behind one reading right: listed as a keyset connection, looked up by id."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from api.graphql.context import Context, Info, forbidden
from api.graphql.filters import criteria
from api.graphql.paging import keyset_page, window
from api.graphql.reading import cached, read
from domain.values import Actor
from projections.engine.keyset import Window
from projections.engine.store import ReadStore

Q = TypeVar("Q")
N = TypeVar("N")


@dataclass(frozen=True)
class Listed(Generic[Q, N]):
    """`parties(filter, first, …)` and `node(id)` for one read model, checked the same way."""

    key: str
    queries: Callable[[ReadStore], Q]
    may_read: Callable[[Actor], bool]
    what: str
    cursor: tuple[type, ...]
    node: Callable[[Any], N]
    criteria: type[Any]
    connection: type[Any]
    list_page: Callable[[Q, Any, Window], Any]
    get_one: Callable[[Q, str], Any]
    count: Callable[[Q, Any], Any]

    def of(self, context: Context) -> Q:
        return cached(context, self.key, lambda: self.queries(context.container.read_store))

    def _readable(self, info: Info) -> Q:
        if not self.may_read(info.context.actor):
            raise forbidden(self.what)
        return self.of(info.context)

    async def page(
        self,
        info: Info,
        filter: Any,
        first: int | None,
        after: str | None,
        last: int | None,
        before: str | None,
    ) -> Any:
        queries = self._readable(info)
        asked, size = window(first, after, last, before, self.cursor)
        where = criteria(self.criteria, filter)
        edges, info_ = await keyset_page(
            asked, size, lambda w: read(self.list_page, queries, where, w), self.node
        )
        counted = lambda: read(self.count, queries, where)  # noqa: E731
        return self.connection(edges=edges, page_info=info_, counted=counted)

    async def find(self, info: Info, key: str) -> N | None:
        entry = await read(self.get_one, self._readable(info), key)
        return None if entry is None else self.node(entry)
