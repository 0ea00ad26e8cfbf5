"""What more than one read model reads the same way from domain events (pure).

Read-model folders do not import each other; what two of them share lives here.
"""

from __future__ import annotations

from typing import Any

from domain.case import Case
from domain.party import Party


def _is_case_event(cls: Any) -> bool:
    return (
        isinstance(cls, type)
        and cls.__name__ not in ("Created", "Event")
        and issubclass(cls, Case.Event | Case.ConsultationReceived)
    )


CASE_TOPICS: tuple[str, ...] = tuple(
    cls.TOPIC for cls in vars(Case).values() if _is_case_event(cls)
)
"""The stored topics of every case event (the case list and the timeline read them all)."""


def public_name(event: Party.Registered) -> str:
    """An organisation's name; for a natural person only the label of the kind of party."""
    return event.kind.ja if event.kind.is_natural_person else event.name
