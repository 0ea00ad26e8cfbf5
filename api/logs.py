"""One log stream: kyodo's lines and uvicorn's lifecycle lines, one JSON object per line
(`KYODO_LOG_FORMAT=text`: one readable line each, for a person at a terminal).

`kyodo serve` hands uvicorn `log_config()`, so that uvicorn's own loggers write through the
same handler; its access line is left off, as kyodo's `request` line replaces it with the
request id, the user and role, the GraphQL operation and the W3C `traceparent`.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import random
import re
import threading
import time
import weakref
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar, TextIO
from uuid import UUID

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

if TYPE_CHECKING:
    from api.metrics import Metrics

FORMAT_ENV = "KYODO_LOG_FORMAT"
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "color_message"}
_QUIET_TEXT = {"request_id", "traceparent"}


def _extra(record: logging.LogRecord) -> dict[str, object]:
    return {k: v for k, v in vars(record).items() if k not in _STANDARD}


class JSONFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(_extra(record))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """`16:20:01 INFO  kyodo.http request method=POST path=/graphql status=200 …`"""

    def format(self, record: logging.LogRecord) -> str:
        moment = datetime.fromtimestamp(record.created).strftime("%H:%M:%S")
        fields = " ".join(
            f"{k}={v}" for k, v in _extra(record).items() if k not in _QUIET_TEXT and v is not None
        )
        line = f"{moment} {record.levelname:<5} {record.name} {record.getMessage()} {fields}"
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line.rstrip()


class BackgroundStreamHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """A stream handler whose lines are formatted and written by a thread of its own.

    The server's event loop logs a line for every request: written where it was logged, each
    line was a system call on the loop, and each such call gives the interpreter's lock
    away, to wait for it again behind the request threads. Here the loop only queues the
    record (its message made at once, so that later changes to its arguments do not show);
    the thread writes what has queued up in one write. `close` (run by `logging.shutdown`
    at exit, as uvicorn stops) writes what is left first."""

    live: ClassVar[weakref.WeakSet[BackgroundStreamHandler]] = weakref.WeakSet()
    """Every such handler of this process (`flush_all`)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        super().__init__(stream)
        self._records: queue.SimpleQueue[logging.LogRecord | threading.Event | None] = (
            queue.SimpleQueue()
        )
        self._writer: threading.Thread | None = None
        self._pid = 0
        self._starting = threading.Lock()
        BackgroundStreamHandler.live.add(self)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            record.msg, record.args = record.getMessage(), None
        except Exception:  # a bad format string: reported where it was logged, as before
            self.handleError(record)
            return
        if self._pid != os.getpid():  # first use, or a forked child: a writer of its own
            self._start()
        self._records.put(record)

    def _start(self) -> None:
        with self._starting:
            if self._pid != os.getpid():
                self._records = queue.SimpleQueue()
                self._writer = threading.Thread(target=self._write, name="log-writer", daemon=True)
                self._writer.start()
                self._pid = os.getpid()

    def _write(self) -> None:
        records = self._records
        while True:
            batch = [records.get()]
            while not records.empty() and len(batch) < 1000:
                batch.append(records.get_nowait())
            lines: list[str] = []
            first = next((r for r in batch if isinstance(r, logging.LogRecord)), None)
            for record in batch:
                if record is None:
                    self._write_lines(lines, first)
                    return
                if isinstance(record, threading.Event):  # `flush`: what came before, written
                    self._write_lines(lines, first)
                    lines = []
                    record.set()
                    continue
                try:
                    lines.append(self.format(record) + self.terminator)
                except Exception:
                    self.handleError(record)
            self._write_lines(lines, first)

    def flush(self) -> None:
        """Return once every line queued so far is written (at most a few seconds).

        Run by `logging.shutdown` at exit, and by `kyodo serve` before uvicorn ends the
        process with the signal that stopped it (`flush_all`): the process then dies of
        that signal, without `logging.shutdown`, and the last lines — uvicorn's "Finished
        server process", an error while stopping — were lost whenever this thread had not
        written them yet."""
        writer = self._writer
        if writer is None or not writer.is_alive() or self._pid != os.getpid():
            return super().flush()
        if threading.current_thread() is writer:
            return None
        written = threading.Event()
        self._records.put(written)
        written.wait(timeout=5)
        return None

    def _write_lines(self, lines: list[str], first: logging.LogRecord | None) -> None:
        """One write and a flush, without the handler's lock (the loop's `emit` waits on that
        lock: it would wait for the write)."""
        if not lines:
            return
        try:
            self.stream.write("".join(lines))
            self.stream.flush()
        except Exception:
            if first is not None:
                self.handleError(first)  # as StreamHandler: said on stderr, not raised

    def close(self) -> None:
        writer = self._writer
        if writer is not None and writer.is_alive() and self._pid == os.getpid():
            self._records.put(None)
            writer.join(timeout=5)
        self._writer = None
        super().close()


