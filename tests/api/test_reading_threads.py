"""Reads run in the `READERS` threads, off the event loop, in the caller's context; their
answers and errors come back to the resolver as before."""

from __future__ import annotations

import asyncio
import threading
from contextvars import ContextVar

import pytest

from api.graphql.reading import in_thread, read
from graphql import GraphQLError
from projections.engine.cursors import InvalidCursorError

ASKING: ContextVar[str] = ContextVar("asking", default="nobody")


def _where() -> tuple[str, str, int]:
    return threading.current_thread().name, ASKING.get(), threading.get_ident()


def test_a_read_runs_in_a_reader_thread_in_the_callers_context() -> None:
    async def asked() -> tuple[tuple[str, str, int], int]:
        ASKING.set("facilitator")
        return await in_thread(_where), threading.get_ident()

    (name, asking, ident), loop_thread = asyncio.run(asked())
    assert name.startswith("read")
    assert asking == "facilitator"
    assert ident != loop_thread


def test_twenty_reads_at_once_each_get_their_own_answer() -> None:
    async def many() -> list[int]:
        return list(await asyncio.gather(*(in_thread(pow, n, 2) for n in range(20))))

    assert asyncio.run(many()) == [n * n for n in range(20)]


def test_an_error_comes_back_and_an_unreadable_cursor_is_the_callers() -> None:
    def broken() -> None:
        raise ValueError("boom")

    def unreadable() -> None:
        raise InvalidCursorError("bad")

    with pytest.raises(ValueError, match="boom"):
        asyncio.run(in_thread(broken))
    with pytest.raises(GraphQLError) as refused:
        asyncio.run(read(unreadable, argument="before"))
    assert refused.value.extensions is not None
    assert refused.value.extensions["code"] == "BAD_USER_INPUT"
    assert refused.value.extensions["argument"] == "before"
