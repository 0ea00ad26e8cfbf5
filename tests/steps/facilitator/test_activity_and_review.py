"""Steps for features/facilitator/activity_and_review.feature."""

from __future__ import annotations

import pytest
from pytest_bdd import parsers, scenarios, then, when

from tests.steps.facilitator.actions import step_date
from tests.steps.facilitator.world import World

scenarios("facilitator/activity_and_review.feature")


@when("参加者数をマイナス1人として活動の実施を記録しようとする")
def _negative_participants(world: World) -> None:
    world.attempt(
        lambda: world.ledger.carry_out_activity(
            world.staff,
            world.case,
            title="食品の仕分け",
            participants=-1,
            occurred_on=step_date(world, None),
        )
    )


@when("議題を書かずに円卓会議を記録しようとする")
def _roundtable_without_agenda(world: World) -> None:
    world.attempt(
        lambda: world.ledger.hold_roundtable(
            world.staff,
            world.case,
            agenda="",
            attendee_count=8,
            occurred_on=step_date(world, None),
        )
    )


@pytest.fixture
def refusals() -> dict[str, str]:
    """What the case refuses as it stands, by the step's label: the refusal's message."""
    return {}


@when("いまの案件が受け付けない手続きを確かめる")
def _ask_refusals(world: World, refusals: dict[str, str]) -> None:
    refusals.clear()
    refusals.update(
        {step.label: error.message for step, error in world.ledger.refused_steps(world.case)}
    )


@then(parsers.parse("「{step}」は「{message}」として受け付けられない"))
def _refused_with(refusals: dict[str, str], step: str, message: str) -> None:
    assert refusals.get(step) == message


@then(parsers.parse("「{step}」は受け付けられない"))
def _refused(refusals: dict[str, str], step: str) -> None:
    assert step in refusals


@then(parsers.parse("「{step}」は受け付けられる"))
def _admitted(refusals: dict[str, str], step: str) -> None:
    assert step not in refusals
