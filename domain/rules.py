"""Checks shared by the aggregates' public methods. They raise; they never record."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Protocol

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


class Coded(Protocol):
    @property
    def code(self) -> str: ...


def code_in(index: Mapping[str, Coded], key: str, field: str, label: str) -> str:
    """The code of a vocabulary entry named by its code or its Japanese name."""
    found = index.get(key)
    if found is None:
        raise UnknownVocabularyError(field=field, value=key, label=label)
    return found.code


def municipality_code(key: str) -> str:
    return code_in(MUNICIPALITY_BY_KEY, key, "municipality", "市町")


FISCAL_YEARS = range(1900, 2201)


def require_fiscal_year(year: int) -> int:
    """A fiscal year written as a western year (2024 = 令和6年度)."""
    if year not in FISCAL_YEARS:
        raise InvalidValueError(
            field="fiscalYear", label="年度", reason="西暦の年度を入力してください"
        )
    return year


def centre_code(key: str) -> str:
    return code_in(CENTRE_BY_KEY, key, "centre", "支援センター")


def field_codes(keys: Iterable[str]) -> tuple[str, ...]:
    codes: list[str] = []
    for key in keys:
        code = code_in(FIELD_BY_KEY, key, "fields", "活動分野")
        if code not in codes:
            codes.append(code)
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
