"""年度 (1 April – 31 March) and 和暦 at their boundaries."""

from __future__ import annotations

from datetime import date

import pytest

from domain.fiscal import fiscal_year, fiscal_year_bounds, fiscal_year_label, japanese_date, wareki


@pytest.mark.parametrize(
    ("on", "year"),
    [
        (date(2025, 3, 31), 2024),
        (date(2025, 4, 1), 2025),
        (date(2024, 12, 31), 2024),
        (date(2025, 1, 1), 2024),
    ],
)
def test_fiscal_year_of_a_date(on: date, year: int) -> None:
    assert fiscal_year(on) == year


def test_fiscal_year_bounds_are_inclusive() -> None:
    assert fiscal_year_bounds(2024) == (date(2024, 4, 1), date(2025, 3, 31))


def test_fiscal_year_2024_spans_a_leap_day() -> None:
    start, end = fiscal_year_bounds(2023)

    assert start <= date(2024, 2, 29) <= end


@pytest.mark.parametrize(
    ("on", "label"),
    [
        (date(2019, 4, 30), "平成31年4月30日"),
        (date(2019, 5, 1), "令和元年5月1日"),
        (date(2020, 1, 1), "令和2年1月1日"),
        (date(1989, 1, 7), "昭和64年1月7日"),
        (date(1989, 1, 8), "平成元年1月8日"),
    ],
)
def test_wareki_at_era_boundaries(on: date, label: str) -> None:
    assert wareki(on) == label


def test_wareki_refuses_dates_before_showa() -> None:
    with pytest.raises(ValueError, match="和暦"):
        wareki(date(1926, 12, 24))


@pytest.mark.parametrize(
    ("year", "label"),
    [
        (2019, "令和元年度"),
        (2018, "平成30年度"),
        (2024, "令和6年度"),
        (1988, "昭和63年度"),
        (1989, "平成元年度"),
    ],
)
def test_fiscal_year_label_in_the_japanese_era(year: int, label: str) -> None:
    assert fiscal_year_label(year, japanese_era=True) == label


def test_fiscal_year_label_in_the_western_calendar() -> None:
    assert fiscal_year_label(2024) == "2024年度"


def test_a_date_as_japanese_sentences_write_it() -> None:
    assert japanese_date(date(2025, 2, 10)) == "2025年2月10日"
    assert japanese_date(date(2026, 12, 31)) == "2026年12月31日"
