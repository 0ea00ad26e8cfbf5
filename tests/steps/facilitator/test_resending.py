"""Steps for features/facilitator/resending.feature: a step sent again under its key is
recorded once; a used key cannot name another step; keys older than the days kept are
forgotten (never the steps), and fewer than one day is refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
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


@when(
    parsers.re(
        r"(?:(?P<later>\d+)日後に、)?(?P<days>\d+)日より古い再送キーを整理(?P<form>する|しようとする)"
    )
)
def _prune(world: World, later: str | None, days: str, form: str) -> None:
    now = datetime.now(UTC) + timedelta(days=int(later or 0))
    world.attempt(lambda: world.ledger.forget_command_keys(int(days), now=now))
    if form == "する":
        assert world.error is None, world.error


@then("案件の記録は1件も消えていない")
def _nothing_lost(world: World) -> None:
    assert (world.log_length(), world.history_length()) == (world.log_before, world.history_before)


@then(
    parsers.re(
        r"再送キー「(?P<key>[^」]+)」を付けてメモ「(?P<text>[^」]+)」を送ると、"
        r"(?P<outcome>一度目と同じ版が返る|新しい記録になる)"
    )
)
def _sent_again(world: World, key: str, text: str, outcome: str) -> None:
    before = world.history_length()
    _send(world, key, text)
    added = world.history_length() - before
    assert added == (0 if outcome == "一度目と同じ版が返る" else 1)
