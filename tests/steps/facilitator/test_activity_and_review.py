"""Steps for features/facilitator/activity_and_review.feature."""

from __future__ import annotations

from pytest_bdd import scenarios, when

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
