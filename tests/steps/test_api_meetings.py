"""Steps for features/meetings/sharing_at_meetings.feature, through the meeting's operations."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytest_bdd import given, parsers, scenario, then, when

from persistence.settings import Settings
from tests.api.client import running_api
from tests.api.scenario import day
from tests.steps.api_world import World


@pytest.fixture
def world(settings: Settings) -> Iterator[World]:
    with running_api(settings) as api:
        yield World.over(api)


@scenario("meetings/sharing_at_meetings.feature", "成功事例でない案件は会議で共有できない")
def test_only_success_cases_are_presented(world: World) -> None:
    """Runs on each store (the `settings` fixture is parametrised)."""


@scenario(
    "meetings/sharing_at_meetings.feature", "公開された成功事例を共有し、下関市での横展開を決める"
)
def test_a_presentation_and_a_follow_up_are_recorded(world: World) -> None:
    """Runs on each store (the `settings` fixture is parametrised)."""


@given(parsers.parse("{municipality}で「{title}」の相談を受け付けた"))
def consultation(world: World, municipality: str, title: str) -> None:
    world.open(municipality, title)


@given(parsers.parse("「{title}」が成功事例として公開されている"))
def published(world: World, title: str) -> None:
    world.story.publish()


@given("情報共有・検討会議を開いた")
def meeting_held(world: World) -> None:
    result = world.api.operation(
        "meeting",
        "HoldMeeting",
        {"input": {"title": "情報共有・検討会議", "hostCentre": "pref", "occurredOn": day(170)}},
        role="meeting",
    )["holdMeeting"]
    world.meeting_id = result["meetingId"]


@when("その案件を会議で共有しようとする")
@when("その案件を会議で共有する")
def present(world: World) -> None:
    world.result = world.api.operation(
        "meeting",
        "PresentAtMeeting",
        {"input": {"meetingId": world.meeting_id, "caseId": world.story.case_id}},
        role="meeting",
    )["presentAtMeeting"]


@when(parsers.parse("{centre}が{municipality}で再現することを決める"))
def follow_up(world: World, centre: str, municipality: str) -> None:
    world.read["followUp"] = world.api.operation(
        "meeting",
        "AgreeFollowUp",
        {
            "input": {
                "meetingId": world.meeting_id,
                "caseId": world.story.case_id,
                "municipality": municipality,
                "ownerCentre": centre,
                "action": f"{municipality}で再現する",
            }
        },
        role="meeting",
    )["agreeFollowUp"]


@then(parsers.parse("「{message}」と伝えられる"))
def told(world: World, message: str) -> None:
    assert world.result["message"] == message


@then("会議の記録に共有と横展開の決定が残る")
def recorded(world: World) -> None:
    assert world.result["__typename"] == "CasePayload"
    follow_up = world.read["followUp"]
    assert follow_up["__typename"] == "MeetingPayload", follow_up
    assert follow_up["version"] == 3
