"""What the aggregates' events share."""

from __future__ import annotations

from datetime import date
from typing import Any

from eventsourcing.domain import Aggregate

from domain.values import EventMeta


class DatedEvent(Aggregate.Event):
    """A step: its business date (Asia/Tokyo) and who recorded it, how (the record time is
    the event's own timestamp)."""

    occurred_on: date
    meta: EventMeta


class DatedCreation(Aggregate.Created):
    """The step that creates an aggregate, dated like every other step."""

    occurred_on: date
    meta: EventMeta


def adopt(aggregate: Any, event: Any, *names: str) -> None:
    """Give `aggregate` the named fields of `event`, as they are (a created event's state)."""
    for name in names:
        setattr(aggregate, name, getattr(event, name))