def flush_all() -> None:
    """Every background log handler of this process: its queued lines written."""
    for handler in list(BackgroundStreamHandler.live):
        handler.flush()


_ids = random.Random()
os.register_at_fork(after_in_child=_ids.seed)


def new_id(bits: int) -> str:
    """A random id of `bits` bits in hex, never all zeros (W3C trace and span ids), from a
    generator of this process's own, seeded by the system once: ids must not collide and
    need not be secret, and asking the system for each one was a system call per request on
    the event loop."""
    value = 0
    while value == 0:
        value = _ids.getrandbits(bits)
    return f"{value:0{bits // 4}x}"


def log_format(environ: dict[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    return "text" if env.get(FORMAT_ENV, "").strip().lower() == "text" else "json"


def log_config(fmt: str | None = None) -> dict[str, Any]:
    """A `logging.config.dictConfig` for uvicorn (`log_config=`): every logger, uvicorn's
    included, writes through one handler on stderr in one format."""
    chosen = fmt or log_format()
    formatter = TextFormatter if chosen == "text" else JSONFormatter
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"kyodo": {"()": f"{__name__}.{formatter.__name__}"}},
        "handlers": {
            "kyodo": {
                "class": f"{__name__}.BackgroundStreamHandler",
                "formatter": "kyodo",
                "stream": "ext://sys.stderr",
            }
        },
        "root": {"handlers": ["kyodo"], "level": "WARNING"},
        "loggers": {
            "kyodo": {"level": "INFO"},
            "uvicorn": {"level": "INFO"},
            "uvicorn.error": {"level": "INFO"},
            "uvicorn.access": {"level": "WARNING"},
        },
    }


def _ours(logger: logging.Logger) -> bool:
    return any(isinstance(h.formatter, JSONFormatter | TextFormatter) for h in logger.handlers)


def configure_logging(level: int = logging.INFO) -> None:
    """Give the `kyodo` loggers a handler in the chosen format, once (under `kyodo serve`
    the log config already gave every logger one)."""
    logger = logging.getLogger("kyodo")
    if _ours(logger) or _ours(logging.getLogger()):
        return
    handler = logging.StreamHandler()
    handler.setFormatter(TextFormatter() if log_format() == "text" else JSONFormatter())
    logger.addHandler(handler)
    logger.setLevel(level)


TRACEPARENT = re.compile(r"^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$")


def traceparent(incoming: str | None) -> tuple[str, str | None]:
    """This request's W3C `traceparent` (the caller's trace, a span of our own) and the
    caller's span, if a valid header came; otherwise a new trace."""
    found = TRACEPARENT.match((incoming or "").strip().lower())
    if found and set(found[1]) != {"0"} and set(found[2]) != {"0"}:
        return f"00-{found[1]}-{new_id(64)}-{found[3]}", found[2]
    return f"00-{new_id(128)}-{new_id(64)}-01", None


class RequestLog:
    """ASGI middleware that measures each HTTP request and writes its one `request` line
    (with the `X-Request-ID` and `traceparent` response headers). Plain ASGI, not Starlette's
    `BaseHTTPMiddleware`, whose task group and memory streams cost every request more than
    the line itself (ADR 2026-12-02-performance)."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics
        self.log = logging.getLogger("kyodo.http")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        request_id = headers.get("x-request-id") or UUID(int=_ids.getrandbits(128), version=4).hex
        trace, parent = traceparent(headers.get("traceparent"))
        state = scope.setdefault("state", {})
        state["request_id"] = request_id
        state["traceparent"] = trace
        started = time.perf_counter()
        answered: list[tuple[int, float]] = []

        async def send_with_ids(message: Message) -> None:
            if message["type"] == "http.response.start":
                answered.append((message["status"], time.perf_counter() - started))
                response_headers = MutableHeaders(scope=message)
                response_headers["X-Request-ID"] = request_id
                response_headers["traceparent"] = trace
            await send(message)

        await self.app(scope, receive, send_with_ids)
        if not answered:
            return
        status, elapsed = answered[0]
        method = scope["method"]
        # as `request.url.path` has it: the path with ?, # and \ escaped
        path = scope["path"].replace("?", "%3F").replace("#", "%23").replace("\\", "%5C")
        operation = state.get("graphql_operation")
        self.metrics.observe(method, path, status, elapsed, operation)
        actor = state.get("actor")
        self.log.info(
            "request",
            extra={
                "request_id": request_id,
                "method": method,
                "path": path,
                "status": status,
                "duration_ms": round(elapsed * 1000, 2),
                "user": getattr(actor, "user_id", None),
                "role": getattr(getattr(actor, "role", None), "value", None),
                "operation": operation,
                "traceparent": trace,
                "parent_span": parent,
            },
        )
