"""Steps for features/facilitator/success_case.feature."""

from __future__ import annotations

from pytest_bdd import parsers, scenarios, then, when

from domain.case import Case
from tests.steps.facilitator.actions import step_date, story
from tests.steps.facilitator.world import World

scenarios("facilitator/success_case.feature")


@when(parsers.re(r"統括協働ファシリテーターが「(?P<name>[^」]+)」も載せて公開しようとする"))
def _publish_with_outsider(world: World, name: str) -> None:
    chief = world.as_("統括協働ファシリテーター")
    world.attempt(
        lambda: world.ledger.publish_success_case(
            chief, world.case, story=story(world, (name,)), occurred_on=step_date(world, None)
        )
    )


@then("承認者として統括協働ファシリテーターが記録される")
def _approved_by_chief(world: World) -> None:
    published = world.ledger.case_history(world.case)[-1]
    assert isinstance(published, Case.SuccessCasePublished)
    assert published.approved_by == world.as_("統括協働ファシリテーター").actor.user_id
