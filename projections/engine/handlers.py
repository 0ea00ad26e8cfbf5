"""A read model's changes from one handler per event class (`ReadModel.changes`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from projections.engine.base import Change

Handler = Callable[[Any, int], list[Change]]
"""The row changes of one event, given its notification id."""


class Handlers:
    """One handler per event class; an event of any other class changes nothing. A read
    model built on them reads the topics of those classes."""

    def __init__(self, handlers: Mapping[type, Handler]) -> None:
        self.handlers = dict(handlers)

    @property
    def topics(self) -> tuple[str, ...]:
        events: list[Any] = list(self.handlers)
        return tuple(str(e.TOPIC) for e in events)

    def __call__(self, event: object, position: int) -> list[Change]:
        handler = self.handlers.get(type(event))
        return [] if handler is None else handler(event, position)
