"""What one request may bring: body size, JSON depth, lone surrogates, library searches.

Limits refuse before work is done: a body over `max_body_bytes` is refused (413) from its
`Content-Length` before a byte of it is read, and a body sent without one is read in chunks
and refused as soon as it passes the limit, so a hostile client cannot make the server hold
more than the limit per request. The limits of the texts that commands carry are declared
with the command fields (`domain.commands.base`). ADR 2026-12-02-poison-and-limits.

| setting | default | meaning |
|---|---|---|
| `KYODO_MAX_BODY_BYTES` | `1048576` (1 MB) | largest request body accepted (413 above) |
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from api.refusals import Refusal
from persistence.settings import SettingsError
from projections.library.search import Term, parse_query

DEFAULT_MAX_BODY_BYTES = 1_048_576
MAX_JSON_DEPTH = 32
"""Nesting of arrays and objects in a request's JSON (variables, a correction's changes)."""
SEARCH_MAX_CHARS = 200
SEARCH_MAX_TERMS = 10

PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"
_SURROGATE = re.compile(r"[\ud800-\udfff]")


class LimitError(Refusal):
    """A request passes a limit; `status` and `code` say how to answer it."""

    def __init__(self, message: str, status: int = 400, code: str = "BAD_REQUEST") -> None:
        super().__init__(message, code)
        self.status = status


@dataclass(frozen=True)
class Limits:
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    max_json_depth: int = MAX_JSON_DEPTH

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Limits:
        env = os.environ if environ is None else environ
        raw = env.get("KYODO_MAX_BODY_BYTES") or ""
        if not raw:
            return cls()
        if not raw.isdigit() or int(raw) < 1:
            raise SettingsError(
                f"KYODO_MAX_BODY_BYTES must be a positive whole number (got {raw!r})"
            )
        return cls(max_body_bytes=int(raw))

    def too_large(self) -> LimitError:
        return LimitError(
            f"リクエストの本文が大きすぎます（上限 {self.max_body_bytes} バイト）",
            413,
            PAYLOAD_TOO_LARGE,
        )

    def declared_too_large(self, headers: Mapping[str, str]) -> bool:
        declared = headers.get("content-length", "")
        return declared.isdigit() and int(declared) > self.max_body_bytes

    async def body(self, request: Request) -> bytes:
        """The request's body, refused as soon as it is known to pass the limit."""
        if self.declared_too_large(request.headers):
            raise self.too_large()
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > self.max_body_bytes:
                raise self.too_large()
            chunks.append(chunk)
        return b"".join(chunks)

    def json(self, text: str, what: str) -> Any:
        """`text` as JSON no deeper than `max_json_depth`, without lone surrogates."""
        try:
            value = json.loads(text)
        except RecursionError:
            raise self._too_deep(what) from None
        except ValueError:
            raise LimitError(f"{what} は JSON として読めません") from None
        self.check_json(value, what)
        return value

    def check_json(self, value: Any, what: str) -> None:
        for path, depth, item in _walk(value, what):
            if depth > self.max_json_depth:
                raise self._too_deep(what)
            if isinstance(item, str) and _SURROGATE.search(item):
                where = _SURROGATE.sub("\ufffd", path)
                raise LimitError(f"{where} に UTF-8 で表せない文字（サロゲート）が含まれています")

    def _too_deep(self, what: str) -> LimitError:
        return LimitError(f"{what} の入れ子が深すぎます（上限 {self.max_json_depth} 段）")


def _walk(value: Any, path: str) -> Iterator[tuple[str, int, Any]]:
    """(path, depth, value) of every value and key in a parsed JSON document, iteratively."""
    pending: list[tuple[str, int, Any]] = [(path, 0, value)]
    while pending:
        where, depth, item = pending.pop()
        yield where, depth, item
        if isinstance(item, dict):
            for key, child in item.items():
                yield where, depth, key
                pending.append((f"{where}.{key}", depth + 1, child))
        elif isinstance(item, list):
            pending.extend((f"{where}[{i}]", depth + 1, c) for i, c in enumerate(item))


def search_problem(query: str) -> str | None:
    """Why a library search cannot run, or None: too long, too many words, unreadable."""
    return searched(query)[0]


def searched(query: str) -> tuple[str | None, tuple[Term, ...]]:
    """`search_problem` and the query's terms, parsed once for the checks and the search
    (empty when the text is refused before it is parsed)."""
    if len(query) > SEARCH_MAX_CHARS:
        return (
            f"検索語は{SEARCH_MAX_CHARS}文字以内で入力してください（{len(query)}文字あります）",
            (),
        )
    if _SURROGATE.search(query) or re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", query):
        return "検索語に使えない文字が含まれています", ()
    terms = parse_query(query)
    if len(terms) > SEARCH_MAX_TERMS:
        return (
            f"検索語は{SEARCH_MAX_TERMS}語以内で入力してください（{len(terms)}語あります）",
            terms,
        )
    return None, terms


class BodySizeLimit:
    """ASGI middleware: a request whose `Content-Length` passes the limit is answered 413
    (a GraphQL-style JSON error) on every path, before the application reads any of it."""

    def __init__(self, app: ASGIApp, limits: Limits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = {
                k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]
            }
            if self.limits.declared_too_large(headers):
                await _refuse(send, self.limits.too_large())
                return
        await self.app(scope, receive, send)


async def _refuse(send: Send, error: LimitError) -> None:
    body = json.dumps(
        {"errors": [{"message": error.message, "extensions": {"code": error.code}}]},
        ensure_ascii=False,
    ).encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": error.status,
            "headers": [
                (b"content-type", b"application/json; charset=utf-8"),
                (b"content-length", str(len(body)).encode("ascii")),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
