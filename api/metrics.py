"""Prometheus metrics with `prometheus_client`, one registry per app (tests build many):
process metrics, HTTP requests, GraphQL operations, open WebSockets, and what is read at each
scrape (projection lag per read model, the last verification, attention counts)."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from typing import Any

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.gc_collector import GCCollector
from prometheus_client.platform_collector import PlatformCollector
from prometheus_client.process_collector import ProcessCollector
from prometheus_client.registry import Collector

from application.ledger import Ledger
from application.proof import LastVerification
from persistence.verification import chain_store
from projections.attention.queries import AttentionQueries
from projections.attention.rules import Thresholds
from projections.engine import ReadConnections

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
KNOWN_PATHS = frozenset(
    {
        "/graphql",
        "/healthz",
        "/readyz",
        "/metrics",
        "/open-data/library.csv",
        "/open-data/library.json",
        "/exports/cases.csv",
        "/exports/cases.xlsx",
        "/exports/kpi.csv",
        "/exports/kpi.xlsx",
        "/exports/library.csv",
        "/exports/library.xlsx",
    }
)
MAX_OPERATIONS = 200
"""Operation names are the client's words: past this many, the others count as `other`."""

Lags = Iterable[tuple[str, int, float | None]]


class Metrics:
    """The app's metrics in a registry of their own; thread-safe (prometheus_client)."""

    def __init__(self, process: bool = True) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        if process:
            ProcessCollector(registry=self.registry)
            PlatformCollector(registry=self.registry)
            GCCollector(registry=self.registry)
        self.requests = Counter(
            "kyodo_http_requests",
            "HTTP requests by method, path and status.",
            ("method", "path", "status"),
            registry=self.registry,
        )
        self.latency = Histogram(
            "kyodo_http_request_duration_seconds",
            "HTTP request latency.",
            ("method", "path"),
            buckets=BUCKETS,
            registry=self.registry,
        )
        self.operations = Counter(
            "kyodo_graphql_operations",
            "GraphQL operations over HTTP by operation name and HTTP status.",
            ("operation", "status"),
            registry=self.registry,
        )
        self.operation_latency = Histogram(
            "kyodo_graphql_operation_duration_seconds",
            "GraphQL operation latency over HTTP, by operation name.",
            ("operation",),
            buckets=BUCKETS,
            registry=self.registry,
        )
        self.websockets = Gauge(
            "kyodo_websocket_connections",
            "WebSocket connections open now (GraphQL subscriptions).",
            registry=self.registry,
        )
        self.scraped = ScrapedCollector()
        self.registry.register(self.scraped)
        self._names: set[str] = set()
        self._lock = threading.Lock()

    def observe(
        self, method: str, path: str, status: int, seconds: float, operation: str | None = None
    ) -> None:
        path = path if path in KNOWN_PATHS else "other"
        self.requests.labels(method, path, str(status)).inc()
        self.latency.labels(method, path).observe(seconds)
        if path == "/graphql" and method in ("GET", "POST") and status != 405:
            name = self._operation(operation)
            self.operations.labels(name, str(status)).inc()
            self.operation_latency.labels(name).observe(seconds)

    def _operation(self, name: str | None) -> str:
        if not name:
            return "anonymous"
        with self._lock:
            if name in self._names:
                return name
            if len(self._names) < MAX_OPERATIONS:
                self._names.add(name)
                return name
        return "other"

    def render(
        self,
        lags: Lags = (),
        audit: LastVerification | None = None,
        attention: Mapping[str, int] | None = None,
    ) -> str:
        self.scraped.set(list(lags), audit, attention)
        return generate_latest(self.registry).decode("utf-8")


