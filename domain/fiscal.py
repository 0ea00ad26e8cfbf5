"""Japan's fiscal year (年度, 1 April – 31 March) and Japanese era (和暦) display."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date


def fiscal_year(on: date) -> int:
    """The fiscal year a date falls in: 2025-03-31 is in 2024年度, 2025-04-01 in 2025年度."""
    return on.year if on.month >= 4 else on.year - 1


def fiscal_year_bounds(year: int) -> tuple[date, date]:
    """First and last day of a fiscal year, both inclusive."""
    return date(year, 4, 1), date(year + 1, 3, 31)


@dataclass(frozen=True)
class Era:
    name: str
    romaji: str
    starts_on: date


ERAS: tuple[Era, ...] = (
    Era("令和", "Reiwa", date(2019, 5, 1)),
    Era("平成", "Heisei", date(1989, 1, 8)),
    Era("昭和", "Showa", date(1926, 12, 25)),
)


def _era_on(on: date) -> Era:
    for era in ERAS:
        if on >= era.starts_on:
            return era
    raise ValueError(f"和暦に対応していない日付です: {on.isoformat()}")


def _era_year(number: int) -> str:
    return "元" if number == 1 else str(number)


def wareki(on: date) -> str:
    """A date in the Japanese calendar.

    2019-04-30 → 平成31年4月30日, 2019-05-01 → 令和元年5月1日.
    """
    era = _era_on(on)
    number = on.year - era.starts_on.year + 1
    return f"{era.name}{_era_year(number)}年{on.month}月{on.day}日"


def japanese_date(on: date) -> str:
    """A date as Japanese sentences write it: 2025-02-10 → 2025年2月10日."""
    return f"{on.year}年{on.month}月{on.day}日"


def fiscal_year_label(year: int, *, japanese_era: bool = False) -> str:
    """`2024年度`, or with the era `令和6年度`.

    A fiscal year takes the latest era that began in its calendar year or before, which
    gives the names in official use: 2019年度 is 令和元年度, 1988年度 is 昭和63年度.
    """
    if not japanese_era:
        return f"{year}年度"
    era = next((e for e in ERAS if e.starts_on.year <= year), None)
    if era is None:
        raise ValueError(f"和暦に対応していない年度です: {year}")
    return f"{era.name}{_era_year(year - era.starts_on.year + 1)}年度"


def both_calendars(year: int) -> str:
    """`令和6年度（2024年度）`: the era first, as public reports print it; the western year
    alone before the eras kyodo knows."""
    western = fiscal_year_label(year)
    try:
        return f"{fiscal_year_label(year, japanese_era=True)}（{western}）"
    except ValueError:
        return western


_ERA_INITIALS = {"R": "令和", "H": "平成", "S": "昭和"}
_WESTERN = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_ERA_DATE = re.compile(
    r"(令和|平成|昭和|[RHS])\s*(元|\d{1,2})\s*[年.]\s*(\d{1,2})\s*[月.]\s*(\d{1,2})\s*日?"
)


def date_written(text: str) -> date | None:
    """A date as Japanese documents and spreadsheets write it — 2024-04-01, 2024/4/1,
    2024年4月1日, 令和6年4月1日, 令和元年5月1日, R6.4.1 — or None when the text is none of
    these or no such day exists (a day before its era began included)."""
    written = unicodedata.normalize("NFKC", text).strip().upper()
    western = _WESTERN.fullmatch(written)
    era_date = _ERA_DATE.fullmatch(written)
    try:
        if western:
            return date(int(western[1]), int(western[2]), int(western[3]))
        if era_date:
            name = _ERA_INITIALS.get(era_date[1], era_date[1])
            era = next(e for e in ERAS if e.name == name)
            number = 1 if era_date[2] == "元" else int(era_date[2])
            on = date(era.starts_on.year + number - 1, int(era_date[3]), int(era_date[4]))
            return on if on >= era.starts_on else None
    except ValueError:  # 2024-02-30 and the like
        return None
    return None
