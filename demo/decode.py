"""Reads the demo data files: each command written as an array, `["HoldHearing", "CASE", "…",
2024-05-14]`, its name and then its arguments in the command's field order.

One walk over the command's type hints turns the TOML values into the command's own: ids from
placeholders ("P:key", "C:key", "M:key", "CASE", "MEETING"), tuples from arrays, enumerations
from their values, value objects from arrays in their field order, None from "" (TOML has no
null) and a correction's changes, `["HoldRoundtable", {"参加者数" = 45}]`, from the corrected
step's own labels.
"""

from __future__ import annotations

import dataclasses
import types
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeVar, Union, get_args, get_origin, get_type_hints
from uuid import UUID

from demo.notation import CASE, MEETING, C, M, P, Placeholders
from domain.commands import ALL_COMMANDS, Command

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

COMMANDS: dict[str, type[Command]] = {c.__name__: c for c in ALL_COMMANDS}
KINDS: dict[str, Placeholders] = {"P": P, "C": C, "M": M}
THIS: dict[str, UUID] = {"CASE": CASE, "MEETING": MEETING}

T = TypeVar("T", bound="DataclassInstance")


def command(entry: list[Any]) -> Command:
    """The command an array names first, with the rest of the array as its arguments."""
    name, *args = entry
    if name not in COMMANDS:
        raise ValueError(f"demo: there is no command {name!r}")
    return positional(COMMANDS[name], args)


def positional(cls: type[T], args: list[Any]) -> T:
    """`cls` (a dataclass) from its arguments in field order; the ones left out keep their
    defaults."""
    fields = [f for f in dataclasses.fields(cls) if f.init]
    if len(args) > len(fields):
        raise ValueError(f"demo: {cls.__name__} takes {len(fields)} arguments, not {len(args)}")
    hints = get_type_hints(cls)
    return cls(*(value(hints[f.name], arg) for f, arg in zip(fields, args, strict=False)))


def value(hint: Any, raw: Any) -> Any:
    """`raw`, as TOML gives it, as a value of the type `hint`."""
    origin, args = get_origin(hint), get_args(hint)
    if origin in (Union, types.UnionType):
        (inner,) = (a for a in args if a is not type(None))
        return None if raw == "" else value(inner, raw)
    if origin is tuple:
        return tuple(value(args[0], item) for item in raw)
    if origin is dict:
        return labelled(raw)
    if hint is UUID:
        return placeholder(raw)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint(raw)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return positional(hint, raw)
    return raw


def placeholder(text: str) -> UUID:
    """`"P:council-misumi"`: the placeholder of a party (`C:` a case, `M:` a meeting)."""
    if text in THIS:
        return THIS[text]
    kind, _, key = text.partition(":")
    if kind not in KINDS or not key:
        raise ValueError(f"demo: {text!r} is not a placeholder")
    return KINDS[kind][key]


def labelled(entry: list[Any]) -> dict[str, Any]:
    """A correction's changes, `["HoldRoundtable", {"参加者数" = 45}]`: the fields named by
    the labels the corrected step declares, with its values."""
    name, changes = entry
    step = COMMANDS[name]
    names = {label: field for field, label in step.field_labels().items()}
    hints = get_type_hints(step)
    return {names[label]: value(hints[names[label]], raw) for label, raw in changes.items()}
