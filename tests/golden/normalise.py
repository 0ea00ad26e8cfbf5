"""A JSON form of aggregates and events that keeps Python types apart.

The golden test compares what today's code loads with what commit c765ae6 loaded, so the
form says which type every value had: a tuple is not a list, an enum member is not its
string, a date is not its ISO text. Ints, floats and bools stay JSON scalars; `canonical`
compares the JSON text, in which 1, 1.0 and true differ.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime
from enum import Enum
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, DomainEvent

JSON = Any


def normalise(obj: Any) -> JSON:
    """`obj` as JSON data tagged with its type (see the module docstring)."""
    if obj is None or type(obj) in (str, int, float, bool):
        return obj
    if isinstance(obj, Enum):
        return {"enum": type(obj).__name__, "value": normalise(obj.value)}
    if type(obj) is datetime:
        return {"datetime": obj.isoformat()}
    if type(obj) is date:
        return {"date": obj.isoformat()}
    if type(obj) is UUID:
        return {"uuid": str(obj)}
    if type(obj) is tuple:
        return {"tuple": [normalise(item) for item in obj]}
    if type(obj) is list:
        return {"list": [normalise(item) for item in obj]}
    if type(obj) in (set, frozenset):
        items = [normalise(item) for item in obj]
        return {type(obj).__name__: sorted(items, key=canonical_json)}
    if type(obj) is dict:
        return {"dict": [[normalise(key), normalise(value)] for key, value in obj.items()]}
    if isinstance(obj, Aggregate):
        return {
            "aggregate": _topic(obj),
            "id": normalise(obj.id),
            "version": obj.version,
            "created_on": normalise(obj.created_on),
            "modified_on": normalise(obj.modified_on),
            "attributes": _public(vars(obj)),
        }
    if isinstance(obj, DomainEvent):
        return {"event": _topic(obj), "fields": _public(vars(obj))}
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        fields = {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}
        return {"dataclass": type(obj).__name__, "fields": _public(fields)}
    if hasattr(obj, "__dict__") and not isinstance(obj, type):
        return {"object": type(obj).__name__, "vars": _public(vars(obj))}
    raise TypeError(f"cannot normalise {type(obj)!r}: {obj!r}")


def _topic(obj: Any) -> str:
    """The stored topic of an aggregate or event class (stable across renames)."""
    return str(getattr(type(obj), "TOPIC", type(obj).__qualname__))


def _public(attributes: dict[str, Any]) -> dict[str, JSON]:
    return {
        name: normalise(value)
        for name, value in sorted(attributes.items())
        if not name.startswith("_")
    }


def canonical_json(data: JSON) -> str:
    """Normalised data as JSON text: equal text means equal values of the same types."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False)


def canonical(obj: Any) -> str:
    return canonical_json(normalise(obj))
