"""Per read model and version: position, log head, lag in events and in seconds, error, and
the number of events it parked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from projections.engine.base import ReadModel
from projections.engine.runner import Decode, EventLog
from projections.engine.store import ReadStore, VersionRow


@dataclass(frozen=True)
class ReadModelStatus:
    """`lag_events` is the distance in notification ids (ids can have gaps, so it is an upper
    bound); `lag_seconds` is the age of the oldest event the read model has still to process
    (by its record time), 0 when there is none, None when it cannot be read."""

    name: str
    version: int
    state: str
    position: int
    head: int
    lag_events: int
    lag_seconds: float | None
    error: str | None
    parked: int = 0
    """Events this version parked (dead letters not skipped): it went on without them."""
    worker: str | None = None
    """The worker that runs it, where workers share the read models (PostgreSQL): the host
    and process id of the session holding its lock; None when no worker holds it."""


def status_of(
    model: ReadModel,
    row: VersionRow,
    store: ReadStore,
    log: EventLog,
    decode: Decode,
    now: datetime | None = None,
    parked: int = 0,
) -> ReadModelStatus:
    head = log.max_notification_id() or 0
    return ReadModelStatus(
        name=model.name,
        version=row.version,
        state=row.state,
        position=row.position,
        head=head,
        lag_events=max(0, head - row.position),
        lag_seconds=_lag_seconds(model, row.position, head, log, decode, now),
        error=row.error,
        parked=parked,
    )


def _lag_seconds(
    model: ReadModel,
    position: int,
    head: int,
    log: EventLog,
    decode: Decode,
    now: datetime | None,
) -> float | None:
    if position >= head:
        return 0.0
    oldest = log.select_notifications(
        position, 1, stop=head, topics=model.topics, inclusive_of_start=False
    )
    if not oldest:
        return 0.0
    try:
        recorded = getattr(decode(oldest[0]), "timestamp", None)
    except Exception:  # the event that stopped the read model may not decode: lag unknown
        return None
    if not isinstance(recorded, datetime):
        return None
    return max(0.0, ((now or datetime.now(UTC)) - recorded).total_seconds())
