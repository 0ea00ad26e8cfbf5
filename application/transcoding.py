"""A JSON transcoder that gives back exactly what it was given.

The library's JSON transcoder turns tuples into lists and `StrEnum` members into plain
strings without a word, and refuses `date`. This one tags those values before encoding, so
every event reloads equal to the event that was saved (a round-trip test keeps it so).

Decoding is most of a command's own work (a case's events since its last snapshot, about
nine tagged values each): each tag's decoding function is looked up once, by its name, and
called directly (ADR 2026-12-02-performance, "One writer's CPU").
"""

from __future__ import annotations

import dataclasses
import json
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
        # the functions themselves, called without a method between (decoding is hot)
        self.encode = encode  # type: ignore[method-assign,assignment]
        self.decode = decode  # type: ignore[method-assign,assignment]

    def encode(self, obj: Any) -> Any:  # the library's abstract methods, shadowed above
        raise NotImplementedError

    def decode(self, data: Any) -> Any:
        raise NotImplementedError


def _value_object(name: str, cls: type[Any]) -> Tagging:
    """A frozen dataclass as a mapping of its fields (nested values are tagged too)."""
    fields = tuple(f.name for f in dataclasses.fields(cls))
    return Tagging(
        cls,
        f"value:{name}",
        lambda obj: {field: getattr(obj, field) for field in fields},
        lambda data: cls(**data),
    )


def _enum_member(cls: type[Enum]) -> Callable[[Any], Enum]:
    """`cls(value)` by one lookup: the members by value, else the call (an alias, a
    `_missing_` hook, an unknown value refused as before)."""
    members = {member.value: member for member in cls}

    def member(value: Any) -> Enum:
        try:
            return members[value]
        except (KeyError, TypeError):
            return cls(value)

    return member


class FaithfulJSONTranscoder(JSONTranscoder):
    """Tags tuples, enums, dates and value objects before the JSON encoder sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.decoder = json.JSONDecoder(object_hook=self._untag)

    def register_value_types(self, types: Mapping[str, type[Any]]) -> None:
        """`types` maps each stored name to its class: the name, not the class's `__name__`,
        is what the stored events carry, so a class can be renamed without orphaning them."""
        self.register(Tagging(tuple, "tuple", list, tuple))
        self.register(Tagging(date, "date", date.isoformat, date.fromisoformat))
        for name, cls in types.items():
            if issubclass(cls, Enum):
                self.register(Tagging(cls, f"enum:{name}", attrgetter("value"), _enum_member(cls)))
            elif dataclasses.is_dataclass(cls):
                self.register(_value_object(name, cls))
            else:
                raise TypeError(f"no transcoding for {cls!r}")

    def encode(self, obj: Any) -> bytes:
        return super().encode(self._tag(obj))

    def decode(self, data: bytes) -> Any:
        text = data.decode("utf8")
        try:  # the scanner alone: stored states have no whitespace around them
            obj, end = self.decoder.raw_decode(text)
        except json.JSONDecodeError:
            end = -1
        if end != len(text):  # whitespace, extra data or not JSON: the decoder's own way
            return self.decoder.decode(text)
        return obj

    def _untag(self, d: dict[str, Any]) -> Any:
        if len(d) != 2 or TYPE not in d or DATA not in d:
            return d
        transcoding = self.names.get(d[TYPE])
        if transcoding is None:
            return self._decode_obj(d)  # the library's refusal of an unknown name
        return transcoding.decode(d[DATA])

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
