"""A read model's changes from one handler per event class (`ReadModel.changes`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from projections.engine.base import Change, ReadModel

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


class HandledReadModel(ReadModel):
    """A read model whose changes are its `handlers`' (one per event class): the topics it
    reads are derived from them, so the two cannot drift apart. The handlers are given as a
    class keyword beside the name and version (`handlers=_HANDLERS`) or in the class body."""

    handlers: ClassVar[Handlers]

    def __init_subclass__(cls, *, handlers: Handlers | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if handlers is not None:
            cls.handlers = handlers
        if "handlers" in cls.__dict__:
            cls.topics = cls.handlers.topics

    def changes(self, event: object, position: int) -> list[Change]:
        return self.handlers(event, position)
