"""A per-token rate limit: each bearer token (each client address, without one) may send so
many requests a minute to the data paths (`/graphql`, `/exports`, `/open-data`); beyond that
the answer is 429 with `Retry-After` and a JSON error, before any work is done.

A token bucket per caller: `burst` requests at once, refilled at `per_minute` a minute. The
buckets live in the process (each server process counts its own; behind a load balancer the
limit is per process) and at most `MAX_CALLERS` are kept, the least recently seen dropped
first, so a flood of distinct tokens cannot grow the memory.

| setting | default | meaning |
|---|---|---|
| `KYODO_RATE_LIMIT` | `1200` | requests a minute per token (0: no limit) |
| `KYODO_RATE_BURST` | `300` | requests a token may send at once |
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from starlette.types import ASGIApp, Receive, Scope, Send

from persistence.settings import SettingsError

MAX_CALLERS = 10_000
LIMITED_PATHS = ("/graphql", "/exports", "/open-data")
RATE_LIMITED = "RATE_LIMITED"


@dataclass(frozen=True)
class RateLimitSettings:
    per_minute: int = 1200
    burst: int = 300

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> RateLimitSettings:
        env = os.environ if environ is None else environ
        return cls(
            per_minute=_count(env, "KYODO_RATE_LIMIT", cls.per_minute),
            burst=_count(env, "KYODO_RATE_BURST", cls.burst),
        )


def _count(env: Mapping[str, str], name: str, default: int) -> int:
    raw = (env.get(name) or "").strip()
    if not raw:
        return default
    if not raw.isdigit():
        raise SettingsError(f"{name} は0以上の整数で指定してください（{raw}）")
    return int(raw)


class Buckets:
    """Token buckets by caller, at most `MAX_CALLERS` of them."""

    def __init__(self, settings: RateLimitSettings, clock: Callable[[], float]) -> None:
        self.rate = settings.per_minute / 60.0
        self.burst = max(1, settings.burst)
        self.clock = clock
        self.buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def wait(self, caller: str) -> float:
        """0 when the caller may go on (one request taken), else the seconds to wait."""
        now = self.clock()
        tokens, seen = self.buckets.pop(caller, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - seen) * self.rate)
        if tokens >= 1:
            self.buckets[caller] = (tokens - 1, now)
            wait = 0.0
        else:
            self.buckets[caller] = (tokens, now)
            wait = (1 - tokens) / self.rate
        while len(self.buckets) > MAX_CALLERS:
            self.buckets.popitem(last=False)
        return wait


def caller_of(scope: Scope) -> str:
    """The caller a request counts for: its bearer token (hashed), else its address."""
    for name, value in scope.get("headers", []):
        if name == b"authorization" and value.lower().startswith(b"bearer "):
            return "token:" + hashlib.sha256(value[7:].strip()).hexdigest()
    client = scope.get("client")
    return f"address:{client[0] if client else '-'}"


class RateLimit:
    """ASGI middleware: 429 + `Retry-After` once a caller's bucket is empty."""

    def __init__(
        self,
        app: ASGIApp,
        settings: RateLimitSettings | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.app = app
        self.settings = settings or RateLimitSettings.from_env()
        self.buckets = Buckets(self.settings, clock)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        limited = scope["type"] == "http" and str(scope.get("path", "")).startswith(LIMITED_PATHS)
        if not limited or self.settings.per_minute == 0:
            await self.app(scope, receive, send)
            return
        wait = self.buckets.wait(caller_of(scope))
        if wait == 0:
            await self.app(scope, receive, send)
            return
        seconds = max(1, math.ceil(wait))
        message = f"リクエストが多すぎます。{seconds}秒後にもう一度お試しください"
        body = json.dumps(
            {"errors": [{"message": message, "extensions": {"code": RATE_LIMITED}}]},
            ensure_ascii=False,
        ).encode()
        headers = [
            (b"content-type", b"application/json; charset=utf-8"),
            (b"retry-after", str(seconds).encode()),
            (b"content-length", str(len(body)).encode()),
        ]
        await send({"type": "http.response.start", "status": 429, "headers": headers})
        await send({"type": "http.response.body", "body": body})
