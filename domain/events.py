"""What the aggregates' events share."""

from __future__ import annotations

from typing import Any


def adopt(aggregate: Any, event: Any, *names: str) -> None:
    """Give `aggregate` the named fields of `event`, as they are (a created event's state)."""
    for name in names:
        setattr(aggregate, name, getattr(event, name))
