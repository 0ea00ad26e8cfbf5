"""Turning event payloads into plain JSON text for read-model columns (pure helpers)."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime
from enum import Enum
from typing import Any
from uuid import UUID

import orjson

ENVELOPE = frozenset(
    {"originator_id", "originator_version", "timestamp", "originator_topic", "meta"}
)


AS_IS = frozenset({str, int, float, bool, type(None)})
"""Exactly these types are plain already (not their subclasses: a `StrEnum` member is a
`str`, and is written as its value): most of an event's values, decided in one look."""


_NAMES: dict[type, tuple[str, ...]] = {}


def field_names(kind: type) -> tuple[str, ...]:
    """A dataclass's field names, asked of `dataclasses` once per class (it builds them
    anew at each call: a sixth of a timeline rebuild's CPU went there; the GraphQL layer's
    copies of rows ask too)."""
    names = _NAMES.get(kind)
    if names is None:
        names = _NAMES[kind] = tuple(f.name for f in dataclasses.fields(kind))
    return names


def plain(value: Any) -> Any:
    """UUIDs and dates as strings, enums as their values, value objects as mappings."""
    kind = type(value)
    if kind in AS_IS:
        return value
    if kind is tuple or kind is list:
        return [plain(v) for v in value]
    names = _NAMES.get(kind)
    if names is not None:
        return {name: plain(getattr(value, name)) for name in names}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {name: plain(getattr(value, name)) for name in field_names(kind)}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    return value


def dumps(value: Any) -> str:
    """`value` as JSON text: its plain values (`plain`), every mapping's keys sorted, spaced
    as the standard library spaces them."""
    return _text(plain(value))


def compact(value: Any) -> str:
    """The JSON of `dumps(value)` — the same values, every mapping's keys in the same order —
    without its spaces, written by orjson without making the values plain in Python first
    (UUIDs, dates, enums, tuples and strings written the same way; value objects handed back
    by `_fields`). What orjson refuses — an integer beyond 64 bits, a lone surrogate, a type
    neither knows — goes as `dumps`."""
    try:
        return orjson.dumps(value, default=_fields, option=_FAST).decode()
    except (TypeError, orjson.JSONEncodeError):
        return _text(plain(value))


def _text(plain_value: Any) -> str:
    return json.dumps(plain_value, ensure_ascii=False, sort_keys=True)


_FAST = orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_NON_STR_KEYS


def _fields(value: Any) -> Any:
    """orjson's hook for what it leaves to Python: a value object as the mapping of its
    fields (whose keys orjson then sorts, as `plain` does; it would write a dataclass's
    fields in their declared order), a set as a list."""
    kind = type(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {name: getattr(value, name) for name in field_names(kind)}
    if isinstance(value, set | frozenset):
        return list(value)
    raise TypeError(kind.__name__)


def _own(event: object) -> dict[str, Any]:
    """An event's own fields (not the envelope, not the metadata), as they are."""
    fields = (
        vars(event)
        if not dataclasses.is_dataclass(event)
        else {name: getattr(event, name) for name in field_names(type(event))}
    )
    return {k: v for k, v in fields.items() if k not in ENVELOPE and not k.startswith("_")}


def payload(event: object) -> dict[str, Any]:
    """An event's own fields (not the envelope, not the metadata), as plain values."""
    return {k: plain(v) for k, v in _own(event).items()}


def payload_text(event: object) -> str:
    """The JSON of `dumps(payload(event))`, compact: the timeline's details, which every
    reader parses. Written by orjson from the event's own values (`compact`): making them
    plain in Python and encoding them were three quarters of the timeline's own work in a
    rebuild."""
    return compact(_own(event))


def event_name(event: object) -> str:
    return type(event).__name__
