"""The timeline read model as GraphQL: a keyset connection of typed timeline items,
filterable by kind of item and by business date (both in the timeline query's SQL)."""

from __future__ import annotations

from datetime import date
from typing import cast

import strawberry

from api.graphql.context import Info
from api.graphql.node import Counted, Edge, PageInfo
from api.graphql.paging import PageCount, keyset_page, window
from api.graphql.reading import TIMELINE_CURSOR, read, timeline
from api.graphql.timeline_items import TimelineItem, TimelineStepKind, timeline_item
from projections.timeline.queries import TimelineWhere


@strawberry.input(description="Narrow a timeline to some kinds of items and a date range.")
class TimelineFilter:
    steps: list[TimelineStepKind] | None = None
    occurred_from: date | None = None
    occurred_to: date | None = None

    def where(self) -> TimelineWhere:
        """The same criteria for the timeline query's SQL."""
        return TimelineWhere(
            steps=None if not self.steps else tuple(s.value for s in self.steps),
            occurred_from=self.occurred_from,
            occurred_to=self.occurred_to,
        )


@strawberry.type(name="TimelineEdge")
class TimelineEdge(Edge[TimelineItem]):
    pass


@strawberry.type(description="A page of a case's timeline, oldest business date first.")
class TimelineConnection(Counted):
    edges: list[TimelineEdge]
    page_info: PageInfo


async def timeline_connection(
    info: Info,
    case_id: str,
    where: TimelineFilter | None,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
) -> TimelineConnection:
    asked, size = window(first, after, last, before, TIMELINE_CURSOR, default=50)
    criteria = where.where() if where is not None else TimelineWhere()
    listing = timeline(info.context)
    count = PageCount(info, lambda: read(listing.count_entries, case_id, criteria))
    fetch = count.fetch(listing.entries, case_id, where=criteria)
    edges, info_ = await keyset_page(asked, size, fetch, timeline_item, TimelineEdge)
    typed = cast("list[TimelineEdge]", edges)
    return TimelineConnection(edges=typed, page_info=info_, counted=count)
