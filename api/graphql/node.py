"""Relay conventions: the `Node` interface with global IDs, and `PageInfo`."""

from __future__ import annotations

import strawberry


@strawberry.interface(description="An object with a global ID, refetchable through `node(id)`.")
class Node:
    id: strawberry.ID = strawberry.field(description="Global ID (opaque)")


@strawberry.type(description="Where a page of a connection sits.")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None
