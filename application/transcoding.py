"""A JSON transcoder that gives back exactly what it was given.

The library's JSON transcoder turns tuples into lists and `StrEnum` members into plain
strings without a word, and refuses `date`. This one tags those values before encoding, so
every event reloads equal to the event that was saved (a round-trip test keeps it so).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from datetime import date
from enum import Enum
from operator import attrgetter
from typing import Any

from eventsourcing.persistence import JSONTranscoder, Transcoding

TYPE, DATA = "_type_", "_data_"


class Tagging(Transcoding):
    """Values of `kind` stored under the tag `name`: `encode` gives what the JSON holds (its
    own values tagged in turn), `decode` takes it back."""

    def __init__(
        self,
        kind: type[Any],
        name: str,
        encode: Callable[[Any], Any],
        decode: Callable[[Any], Any],
    ) -> None:
        self.type = kind
        self.name = name
        self._encode = encode
        self._decode = decode

    def encode(self, obj: Any) -> Any:
        return self._encode(obj)

    def decode(self, data: Any) -> Any:
        return self._decode(data)


def _value_object(name: str, cls: type[Any]) -> Tagging:
    """A frozen dataclass as a mapping of its fields (nested values are tagged too)."""
    fields = tuple(f.name for f in dataclasses.fields(cls))
    return Tagging(
        cls,
        f"value:{name}",
        lambda obj: {field: getattr(obj, field) for field in fields},
        lambda data: cls(**data),
    )


class FaithfulJSONTranscoder(JSONTranscoder):
    """Tags tuples, enums, dates and value objects before the JSON encoder sees them."""

    def register_value_types(self, types: Mapping[str, type[Any]]) -> None:
        """`types` maps each stored name to its class: the name, not the class's `__name__`,
        is what the stored events carry, so a class can be renamed without orphaning them."""
        self.register(Tagging(tuple, "tuple", list, tuple))
        self.register(Tagging(date, "date", date.isoformat, date.fromisoformat))
        for name, cls in types.items():
            if issubclass(cls, Enum):
                self.register(Tagging(cls, f"enum:{name}", attrgetter("value"), cls))
            elif dataclasses.is_dataclass(cls):
                self.register(_value_object(name, cls))
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
