"""Steps for features/facilitator/case_number.feature."""

from __future__ import annotations

import pytest
from pytest_bdd import parsers, scenarios, then, when

from domain.fiscal import fiscal_year_label, wareki
from tests.steps.facilitator.world import DAY, World, day

scenarios("facilitator/case_number.feature")


@pytest.fixture
def shown() -> list[str]:
    return []


@when(parsers.re(r"「(?P<number>[^」]+)」で案件を探す"))
def _find(world: World, number: str) -> None:
    def command() -> None:
        world.case_id = world.ledger.find_case(number)

    world.attempt(command)


@then(parsers.re(r"「(?P<title>[^」]+)」の案件が見つかる"))
def _found(world: World, title: str) -> None:
    assert world.error is None, world.error
    assert world.case == world.cases[title]
    assert world.ledger.get_case(world.case).title == title


@when(parsers.re(r"(?P<year>\d{4})年度を和暦で表示する"))
def _fiscal_label(shown: list[str], year: str) -> None:
    shown.append(fiscal_year_label(int(year), japanese_era=True))


@when(parsers.re(rf"(?P<on>{DAY})を和暦で表示する"))
def _wareki(shown: list[str], on: str) -> None:
    shown.append(wareki(day(on)))


@then(parsers.re(r"「(?P<label>[^」]+)」と表示される"))
def _shown(shown: list[str], label: str) -> None:
    assert shown == [label]
