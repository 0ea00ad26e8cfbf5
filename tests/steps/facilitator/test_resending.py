"""Steps for features/facilitator/resending.feature: a step sent again under its key is
recorded once; a used key cannot name another step."""

from __future__ import annotations

from typing import Any

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from application.ledger import CommandResult
from domain.commands.case import AddNote
from tests.steps.facilitator.actions import run
from tests.steps.facilitator.world import World

scenarios("facilitator/resending.feature")

KEYED = r"(?:再送キー「(?P<key>[^」]+)」を付けて|再送キーを付けずに)メモ「(?P<text>[^」]+)」を"


@pytest.fixture
def answers() -> list[CommandResult]:
    return []


def _send(world: World, key: str | None, text: str) -> CommandResult:
    return world.ledger.handle(world.staff, AddNote(case_id=world.case, text=text), key=key)


@given(parsers.re(KEYED + r"(?P<form>記録した|記録しようとする)"))
@when(parsers.re(KEYED + r"(?P<form>記録した|記録しようとする)"))
def _once(world: World, key: str | None, text: str, form: str) -> None:
    run(world, form, lambda: _send(world, key, text))


@when(parsers.re(KEYED + r"二度送る"))
def _twice(world: World, answers: list[Any], key: str | None, text: str) -> None:
    world.attempt(lambda: answers.extend(_send(world, key, text) for _ in range(2)))


@then("二度目の送信には一度目と同じ版が返る")
def _same_answer(answers: list[CommandResult]) -> None:
    first, second = answers
    assert second == first