class ScrapedCollector(Collector):
    """What is read from the store at each scrape, kept for the registry to collect."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: tuple[list[tuple[str, int, float | None]], Any, Any] = ([], None, None)

    def set(
        self,
        lags: list[tuple[str, int, float | None]],
        audit: LastVerification | None,
        attention: Mapping[str, int] | None,
    ) -> None:
        with self._lock:
            self._values = (lags, audit, attention)

    def collect(self) -> Iterator[Metric]:
        with self._lock:
            lags, audit, attention = self._values
        yield from lag_metrics(lags)
        yield from audit_metrics(audit)
        yield from attention_metrics(attention)

    def describe(self) -> Iterator[Metric]:
        return iter(())


def lag_metrics(lags: list[tuple[str, int, float | None]]) -> Iterator[Metric]:
    events = GaugeMetricFamily(
        "kyodo_projection_lag_events",
        "Events a read model has still to process.",
        labels=("read_model",),
    )
    seconds = GaugeMetricFamily(
        "kyodo_projection_lag_seconds",
        "Age of the oldest event not yet processed.",
        labels=("read_model",),
    )
    for name, behind, age in lags:
        events.add_metric((name,), behind)
        if age is not None:
            seconds.add_metric((name,), round(age, 3))
    yield events
    yield seconds


def last_verification(ledger: Ledger) -> LastVerification | None:
    """The last `kyodo audit verify --all` run; None when there was none or the store is
    unreachable (metrics render even when the database is down)."""
    try:
        return chain_store(ledger).last()
    except Exception as error:  # any driver error: leave the gauges out, say why in the log
        logging.getLogger("kyodo.http").warning(
            "last verification unavailable", extra={"error": str(error)}
        )
        return None


def attention_counts(store: ReadConnections, today: date) -> dict[str, int] | None:
    """Open cases of every centre that need attention today, per reason (a case may count
    under several); None when the read model cannot be read (metrics render anyway)."""
    try:
        counts = AttentionQueries(store).counts(today, Thresholds.from_env(os.environ))
    except Exception as error:  # any driver or settings error: leave the gauge out, say why
        logging.getLogger("kyodo.http").warning(
            "attention counts unavailable", extra={"error": str(error)}
        )
        return None
    return {reason.value: count for reason, count in counts.items()}


def attention_metrics(counts: Mapping[str, int] | None) -> Iterator[Metric]:
    if counts is None:
        return
    family = GaugeMetricFamily(
        "kyodo_attention_cases",
        "Open cases that need attention today, by reason.",
        labels=("reason",),
    )
    for reason, count in counts.items():
        family.add_metric((reason,), count)
    yield family


def audit_metrics(last: LastVerification | None) -> Iterator[Metric]:
    """Gauges of the last whole-ledger verification; absent until one has run."""
    if last is None:
        return
    for name, text, value in (
        (
            "timestamp_seconds",
            "When the last whole-ledger verification (kyodo audit verify --all) ran.",
            last.verified_at.timestamp(),
        ),
        ("ok", "1 when every hash chain verified, else 0.", int(last.ok)),
        ("broken_chains", "Chains found broken by it.", last.broken_chains),
        ("events", "Events that chained up in it.", last.checked_events),
    ):
        yield GaugeMetricFamily(f"kyodo_audit_last_verification_{name}", text, value=value)


class WebSocketGauge:
    """ASGI middleware: counts the WebSocket connections open now."""

    def __init__(self, app: Any, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "websocket":
            await self.app(scope, receive, send)
            return
        self.metrics.websockets.inc()
        try:
            await self.app(scope, receive, send)
        finally:
            self.metrics.websockets.dec()


class LiveLagCollector(Collector):
    """Projection lag read at each scrape (the worker's `/metrics`); nothing when the store
    cannot be read (the scrape still answers, with the process metrics)."""

    def __init__(self, lags: Callable[[], Lags]) -> None:
        self.lags = lags

    def collect(self) -> Iterator[Metric]:
        try:
            lags = list(self.lags())
        except Exception as error:  # any driver error: leave the gauges out, say why
            logging.getLogger("kyodo.worker").warning(
                "projection status unavailable", extra={"error": str(error)}
            )
            return
        yield from lag_metrics(lags)

    def describe(self) -> Iterator[Metric]:
        return iter(())


def worker_registry(lags: Callable[[], Lags]) -> CollectorRegistry:
    """What `kyodo project --metrics-port` serves: process metrics and projection lag."""
    registry = CollectorRegistry(auto_describe=True)
    ProcessCollector(registry=registry)
    PlatformCollector(registry=registry)
    GCCollector(registry=registry)
    registry.register(LiveLagCollector(lags))
    return registry
