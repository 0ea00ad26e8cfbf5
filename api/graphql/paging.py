"""Connection arguments to a keyset window: `first`/`after` forwards, `last`/`before`
backwards (each at most 100, not both sizes), cursors checked before any query runs."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

import strawberry

from api.graphql.context import Info
from api.graphql.ids import page_size
from api.graphql.node import Edge, PageInfo
from api.graphql.reading import checked_cursor, read
from graphql import FieldNode
from projections.engine.keyset import Window


def window(
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
    cursor_types: tuple[type, ...],
    default: int = 20,
) -> tuple[Window, int]:
    """The window the arguments ask for, and its size (0: an empty page, no query)."""
    size, backwards = page_size(first, last, default)
    checked_cursor(after, cursor_types, "after")
    checked_cursor(before, cursor_types, "before")
    if backwards:
        return Window(last=size, after=after, before=before), size
    return Window(first=size, after=after, before=before), size


def asks_for(info: Info, name: str) -> bool:
    """Whether the field's own selection names the field `name` (not through a fragment):
    a connection then reads its count with its page, in one read instead of two."""
    for node in info._raw_info.field_nodes:
        selection_set = node.selection_set
        if selection_set is not None and any(
            isinstance(s, FieldNode) and s.name.value == name for s in selection_set.selections
        ):
            return True
    return False


class PageCount:
    """A connection's `totalCount`: read with its page, in the same read, when the request
    names it (`asks_for`); else read on its own if it is asked for after all (through a
    fragment)."""

    def __init__(self, info: Info, count: Callable[[], Awaitable[int]]) -> None:
        self.asked = asks_for(info, "totalCount")
        self.total: int | None = None
        self._count = count

    def fetch(self, query: Callable[..., Any], *args: Any, **kwargs: Any) -> Fetch:
        """`keyset_page`'s fetch: `query(*args, first=, after=, last=, before=, counted=,
        **kwargs)` in a worker thread; the total it read with the page is kept."""

        async def fetch(w: Window) -> Any:
            page = await read(
                query,
                *args,
                first=w.first,
                after=w.after,
                last=w.last,
                before=w.before,
                counted=self.asked,
                **kwargs,
            )
            self.total = page.total
            return page

        return fetch

    async def __call__(self) -> int:
        return self.total if self.total is not None else await self._count()


def page_info(cursors: Sequence[str], has_next_page: bool, has_previous_page: bool) -> PageInfo:
    return PageInfo(
        has_next_page=has_next_page,
        has_previous_page=has_previous_page,
        start_cursor=cursors[0] if cursors else None,
        end_cursor=cursors[-1] if cursors else None,
    )


def empty_page(given: Window) -> PageInfo:
    """A page of size 0: nothing on it, and what lies beyond as far as the cursors tell."""
    return PageInfo(
        has_next_page=given.before is not None,
        has_previous_page=given.after is not None,
        start_cursor=None,
        end_cursor=None,
    )


N = TypeVar("N")


Fetch = Callable[[Window], Awaitable[Any]]


async def keyset_page(
    asked: Window,
    size: int,
    fetch: Fetch,
    node: Callable[[Any], N],
    edge: Callable[..., Edge[N]] = Edge,
) -> tuple[list[Edge[N]], PageInfo]:
    """One page of a keyset listing as edges: no query at all for a page of size 0.
    `fetch` answers a page with `items` (each with a `cursor`) and its two `has_*` flags."""
    if size == 0:
        return [], empty_page(asked)
    page = await fetch(asked)
    edges = [edge(cursor=item.cursor, node=node(item)) for item in page.items]
    info = page_info([e.cursor for e in edges], page.has_next_page, page.has_previous_page)
    return edges, info


def listing(
    filter_input: type[Any],
    connection: type[Any],
    resolve: Any,
    description: str,
    *,
    of_parent: bool = False,
) -> Any:
    """A query field over a keyset listing: `filter`, then `first`/`after`, `last`/`before`.
    `resolve` takes them after `info`, and before it the object the field is on if `of_parent`
    (a case's timeline)."""

    async def field(
        self: Any,
        info: Any,
        filter: Any = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Any:
        asked = (info, filter, first, after, last, before)
        return await (resolve(self, *asked) if of_parent else resolve(*asked))

    field.__annotations__ = {
        "info": Info,
        "filter": filter_input | None,
        "first": int | None,
        "after": str | None,
        "last": int | None,
        "before": str | None,
        "return": connection,
    }
    return strawberry.field(resolver=field, description=description)
