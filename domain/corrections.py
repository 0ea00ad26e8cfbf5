"""Corrections (訂正): a corrected value is checked as the step it corrects was checked."""

from __future__ import annotations

import dataclasses
from functools import cache
from typing import Any

from domain.commands.base import count_check
from domain.commands.case import CASE_COMMANDS
from domain.errors import InvalidValueError, UnknownVocabularyError
from domain.rules import (
    centre_code,
    field_codes,
    municipality_code,
    require_count,
    require_text,
    sdg_numbers,
)
from domain.vocabulary import ClosureResult, CollaborationForm, Labelled, PartyRole, ReviewKind


@cache
def _count_labels() -> dict[str, str]:
    """The counts the case's commands declare (`count("参加者数")`), by field name."""
    return {
        f.name: f.metadata["label"]
        for command in CASE_COMMANDS
        for f in dataclasses.fields(command)
        if f.metadata.get("check") is count_check
    }


_REQUIRED_TEXTS = {
    "title": "名称",
    "issue_statement": "地域課題",
    "summary": "内容",
    "agenda": "議題",
    "text": "メモ",
    "facilitator_id": "担当ファシリテーター",
}


_ENUMS: dict[str, tuple[type[Labelled], str]] = {
    "role": (PartyRole, "役割"),
    "form": (CollaborationForm, "協働の形態"),
    "kind": (ReviewKind, "評価の種類"),
    "result": (ClosureResult, "完了の区分"),
}


def vocabulary_member(enum: type[Labelled], value: Any, field: str, label: str) -> Labelled:
    """A member by its code or its Japanese label (`partner` or `協働パートナー`)."""
    for member in enum:
        if value in (member.value, member.ja):
            return member
    raise UnknownVocabularyError(field=field, value=str(value), label=label)


def corrected_value(name: str, value: Any) -> Any:
    """A correction's new value, checked as the step it corrects was checked."""
    if name in _ENUMS:
        enum, label = _ENUMS[name]
        return vocabulary_member(enum, value, name, label)
    if name in ("municipality", "centre") or name in _REQUIRED_TEXTS:
        if not isinstance(value, str):
            text_label = {"municipality": "市町", "centre": "支援センター"}.get(name)
            raise InvalidValueError(
                field=name,
                label=text_label or _REQUIRED_TEXTS[name],
                reason="文字で入力してください",
            )
        if name == "municipality":
            return municipality_code(value)
        if name == "centre":
            return centre_code(value)
        return require_text(value, name, _REQUIRED_TEXTS[name])
    if name in ("fields", "sdgs"):
        items = (value,) if isinstance(value, (str, int)) else value
        if not isinstance(items, (list, tuple)):
            label = "活動分野" if name == "fields" else "SDGsの目標"
            raise InvalidValueError(field=name, label=label, reason="一覧で指定してください")
        return field_codes(items) if name == "fields" else sdg_numbers(items)
    counts = _count_labels()
    if name in counts:
        if not isinstance(value, int) or isinstance(value, bool):
            raise InvalidValueError(field=name, label=counts[name], reason="数を入力してください")
        return require_count(value, name, counts[name])
    return value
