"""The server's log lines are written by a thread of their own, and its request and trace ids
come from a generator of the process's own: the event loop makes no system call for either."""

from __future__ import annotations

import io
import logging
import os
import threading
from typing import Any

from api.logs import BackgroundStreamHandler, TextFormatter, flush_all, new_id, traceparent


class HeldStream(io.StringIO):
    """A stream whose writes wait until `release` is set."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()
        self.writing = threading.Event()

    def write(self, text: str) -> int:
        self.writing.set()
        assert self.release.wait(10)
        return super().write(text)


def logger_with(handler: logging.Handler) -> logging.Logger:
    logger = logging.getLogger(f"kyodo.test.background.{id(handler)}")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    return logger


def test_every_line_is_written_in_order_by_the_time_the_handler_closes() -> None:
    stream = io.StringIO()
    handler = BackgroundStreamHandler(stream)
    handler.setFormatter(TextFormatter())
    logger = logger_with(handler)

    for n in range(500):
        logger.info("line %d", n, extra={"request_id": f"r{n}", "status": 200})
    handler.close()

    lines = stream.getvalue().splitlines()
    assert [line.split()[3:5] for line in lines] == [["line", str(n)] for n in range(500)]
    assert all(line.endswith("status=200") for line in lines)


def test_logging_does_not_wait_for_the_stream() -> None:
    stream = HeldStream()
    handler = BackgroundStreamHandler(stream)
    logger = logger_with(handler)

    logger.info("first")
    assert stream.writing.wait(10)  # the writer is now held inside the stream's write
    for n in range(100):
        logger.info("queued %d", n)  # returns at once: the lines queue up behind the write

    assert stream.getvalue() == ""
    stream.release.set()
    handler.close()
    assert stream.getvalue().splitlines() == ["first", *(f"queued {n}" for n in range(100))]


class SlowStream(io.StringIO):
    """A stream each write of which takes a while."""

    def write(self, text: str) -> int:
        threading.Event().wait(0.05)
        return super().write(text)


def test_flush_returns_once_every_queued_line_is_written_and_the_handler_goes_on() -> None:
    """`kyodo serve`'s process ends by the signal that stopped it, without
    `logging.shutdown`: it flushes its handlers first (`flush_all`), and a flush waits for
    the writer thread."""
    stream = SlowStream()
    handler = BackgroundStreamHandler(stream)
    logger = logger_with(handler)
    for n in range(20):
        logger.info("line %d", n)
        if n % 5 == 0:
            threading.Event().wait(0.06)  # several writes, each slow: many still queued

    flush_all()  # this handler among the others of the process
    assert stream.getvalue().splitlines() == [f"line {n}" for n in range(20)]
    logger.info("after the flush")
    handler.close()
    assert stream.getvalue().splitlines()[-1] == "after the flush"


def test_a_line_says_what_its_arguments_were_when_it_was_logged() -> None:
    stream = HeldStream()
    handler = BackgroundStreamHandler(stream)
    logger = logger_with(handler)
    logger.info("first")
    assert stream.writing.wait(10)
    changing: list[Any] = ["before"]

    logger.info("value %s", changing)
    changing[0] = "after"
    stream.release.set()
    handler.close()

    assert stream.getvalue().splitlines()[-1] == "value ['before']"


def test_ids_are_hex_of_their_size_and_do_not_repeat() -> None:
    spans = {new_id(64) for _ in range(10_000)}
    traces = {new_id(128) for _ in range(10_000)}

    assert len(spans) == len(traces) == 10_000
    assert {len(s) for s in spans} == {16}
    assert {len(t) for t in traces} == {32}
    assert all(int(s, 16) for s in spans)
    trace, parent = traceparent(None)
    assert parent is None
    assert len(trace) == 55
    assert trace.endswith("-01")


def test_a_forked_process_draws_other_ids_than_its_parent() -> None:
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child
        os.write(write, new_id(128).encode())
        os._exit(0)
    os.close(write)
    ours = new_id(128)
    os.waitpid(child, 0)
    with os.fdopen(read) as pipe:
        theirs = pipe.read()

    assert len(theirs) == 32
    assert theirs != ours
