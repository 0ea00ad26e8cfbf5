"""How resolvers reach the read models: the projections' query objects, called in a worker
thread (the read store is synchronous), with their cursor errors turned into BAD_USER_INPUT."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextvars import copy_context
from functools import partial
from typing import Any, TypeVar

from strawberry.dataloader import DataLoader

from api.graphql.context import Context
from api.graphql.ids import bad_input
from projections.case_list.queries import CaseListQueries, CaseSummary
from projections.engine.cursors import InvalidCursorError, decode_cursor
from projections.timeline.queries import TimelineQueries

T = TypeVar("T")
MAX_BATCH = 200
"""Ids per batch query: well under the bound parameters SQLite and PostgreSQL allow."""

READERS = ThreadPoolExecutor(max_workers=40, thread_name_prefix="read")
"""The threads reads run in: as many as anyio's default (40), which served them before.
Handing a read to this pool costs a third of anyio's CPU with twenty requests under way
(20 against 60-75 us a read, bench/http_reads.py's load): anyio's worker threads wait on a
`queue.Queue` and its pure-Python condition, these on the C `SimpleQueue`, and no
cancellation scope is set up around each call. A read that its request stops waiting for
(the client went) finishes in its thread, its answer unused. Commands keep anyio's
threads, whose waits a cancelled request cannot leave behind."""


async def in_thread(call: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`call(*args, **kwargs)` in one of the `READERS`, in the caller's context (its
    context variables, as anyio's threads see them too)."""
    loop = asyncio.get_running_loop()
    context = copy_context()
    return await loop.run_in_executor(READERS, partial(context.run, call, *args, **kwargs))


def cached(context: Context, key: str, build: Callable[[], T]) -> T:
    """One per request (per WebSocket event): built on first use."""
    if key not in context.loaders:
        context.loaders[key] = build()
    found: T = context.loaders[key]
    return found


def case_list(context: Context) -> CaseListQueries:
    return cached(context, "case_list", lambda: CaseListQueries(context.container.read_store))


def cases_by_id(context: Context) -> DataLoader[str, CaseSummary | None]:
    """Cases by id, per request: each batch of distinct ids (at most MAX_BATCH) is one
    worker-thread hop and one query for the cases' rows."""

    async def load(keys: list[str]) -> list[CaseSummary | None]:
        found = await in_thread(case_list(context).get_cases, keys)
        return [found.get(key) for key in keys]

    return cached(
        context, "cases_by_id", lambda: DataLoader(load_fn=load, max_batch_size=MAX_BATCH)
    )


def timeline(context: Context) -> TimelineQueries:
    return cached(context, "timeline", lambda: TimelineQueries(context.container.read_store))


async def read(call: Callable[..., T], *args: Any, argument: str = "after", **kwargs: Any) -> T:
    """Run a read-model query in a worker thread; a cursor it cannot read is the caller's."""
    try:
        return await in_thread(call, *args, **kwargs)
    except InvalidCursorError:
        raise bad_input("カーソルが読めません", argument) from None


CASE_CURSOR = (str, str)
TIMELINE_CURSOR = (str, int)


def checked_cursor(cursor: str | None, types: tuple[type, ...], argument: str = "after") -> None:
    """Refuse a cursor this server did not make, before any query runs."""
    if cursor is None:
        return
    try:
        decode_cursor(cursor, types)
    except InvalidCursorError:
        raise bad_input("カーソルが読めません", argument) from None
