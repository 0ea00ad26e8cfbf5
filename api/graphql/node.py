"""Relay conventions: the `Node` interface with global IDs, and `PageInfo`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

import strawberry

T = TypeVar("T")


@strawberry.interface(description="An object with a global ID, refetchable through `node(id)`.")
class Node:
    id: strawberry.ID = strawberry.field(description="Global ID (opaque)")


@strawberry.type
class CaseReference:
    """Something of one case, which it names by the case's global ID."""

    case_id: strawberry.ID = strawberry.field(description="The case's global ID")


@strawberry.type(description="Where a page of a connection sits.")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    """One item of a page and its cursor (`CaseEdge`, `PartyEdge`, … by the item's type)."""

    cursor: str
    node: T


@strawberry.type
class ListConnection(Generic[T]):
    """A page of a keyset listing: its edges, where it sits, and the items themselves."""

    edges: list[Edge[T]]
    page_info: PageInfo

    @strawberry.field
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]


@strawberry.type
class Counted:
    """How many items match the filter on all pages (`counted`: read with the page when it
    was asked for, `api.graphql.paging.PageCount`)."""

    counted: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="How many items match the filter (all pages)")
    async def total_count(self) -> int:
        return await self.counted()


@strawberry.type
class CountedConnection(ListConnection[T], Counted):
    """A page of a filtered listing, and how many items match the filter on all pages."""
