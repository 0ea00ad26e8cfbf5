"""Subscriptions: a case's timeline, live, and library updates.

No polling per subscriber: each subscription registers a `Follower` on the process's
read-model advances FIRST, then notes the read model's committed position, then catches up,
then re-queries only when its read model advanced (in this process, or in another one
through PostgreSQL LISTEN/NOTIFY — ADR 2026-11-23-subscription-fanout), asking only for what
lies after its last position. Items are de-duplicated by notification position, so there is
neither a gap nor a repeat between catch-up and live. A slow safety poll
(`SAFETY_POLL_SECONDS`) makes a lost notification a delay, never a loss.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Sequence
from enum import Enum

import strawberry
from eventsourcing.persistence import Notification
from starlette.concurrency import run_in_threadpool

from api.fanout import Follower
from api.graphql.context import Context, Info, forbidden, read_models
from api.graphql.ids import bad_input, decode_id, node_id
from api.graphql.library import SuccessCase, success_case
from api.graphql.reading import TIMELINE_CURSOR, case_list, checked_cursor, read, timeline
from api.graphql.timeline_items import TimelineItem, timeline_item
from application.permissions import may_read_case, may_read_library
from domain.case import Case
from projections.timeline.follow import MAX_FOLLOW, TimelineFollow
from projections.timeline.queries import TimelineEntry

SAFETY_POLL_SECONDS = 5.0
"""How long a subscriber waits for a notification before it looks anyway."""
LIBRARY_TOPICS = (Case.SuccessCasePublished.TOPIC, Case.SuccessCaseWithdrawn.TOPIC)


def follower(context: Context, *names: str) -> Follower:
    """Registered now, before the caller's catch-up query."""
    projections = read_models(context.container)
    advances = None if projections is None else projections.advances
    return Follower(advances, names, SAFETY_POLL_SECONDS)


def _follow(context: Context) -> TimelineFollow:
    return TimelineFollow(context.container.read_store)


def _catch_up(context: Context, case_id: str, after: str | None) -> list[TimelineEntry]:
    queries, cursor = timeline(context), after
    found: list[TimelineEntry] = []
    while True:
        page = queries.entries(case_id, first=100, after=cursor)
        found += page.entries
        if not page.has_next_page:
            return found
        cursor = page.end_cursor


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
    with follower(context, "timeline") as advances:
        follow = _follow(context)
        last = await run_in_threadpool(follow.position)
        seen: set[int] = set()  # caught-up entries the live query will find again
        for entry in await run_in_threadpool(_catch_up, context, uuid, after):
            if entry.position > last:
                seen.add(entry.position)
            yield timeline_item(entry)
        while True:
            live = await run_in_threadpool(follow.entries_after, uuid, last)
            for entry in live:
                last = max(last, entry.position)
                if entry.position in seen:
                    seen.discard(entry.position)
                    continue
                context.reset_loaders()
                yield timeline_item(entry)
            if len(live) < MAX_FOLLOW:  # else more are waiting: ask again at once
                await advances.wait()


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


async def library_updated(
    info: Info, after: int | None = None
) -> AsyncGenerator[LibraryUpdate, None]:
    context = info.context
    if not may_read_library(context.actor):
        raise forbidden("成功事例集")
    if after is not None and after < 0:
        raise bad_input("after には0以上の位置を指定してください", "after")
    recorder = context.container.ledger.recorder
    with follower(context, "library") as advances:
        if after is None:
            position = await run_in_threadpool(recorder.max_notification_id) or 0
        else:
            position = after
        while True:
            found = await run_in_threadpool(_library_changes, context, position)
            for notification in found:
                position = notification.id
                yield await _library_update(info, notification.originator_id, notification)
            if len(found) < LIBRARY_BATCH:
                await advances.wait()


LIBRARY_BATCH = 50


def _library_changes(context: Context, after: int) -> Sequence[Notification]:
    """Publications and withdrawals after `after` that the library has already processed
    (so that the story it shows is there), oldest first."""
    row = context.container.read_store.active("library")
    if row is None or row.position <= after:
        return []
    return context.container.ledger.recorder.select_notifications(
        after, LIBRARY_BATCH, stop=row.position, topics=LIBRARY_TOPICS, inclusive_of_start=False
    )


async def _library_update(info: Info, originator: object, notification: object) -> LibraryUpdate:
    position = int(getattr(notification, "id", 0))
    topic = str(getattr(notification, "topic", ""))
    info.context.reset_loaders()
    published = topic == Case.SuccessCasePublished.TOPIC
    return LibraryUpdate(
        case_id=node_id("Case", str(originator)),
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

    @strawberry.subscription(
        description="Success cases published or withdrawn after a position of the log "
        "(`after`: an update's or a mutation's `position`, to resume without a gap), "
        "else from now on"
    )
    async def library_updated(
        self, info: Info, after: int | None = None
    ) -> AsyncGenerator[LibraryUpdate, None]:
        async for update in library_updated(info, after):
            yield update
