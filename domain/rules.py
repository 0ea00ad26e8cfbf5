"""Checks shared by the aggregates' public methods. They raise; they never record."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

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


def municipality_code(key: str) -> str:
    found = MUNICIPALITY_BY_KEY.get(key)
    if found is None:
        raise UnknownVocabularyError(field="municipality", value=key, label="市町")
    return found.code


FISCAL_YEARS = range(1900, 2201)


def require_fiscal_year(year: int) -> int:
    """A fiscal year written as a western year (2024 = 令和6年度)."""
    if year not in FISCAL_YEARS:
        raise InvalidValueError(
            field="fiscalYear", label="年度", reason="西暦の年度を入力してください"
        )
    return year


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
