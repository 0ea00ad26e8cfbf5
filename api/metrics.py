"""Prometheus metrics, written by hand in the text exposition format (no dependency)."""

from __future__ import annotations

import logging
import os
import threading
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date

from application.ledger import Ledger
from application.proof import LastVerification
from persistence.verification import chain_store
from projections.attention.queries import AttentionQueries
from projections.attention.rules import Thresholds
from projections.engine import ReadConnections

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
KNOWN_PATHS = frozenset(
    {
        "/graphql",
        "/healthz",
        "/readyz",
        "/metrics",
        "/open-data/library.csv",
        "/open-data/library.json",
    }
)


class Metrics:
    """Request counts and latencies per method, path and status; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[tuple[str, str, str], int] = defaultdict(int)
        self._buckets: dict[tuple[str, str], list[int]] = {}
        self._sums: dict[tuple[str, str], float] = defaultdict(float)
        self._totals: dict[tuple[str, str], int] = defaultdict(int)

    def observe(self, method: str, path: str, status: int, seconds: float) -> None:
        path = path if path in KNOWN_PATHS else "other"
        key = (method, path)
        with self._lock:
            self._counts[(method, path, str(status))] += 1
            buckets = self._buckets.setdefault(key, [0] * len(BUCKETS))
            for index, bound in enumerate(BUCKETS):
                if seconds <= bound:
                    buckets[index] += 1
            self._sums[key] += seconds
            self._totals[key] += 1

    def render(
        self,
        lags: Iterable[tuple[str, int, float | None]] = (),
        audit: LastVerification | None = None,
        attention: Mapping[str, int] | None = None,
    ) -> str:
        lines = [
            "# HELP kyodo_http_requests_total HTTP requests by method, path and status.",
            "# TYPE kyodo_http_requests_total counter",
        ]
        with self._lock:
            for (method, path, status), count in sorted(self._counts.items()):
                labels = f'method="{method}",path="{path}",status="{status}"'
                lines.append(f"kyodo_http_requests_total{{{labels}}} {count}")
            lines += [
                "# HELP kyodo_http_request_duration_seconds HTTP request latency.",
                "# TYPE kyodo_http_request_duration_seconds histogram",
            ]
            for (method, path), buckets in sorted(self._buckets.items()):
                labels = f'method="{method}",path="{path}"'
                for bound, count in zip(BUCKETS, buckets, strict=True):
                    name = "kyodo_http_request_duration_seconds_bucket"
                    lines.append(f'{name}{{{labels},le="{bound}"}} {count}')
                total = self._totals[(method, path)]
                lines.append(
                    f'kyodo_http_request_duration_seconds_bucket{{{labels},le="+Inf"}} {total}'
                )
                lines.append(
                    f"kyodo_http_request_duration_seconds_sum{{{labels}}} "
                    f"{self._sums[(method, path)]:.6f}"
                )
                lines.append(f"kyodo_http_request_duration_seconds_count{{{labels}}} {total}")
        lines += _lag_lines(list(lags))
        lines += _audit_lines(audit)
        lines += _attention_lines(attention)
        return "\n".join(lines) + "\n"


def _lag_lines(lags: list[tuple[str, int, float | None]]) -> list[str]:
    lines = [
        "# HELP kyodo_projection_lag_events Events a read model has still to process.",
        "# TYPE kyodo_projection_lag_events gauge",
    ]
    lines += [f'kyodo_projection_lag_events{{read_model="{n}"}} {e}' for n, e, _ in lags]
    lines += [
        "# HELP kyodo_projection_lag_seconds Age of the oldest event not yet processed.",
        "# TYPE kyodo_projection_lag_seconds gauge",
    ]
    lines += [
        f'kyodo_projection_lag_seconds{{read_model="{n}"}} {s:.3f}'
        for n, _, s in lags
        if s is not None
    ]
    return lines


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


def _attention_lines(counts: Mapping[str, int] | None) -> list[str]:
    if counts is None:
        return []
    return [
        "# HELP kyodo_attention_cases Open cases that need attention today, by reason.",
        "# TYPE kyodo_attention_cases gauge",
        *(f'kyodo_attention_cases{{reason="{r}"}} {n}' for r, n in counts.items()),
    ]


def _audit_lines(last: LastVerification | None) -> list[str]:
    """Gauges of the last whole-ledger verification; absent until one has run."""
    if last is None:
        return []
    return [
        "# HELP kyodo_audit_last_verification_timestamp_seconds When the last "
        "whole-ledger verification (kyodo audit verify --all) ran.",
        "# TYPE kyodo_audit_last_verification_timestamp_seconds gauge",
        f"kyodo_audit_last_verification_timestamp_seconds {last.verified_at.timestamp():.3f}",
        "# HELP kyodo_audit_last_verification_ok 1 when every hash chain verified, else 0.",
        "# TYPE kyodo_audit_last_verification_ok gauge",
        f"kyodo_audit_last_verification_ok {int(last.ok)}",
        "# HELP kyodo_audit_last_verification_broken_chains Chains found broken by it.",
        "# TYPE kyodo_audit_last_verification_broken_chains gauge",
        f"kyodo_audit_last_verification_broken_chains {last.broken_chains}",
        "# HELP kyodo_audit_last_verification_events Events that chained up in it.",
        "# TYPE kyodo_audit_last_verification_events gauge",
        f"kyodo_audit_last_verification_events {last.checked_events}",
    ]
