"""A JSON transcoder that gives back exactly what it was given.

The library's JSON transcoder turns tuples into lists and `StrEnum` members into plain
strings without a word, and refuses `date`. This one tags those values before encoding, so
every event reloads equal to the event that was saved (a round-trip test keeps it so).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date
from enum import Enum
from typing import Any, cast

from eventsourcing.persistence import JSONTranscoder, Transcoding

TYPE, DATA = "_type_", "_data_"


class TupleTranscoding(Transcoding):
    type = tuple
    name = "tuple"

    def encode(self, obj: Any) -> Any:
        return list(obj)

    def decode(self, data: Any) -> Any:
        return tuple(data)


class DateTranscoding(Transcoding):
    type = date
    name = "date"

    def encode(self, obj: Any) -> Any:
        return cast("date", obj).isoformat()

    def decode(self, data: Any) -> Any:
        return date.fromisoformat(data)


class EnumTranscoding(Transcoding):
    def __init__(self, name: str, enum: type[Enum]) -> None:
        self.type = enum
        self.name = f"enum:{name}"

    def encode(self, obj: Any) -> Any:
        return cast("Enum", obj).value

    def decode(self, data: Any) -> Any:
        return self.type(data)


class ValueObjectTranscoding(Transcoding):
    """A frozen dataclass as a mapping of its fields (nested values are tagged too)."""

    def __init__(self, name: str, cls: type[Any]) -> None:
        self.type = cls
        self.name = f"value:{name}"
        self._fields = tuple(f.name for f in dataclasses.fields(cls))

    def encode(self, obj: Any) -> Any:
        return {name: getattr(obj, name) for name in self._fields}

    def decode(self, data: Any) -> Any:
        return self.type(**data)


class FaithfulJSONTranscoder(JSONTranscoder):
    """Tags tuples, enums, dates and value objects before the JSON encoder sees them."""

    def register_value_types(self, types: Mapping[str, type[Any]]) -> None:
        """`types` maps each stored name to its class: the name, not the class's `__name__`,
        is what the stored events carry, so a class can be renamed without orphaning them."""
        self.register(TupleTranscoding())
        self.register(DateTranscoding())
        for name, cls in types.items():
            if issubclass(cls, Enum):
                self.register(EnumTranscoding(name, cls))
            elif dataclasses.is_dataclass(cls):
                self.register(ValueObjectTranscoding(name, cls))
            else:
                raise TypeError(f"no transcoding for {cls!r}")

    def encode(self, obj: Any) -> bytes:
        return super().encode(self._tag(obj))

    def _tag(self, value: Any) -> Any:
        kind = type(value)
        if kind in (str, int, float, bool) or value is None:
            return value
        if kind is dict:
            return {key: self._tag(item) for key, item in value.items()}
        if kind is list:
            return [self._tag(item) for item in value]
        transcoding = self.types.get(kind)
        if transcoding is None:
            return value
        return {TYPE: transcoding.name, DATA: self._tag(transcoding.encode(value))}
