"""The timeline read model as GraphQL: a keyset connection of typed timeline items,
filterable by kind of item and by business date."""

from __future__ import annotations

from datetime import date

import strawberry

from api.graphql.context import Info
from api.graphql.ids import page_size
from api.graphql.node import PageInfo
from api.graphql.reading import TIMELINE_CURSOR, checked_cursor, read, timeline
from api.graphql.timeline_items import TimelineItem, TimelineStepKind, timeline_item
from projections.timeline_queries import TimelineEntry


@strawberry.input(description="Narrow a timeline to some kinds of items and a date range.")
class TimelineFilter:
    steps: list[TimelineStepKind] | None = None
    occurred_from: date | None = None
    occurred_to: date | None = None

    def admits(self, entry: TimelineEntry) -> bool:
        if self.steps and entry.step not in {s.value for s in self.steps}:
            return False
        if self.occurred_from and entry.occurred_on < self.occurred_from:
            return False
        return not (self.occurred_to and entry.occurred_on > self.occurred_to)


@strawberry.type
class TimelineEdge:
    cursor: str
    node: TimelineItem


@strawberry.type(description="A page of a case's timeline, oldest business date first.")
class TimelineConnection:
    edges: list[TimelineEdge]
    page_info: PageInfo
    total_count: int


BATCH = 100


def _collect(
    info: Info, case_id: str, size: int, after: str | None, where: TimelineFilter | None
) -> tuple[list[TimelineEntry], bool, int]:
    """Keyset pages from the timeline queries until `size` items pass the filter.

    The timeline queries take no filter, so the filter is applied here, page by page (a
    case's timeline is short); the cursor stays the projections' keyset cursor.
    """
    queries = timeline(info.context)
    picked: list[TimelineEntry] = []
    has_more = False
    cursor = after
    while True:
        page = queries.entries(case_id, first=BATCH, after=cursor)
        for entry in page.entries:
            if where is None or where.admits(entry):
                if len(picked) == size:
                    has_more = True
                    break
                picked.append(entry)
        if has_more or not page.has_next_page:
            break
        cursor = page.end_cursor
    return picked, has_more, _count(info, case_id, where)


def _count(info: Info, case_id: str, where: TimelineFilter | None) -> int:
    queries = timeline(info.context)
    total, cursor = 0, None
    while True:
        page = queries.entries(case_id, first=BATCH, after=cursor)
        total += sum(1 for e in page.entries if where is None or where.admits(e))
        if not page.has_next_page:
            return total
        cursor = page.end_cursor


async def timeline_connection(
    info: Info, case_id: str, first: int | None, after: str | None, where: TimelineFilter | None
) -> TimelineConnection:
    size, _ = page_size(first, None, default=50)
    checked_cursor(after, TIMELINE_CURSOR)
    entries, has_more, total = await read(_collect, info, case_id, size, after, where)
    edges = [TimelineEdge(cursor=e.cursor, node=timeline_item(e)) for e in entries]  # type: ignore[arg-type]
    page = PageInfo(
        has_next_page=has_more,
        has_previous_page=after is not None,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
    return TimelineConnection(edges=edges, page_info=page, total_count=total)
