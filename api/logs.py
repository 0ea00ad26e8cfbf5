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
import re
import secrets
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from uuid import uuid4

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
                "class": "logging.StreamHandler",
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
        return f"00-{found[1]}-{secrets.token_hex(8)}-{found[3]}", found[2]
    return f"00-{secrets.token_hex(16)}-{secrets.token_hex(8)}-01", None


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
        request_id = headers.get("x-request-id") or uuid4().hex
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
