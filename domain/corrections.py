"""Corrections (訂正): a corrected value is checked as the step it corrects was checked.

The step's command declares each field once — its type, its label, its check, its length
limit — and a correction's new value goes through the same declaration: it is read as the
field's type (a date from `YYYY-MM-DD`, a vocabulary member from its code or Japanese name,
a number, a list, a value object from its fields), must be storable text, and then passes the
field's own check. So a correction can never store what the step itself would have refused.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date
from enum import Enum
from typing import Any

from domain.commands.base import FREE_TEXT_LIMIT, SHORT_TEXT_LIMIT, Command, camel, storable
from domain.errors import InvalidValueError, UnknownVocabularyError
from domain.vocabulary import Labelled


def vocabulary_member(enum: type[Labelled], value: Any, field: str, label: str) -> Labelled:
    """A member by its code or its Japanese label (`partner` or `協働パートナー`)."""
    for member in enum:
        if value in (member, member.value, member.ja):
            return member
    raise UnknownVocabularyError(field=field, value=str(value), label=label)


_HINTS: dict[type[Command], dict[str, Any]] = {}


def _hints(command: type[Command]) -> dict[str, Any]:
    if command not in _HINTS:
        _HINTS[command] = typing.get_type_hints(command)
    return _HINTS[command]


def corrected_value(command: type[Command], name: str, value: Any) -> Any:
    """A correction's new value for the field `name` of the step `command` records."""
    declared = {f.name: f for f in dataclasses.fields(command)}[name]
    field = declared.metadata.get("error_field") or camel(name)
    label = declared.metadata.get("label", name)
    limit = declared.metadata.get("limit", SHORT_TEXT_LIMIT)
    read = _as(_hints(command)[name], value, _Where(field, label, limit))
    check = declared.metadata.get("check")
    return read if check is None or read is None else check(read, field, label)


@dataclasses.dataclass(frozen=True)
class _Where:
    field: str
    label: str
    limit: int

    def wrong(self, reason: str) -> InvalidValueError:
        return InvalidValueError(field=self.field, label=self.label, reason=reason)


def _as(hint: Any, value: Any, where: _Where) -> Any:
    """`value` read as the type `hint` declares, or a `ValidationError` naming the field."""
    options = typing.get_args(hint) if _is_union(hint) else ()
    if options:
        if value is None and type(None) in options:
            return None
        (inner,) = [o for o in options if o is not type(None)]
        return _as(inner, value, where)
    if typing.get_origin(hint) is tuple:
        items = (value,) if isinstance(value, (str, int)) else value
        if not isinstance(items, (list, tuple)):
            raise where.wrong("一覧で指定してください")
        item = typing.get_args(hint)[0]
        return tuple(_as(item, v, where) for v in items)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return vocabulary_member(hint, value, where.field, where.label)  # type: ignore[arg-type]
    if hint is date:
        return _date(value, where)
    if hint is bool:
        if not isinstance(value, bool):
            raise where.wrong("はい・いいえで指定してください")
        return value
    if hint is int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise where.wrong("数を入力してください")
        return value
    if hint is str:
        if not isinstance(value, str):
            raise where.wrong("文字で入力してください")
        return storable(value, where.field, where.label, where.limit)
    if dataclasses.is_dataclass(hint):
        return _value_object(hint, value, where)  # type: ignore[arg-type]
    raise where.wrong("この項目は訂正できません")


def _is_union(hint: Any) -> bool:
    return typing.get_origin(hint) in (typing.Union, types.UnionType)


def _date(value: Any, where: _Where) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise where.wrong("日付を YYYY-MM-DD で指定してください") from None


def _value_object(cls: type[Any], value: Any, where: _Where) -> Any:
    """A value object from its fields (snake or camel case); its texts are free text."""
    if isinstance(value, cls):
        return value
    if not isinstance(value, dict):
        raise where.wrong("項目ごとに指定してください")
    hints = typing.get_type_hints(cls)
    given = {_snake_key(k): v for k, v in value.items()}
    known = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(given) - known)
    if unknown:
        raise where.wrong(f"不明な項目があります（{', '.join(unknown)}）")
    inner = _Where(where.field, where.label, FREE_TEXT_LIMIT)
    try:
        return cls(**{k: _as(hints[k], v, inner) for k, v in given.items()})
    except TypeError:
        raise where.wrong("必要な項目が足りません") from None


def _snake_key(key: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in key)
