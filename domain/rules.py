"""Checks shared by the aggregates' public methods. They raise; they never record."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from domain.errors import (
    BlankValueError,
    DateBeforeConsultationError,
    FutureDateError,
    InvalidValueError,
    UnknownVocabularyError,
)
from domain.vocabulary import (
    CENTRE_BY_KEY,
    FIELD_BY_KEY,
    MUNICIPALITY_BY_KEY,
    SDG_BY_NUMBER,
    ClosureResult,
    CollaborationForm,
    Labelled,
    PartyRole,
    ReviewKind,
)


def require_text(value: str, field: str, label: str) -> str:
    text = value.strip()
    if not text:
        raise BlankValueError(field=field, label=label)
    return text


def require_not_future(occurred_on: date, today: date) -> None:
    if occurred_on > today:
        raise FutureDateError(occurred_on=occurred_on.isoformat())


def require_business_date(occurred_on: date, opened_on: date, today: date) -> None:
    require_not_future(occurred_on, today)
    if occurred_on < opened_on:
        raise DateBeforeConsultationError(
            occurred_on=occurred_on.isoformat(), opened_on=opened_on.isoformat()
        )


def require_count(value: int, field: str, label: str) -> int:
    if value < 0:
        raise InvalidValueError(field=field, label=label, reason="0以上の数を入力してください")
    return value


def municipality_code(key: str) -> str:
    found = MUNICIPALITY_BY_KEY.get(key)
    if found is None:
        raise UnknownVocabularyError(field="municipality", value=key, label="市町")
    return found.code


def centre_code(key: str) -> str:
    found = CENTRE_BY_KEY.get(key)
    if found is None:
        raise UnknownVocabularyError(field="centre", value=key, label="支援センター")
    return found.code


def field_codes(keys: Iterable[str]) -> tuple[str, ...]:
    codes: list[str] = []
    for key in keys:
        found = FIELD_BY_KEY.get(key)
        if found is None:
            raise UnknownVocabularyError(field="fields", value=key, label="活動分野")
        if found.code not in codes:
            codes.append(found.code)
    if not codes:
        raise BlankValueError(field="fields", label="活動分野")
    return tuple(codes)


def sdg_numbers(numbers: Iterable[int]) -> tuple[int, ...]:
    result: list[int] = []
    for number in numbers:
        if number not in SDG_BY_NUMBER:
            raise UnknownVocabularyError(field="sdgs", value=str(number), label="SDGsの目標")
        if number not in result:
            result.append(number)
    return tuple(sorted(result))


_REQUIRED_TEXTS = {
    "title": "名称",
    "issue_statement": "地域課題",
    "summary": "内容",
    "agenda": "議題",
    "text": "メモ",
    "facilitator_id": "担当ファシリテーター",
}
_COUNTS = {"participants": "参加者数", "volunteers": "ボランティア数", "attendee_count": "参加者数"}


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
    if name in _COUNTS:
        if not isinstance(value, int) or isinstance(value, bool):
            raise InvalidValueError(field=name, label=_COUNTS[name], reason="数を入力してください")
        return require_count(value, name, _COUNTS[name])
    return value
