"""Case numbers (`山口-2024-001`): per centre and fiscal year, findable by number."""

from __future__ import annotations

from datetime import date

import pytest

from application.ledger import Ledger
from domain import errors
from domain.values import CommandContext
from tests.support import CHIEF, CaseFixture, context

LATE = context(today=date(2025, 6, 30))


def _open(ledger: Ledger, on: date, centre: str = "yamaguchi", ctx: CommandContext = LATE) -> str:
    given = CaseFixture(ledger, ctx=ctx)
    result = ledger.receive_consultation(
        ctx,
        title="見守り活動の立ち上げ",
        issue_statement="一人暮らしの高齢者が増えている",
        municipality="山口市",
        fields=["保健・医療・福祉"],
        sdgs=[3],
        centre=centre,
        initiating_party_id=given.party("大内地区社会福祉協議会"),
        occurred_on=on,
    )
    assert result.number is not None
    return result.number


def test_the_first_case_of_a_year_is_number_one(memory_ledger: Ledger) -> None:
    assert _open(memory_ledger, date(2024, 5, 1)) == "山口-2024-001"


def test_numbers_count_up_within_a_centre_and_year(memory_ledger: Ledger) -> None:
    _open(memory_ledger, date(2024, 5, 1))

    assert _open(memory_ledger, date(2024, 9, 1)) == "山口-2024-002"


def test_the_31st_of_march_belongs_to_the_previous_fiscal_year(memory_ledger: Ledger) -> None:
    assert _open(memory_ledger, date(2025, 3, 31)) == "山口-2024-001"


def test_the_1st_of_april_starts_a_new_fiscal_year(memory_ledger: Ledger) -> None:
    _open(memory_ledger, date(2025, 3, 31))

    assert _open(memory_ledger, date(2025, 4, 1)) == "山口-2025-001"


def test_each_centre_counts_on_its_own(memory_ledger: Ledger) -> None:
    _open(memory_ledger, date(2024, 5, 1))
    chief = CommandContext(CHIEF.actor, date(2025, 6, 30), "test")

    assert _open(memory_ledger, date(2024, 5, 2), "shunan", chief) == "周南-2024-001"


def test_a_case_is_found_by_its_number(memory_ledger: Ledger) -> None:
    _open(memory_ledger, date(2024, 5, 1))
    number = _open(memory_ledger, date(2024, 6, 1))

    found = memory_ledger.find_case(f" {number} ")

    assert memory_ledger.get_case(found).number == "山口-2024-002"


@pytest.mark.parametrize("key", ["山口-2024-009", "萩-2024-001", "東京-2024-001", "山口2024"])
def test_an_unknown_number_is_not_found(memory_ledger: Ledger, key: str) -> None:
    _open(memory_ledger, date(2024, 5, 1))

    with pytest.raises(errors.CaseNotFoundError) as caught:
        memory_ledger.find_case(key)

    assert caught.value.message == f"案件「{key}」が見つかりません"
