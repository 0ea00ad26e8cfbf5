"""Subscriptions: a case's timeline, live, and library updates.

`caseTimeline` notes the case's head version first (the "listener"), then catches up from the
cursor, then follows new versions; items are de-duplicated by notification position, so
there is neither a gap nor a repeat between catch-up and live. The read store is polled
briefly (the embedded SQLite store has no notifications).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from enum import Enum

import strawberry
from starlette.concurrency import run_in_threadpool

from api.auth import may_read_case, may_read_library
from api.graphql.context import Context, Info, forbidden, read_models
from api.graphql.ids import bad_input, decode_id, global_id
from api.graphql.library import SuccessCase, success_case
from api.graphql.reading import TIMELINE_CURSOR, case_list, checked_cursor, read, timeline
from api.graphql.timeline_items import TimelineItem, timeline_item
from domain.case import Case
from projections.timeline_queries import TimelineEntry

POLL_SECONDS = 0.2
LIBRARY_TOPICS = (Case.SuccessCasePublished.TOPIC, Case.SuccessCaseWithdrawn.TOPIC)


def _head_version(context: Context, case_id: str) -> int:
    summary = case_list(context).get_case(case_id)
    return 0 if summary is None else summary.version


def _catch_up(context: Context, case_id: str, after: str | None) -> list[TimelineEntry]:
    queries, cursor = timeline(context), after
    found: list[TimelineEntry] = []
    while True:
        page = queries.entries(case_id, first=100, after=cursor)
        found += page.entries
        if not page.has_next_page:
            return found
        cursor = page.end_cursor


def _entry(context: Context, case_id: str, version: int) -> TimelineEntry | None:
    return timeline(context).entry(case_id, version)


async def case_timeline(
    info: Info, case_id: strawberry.ID, after: str | None
) -> AsyncGenerator[TimelineItem, None]:
    context = info.context
    uuid = str(decode_id(case_id, "Case", "caseId"))
    checked_cursor(after, TIMELINE_CURSOR)
    summary = await read(case_list(context).get_case, uuid)
    if summary is None:
        raise bad_input("案件が見つかりません", "caseId")
    if not may_read_case(context.actor, summary.centre):
        raise forbidden("この案件")
    head = await run_in_threadpool(_head_version, context, uuid)
    seen: set[int] = set()
    for entry in await run_in_threadpool(_catch_up, context, uuid, after):
        seen.add(entry.position)
        yield timeline_item(entry)  # type: ignore[misc]
    version = head + 1
    while True:
        live = await run_in_threadpool(_entry, context, uuid, version)
        if live is None:
            await asyncio.sleep(POLL_SECONDS)
            continue
        version += 1
        if live.position not in seen:
            seen.add(live.position)
            context.reset_loaders()
            yield timeline_item(live)  # type: ignore[misc]


@strawberry.enum(description="What happened to a success case in the library")
class LibraryChange(Enum):
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


@strawberry.type(description="A success case was published or withdrawn.")
class LibraryUpdate:
    case_id: strawberry.ID
    change: LibraryChange
    position: int
    success_case: SuccessCase | None = strawberry.field(
        description="The story as the library now shows it (None once withdrawn)"
    )


async def library_updated(info: Info) -> AsyncGenerator[LibraryUpdate, None]:
    context = info.context
    if not may_read_library(context.actor):
        raise forbidden("成功事例集")
    recorder = context.container.ledger.recorder
    position = await run_in_threadpool(recorder.max_notification_id) or 0
    while True:
        found = await run_in_threadpool(
            recorder.select_notifications,
            position,
            50,
            topics=LIBRARY_TOPICS,
            inclusive_of_start=False,
        )
        if not found:
            await asyncio.sleep(POLL_SECONDS)
            continue
        for notification in found:
            position = notification.id
            yield await _library_update(info, notification.originator_id, notification)


async def _library_update(info: Info, originator: object, notification: object) -> LibraryUpdate:
    position = int(getattr(notification, "id", 0))
    topic = str(getattr(notification, "topic", ""))
    projections = read_models(info.context.container)
    if projections is not None:
        await run_in_threadpool(projections.wait_for, position, 5.0, ["library"])
    info.context.reset_loaders()
    published = topic == Case.SuccessCasePublished.TOPIC
    return LibraryUpdate(
        case_id=strawberry.ID(global_id("Case", str(originator))),
        change=LibraryChange.PUBLISHED if published else LibraryChange.WITHDRAWN,
        position=position,
        success_case=await success_case(info, str(originator)) if published else None,
    )


@strawberry.type
class Subscription:
    @strawberry.subscription(description="New timeline items of a case, after a cursor")
    async def case_timeline(
        self, info: Info, case_id: strawberry.ID, after: str | None = None
    ) -> AsyncGenerator[TimelineItem, None]:
        async for item in case_timeline(info, case_id, after):
            yield item

    @strawberry.subscription(description="Success cases published or withdrawn from now on")
    async def library_updated(self, info: Info) -> AsyncGenerator[LibraryUpdate, None]:
        async for update in library_updated(info):
            yield update
