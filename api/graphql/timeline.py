"""The timeline read model as GraphQL: a keyset connection of typed timeline items,
filterable by kind of item and by business date (both in the timeline query's SQL)."""

from __future__ import annotations

from datetime import date

import strawberry

from api.graphql.context import Info
from api.graphql.node import PageInfo
from api.graphql.paging import empty_page, page_info, window
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


@strawberry.type
class TimelineEdge:
    cursor: str
    node: TimelineItem


@strawberry.type(description="A page of a case's timeline, oldest business date first.")
class TimelineConnection:
    edges: list[TimelineEdge]
    page_info: PageInfo
    case_id: strawberry.Private[str]
    where: strawberry.Private[TimelineWhere]

    @strawberry.field(description="How many items match the filter (all pages)")
    async def total_count(self, info: Info) -> int:
        return await read(timeline(info.context).count_entries, self.case_id, self.where)


async def timeline_connection(
    info: Info,
    case_id: str,
    first: int | None,
    after: str | None,
    where: TimelineFilter | None,
    last: int | None = None,
    before: str | None = None,
) -> TimelineConnection:
    asked, size = window(first, after, last, before, TIMELINE_CURSOR, default=50)
    criteria = where.where() if where is not None else TimelineWhere()
    if size == 0:
        page_ = empty_page(asked)
        return TimelineConnection(edges=[], page_info=page_, case_id=case_id, where=criteria)
    page = await read(
        timeline(info.context).entries,
        case_id,
        first=asked.first,
        after=after,
        last=asked.last,
        before=before,
        where=criteria,
    )
    edges = [TimelineEdge(cursor=e.cursor, node=timeline_item(e)) for e in page.entries]
    info_ = page_info([e.cursor for e in edges], page.has_next_page, page.has_previous_page)
    return TimelineConnection(edges=edges, page_info=info_, case_id=case_id, where=criteria)
