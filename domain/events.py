"""What the aggregates and their events share."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from eventsourcing.domain import Aggregate, MetaDomainEvent

from domain.commands.base import Command
from domain.values import EventMeta


class StoredEventType(MetaDomainEvent):
    """An event class declared with the topic it is stored under, which never changes once
    events of it are stored, the command that records it, if any, and the fields its entry
    in a case's timeline shows by name (`shown`, besides all of them as details):
    `class PartyJoined(Event, topic="kyodo:Case.PartyJoined", command=c.JoinParty,
    shown=("contribution",))`."""

    def __new__(
        mcs,
        name: str,
        bases: tuple[type, ...],
        namespace: dict[str, Any],
        topic: str = "",
        command: type[Command] | None = None,
        shown: tuple[str, ...] = (),
    ) -> Any:
        if topic:
            namespace = {**namespace, "TOPIC": topic}
        if command is not None:
            namespace = {**namespace, "COMMAND": command}
        if shown:
            missing = [
                field for field in shown if field not in namespace.get("__annotations__", {})
            ]
            if missing:
                raise TypeError(f"{name} shows fields it does not declare: {missing}")
            namespace = {**namespace, "SHOWN": shown}
        return super().__new__(mcs, name, bases, namespace)


class StoredEvent(Aggregate.Event, metaclass=StoredEventType):
    """An event of an aggregate, stored under its `topic`."""

    TOPIC: ClassVar[str]


class StoredCreation(Aggregate.Created, metaclass=StoredEventType):
    """The event that creates an aggregate, stored under its `topic`."""

    TOPIC: ClassVar[str]


class DatedEvent(StoredEvent):
    """A step: its business date (Asia/Tokyo) and who recorded it, how (the record time is
    the event's own timestamp)."""

    COMMAND: ClassVar[type[Command]]
    """The command that records the step, where one does."""
    SHOWN: ClassVar[tuple[str, ...]] = ()
    """The step's own fields that its timeline entry shows by name (its GraphQL item type's
    fields), besides all of them as its details."""
    occurred_on: date
    meta: EventMeta


class DatedCreation(StoredCreation):
    """The step that creates an aggregate, dated like every other step."""

    COMMAND: ClassVar[type[Command]]
    """The command that records the step, where one does."""
    SHOWN: ClassVar[tuple[str, ...]] = ()
    """As `DatedEvent.SHOWN`."""
    occurred_on: date
    meta: EventMeta


Step = DatedEvent | DatedCreation
"""A stored step of any aggregate: its business date and who recorded it, how."""


class LedgerAggregate(Aggregate):
    """An aggregate stored under a topic of its own that never changes
    (`class Case(LedgerAggregate, topic="kyodo:Case")`), as are its events'."""

    TOPIC: ClassVar[str]

    def __init_subclass__(cls, *, topic: str = "", **kwargs: Any) -> None:
        if topic:
            cls.TOPIC = topic
            # The library's own "created" event, which the ledger never records but must name.
            created = type("Created", (Aggregate.Created,), {"TOPIC": f"{topic}.Created"})
            created.__qualname__ = f"{cls.__qualname__}.Created"
            created.__module__ = cls.__module__
            setattr(cls, "Created", created)  # noqa: B010 (mypy: a nested class is not assignable)
        super().__init_subclass__(**kwargs)


def adopt(aggregate: Any, event: Any, *names: str) -> None:
    """Give `aggregate` the named fields of `event`, as they are (a created event's state)."""
    for name in names:
        setattr(aggregate, name, getattr(event, name))


def adopts(*names: str, **renamed: str) -> Any:
    """The `apply` of an event whose aggregate takes the named fields as they are, and each
    `attribute="field"` under another name: `apply = adopts("title", held_on="occurred_on")`.
    (Typed `Any`: mypy cannot match a function assigned in a class body against the method
    `apply(self, aggregate)` it overrides.)"""

    def apply(event: Any, aggregate: Any) -> None:
        adopt(aggregate, event, *names)
        for attribute, field in renamed.items():
            setattr(aggregate, attribute, getattr(event, field))

    return apply


def sets(**values: Any) -> Any:
    """The `apply` of an event that sets attributes of its aggregate to fixed values:
    `apply = sets(published=False)`."""

    def apply(event: Any, aggregate: Any) -> None:
        for attribute, value in values.items():
            setattr(aggregate, attribute, value)

    return apply
