"""What more than one read model reads or looks up the same way (pure).

Read-model folders do not import each other; what two of them share lives here.
"""

from __future__ import annotations

from collections.abc import Mapping
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


def code_of(index: Mapping[str, Any], key: str | None) -> str | None:
    """The code of a vocabulary term given by its code or name; an unknown key as it is."""
    found = None if key is None else index.get(key)
    return key if found is None else str(found.code)
