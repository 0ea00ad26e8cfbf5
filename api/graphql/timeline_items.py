"""The typed timeline items: one GraphQL type per step of a case, all in the union
`TimelineItem`, each with its actor, business date, record time and version."""

from __future__ import annotations

import typing
from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, Protocol, Union, cast

import strawberry
from strawberry.scalars import JSON

from api.graphql.copying import converted
from api.graphql.vocabulary import ActorRole
from domain.case import STEP_CLASSES
from projections.timeline.queries import Correction, TimelineEntry


class Recorded(Protocol):
    """A row that says who recorded a step (a timeline entry, a correction, a stored event)."""

    @property
    def actor_id(self) -> str: ...

    @property
    def actor_role(self) -> str: ...


@strawberry.type(description="Who recorded a step.")
class RecordedBy:
    user_id: str
    role: ActorRole

    @classmethod
    def of(cls, row: Recorded) -> RecordedBy:
        return cls(user_id=row.actor_id, role=ActorRole.of(row.actor_role))


@strawberry.type(description="A later correction, shown on the entry it corrects.")
class StepCorrection:
    version: int
    occurred_on: date
    recorded_at: datetime
    recorded_by: RecordedBy
    reason: str
    changes: JSON

    of = converted(
        Correction,
        recorded_by=RecordedBy.of,
        changes=lambda c: JSON(c.changes),
    )


@strawberry.interface(description="What every timeline item has.")
class TimelineStep:
    version: int
    position: int
    occurred_on: date = strawberry.field(description="Business date (Asia/Tokyo), as corrected")
    original_occurred_on: date
    recorded_at: datetime = strawberry.field(description="When the ledger recorded it")
    actor: RecordedBy
    source: str
    label: str = strawberry.field(description="The step's Japanese name")
    summary: str = strawberry.field(description="A Japanese one-line summary")
    corrections: list[StepCorrection]
    details: JSON = strawberry.field(description="The step's own fields")


_SHOWN_KINDS: dict[type[Any], tuple[tuple[str, type[Any]], ...]] = {}
"""Per item type, its own fields and their scalar: text (enums by their code) or a number."""


def _item_type(event: type[Any], shown: tuple[str, ...]) -> type[TimelineStep]:
    """The item type of a step: the common fields and those `shown`, plain attributes that
    `timeline_item` fills from the entry's details."""
    hints = typing.get_type_hints(event)
    kinds = tuple((name, int if hints[name] is int else str) for name in shown)
    cls = type(f"{event.__name__}Item", (TimelineStep,), {"__annotations__": dict(kinds)})
    item = cast("type[TimelineStep]", strawberry.type(cls))
    _SHOWN_KINDS[item] = kinds
    return item


ITEM_TYPES: dict[str, type[TimelineStep]] = {
    name: _item_type(event, event.SHOWN) for name, event in STEP_CLASSES.items()
}
"""An item type for every step a case records (`STEP_CLASSES`): the common fields, the
step's own that its event declares shown (`SHOWN`), and `details`."""

if TYPE_CHECKING:  # the types below are built at import time; mypy sees their shape
    TimelineStepKind = Enum
    TimelineItem = TimelineStep
else:
    TimelineStepKind = strawberry.enum(
        Enum("TimelineStepKind", {name: name for name in ITEM_TYPES}),
        description="The kinds of timeline items (one per step of a case)",
    )
    TimelineItem = Annotated[
        Union[tuple(ITEM_TYPES.values())],  # noqa: UP007
        strawberry.union("TimelineItem", description="One step of a case"),
    ]


def timeline_item(entry: TimelineEntry) -> TimelineStep:
    cls = ITEM_TYPES[entry.step]
    details = entry.details
    shown = {name: kind(details.get(name, kind())) for name, kind in _SHOWN_KINDS[cls]}
    return cls(
        version=entry.version,
        position=entry.position,
        occurred_on=entry.occurred_on,
        original_occurred_on=entry.original_occurred_on,
        recorded_at=entry.recorded_at,
        actor=RecordedBy.of(entry),
        source=entry.source,
        label=entry.step_label,
        summary=entry.summary,
        corrections=[StepCorrection.of(c) for c in entry.corrections],
        details=JSON(details),
        **shown,
    )
