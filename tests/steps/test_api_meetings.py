"""Steps for features/meetings/sharing_at_meetings.feature and following_the_library.feature,
through the meeting's operations and the library's subscription."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pytest_bdd import given, parsers, scenario, then, when

from persistence.settings import Settings
from tests.api.client import running_api
from tests.api.scenario import CaseStory, day
from tests.api.test_subscriptions import LIBRARY, PROTOCOL, subscribe
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


@scenario(
    "meetings/following_the_library.feature",
    "位置0の続きから受け取ると、購読の前に公開された事例も届く",
)
def test_the_library_is_followed_from_position_zero(world: World) -> None:
    """Runs on each store (the `settings` fixture is parametrised)."""


@scenario(
    "meetings/following_the_library.feature",
    "最後に受け取った位置の続きからは、同じ更新は二度届かない",
)
def test_the_library_resumes_without_repeating(world: World) -> None:
    """Runs on each store (the `settings` fixture is parametrised)."""


@scenario("meetings/following_the_library.feature", "負の位置の続きからは受け取れない")
def test_a_negative_position_is_refused(world: World) -> None:
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


def _first_update(world: World, after: int) -> dict[str, Any]:
    """The first message of a library subscription from `after` (an item or the errors)."""
    with world.api.http.websocket_connect("/graphql", subprotocols=PROTOCOL) as ws:
        subscribe(ws, world.api.token("meeting"), LIBRARY, {"after": after})
        message: dict[str, Any] = ws.receive_json()
        ws.send_json({"id": "1", "type": "complete"})
    return message


@given(parsers.re(r"事例集の更新を位置(?P<after>-?\d+)の続きから受け取った"))
@when(parsers.re(r"事例集の更新を位置(?P<after>-?\d+)の続きから受け取(?:る|ろうとする)"))
def follow_library(world: World, after: str) -> None:
    payload = _first_update(world, int(after))["payload"]
    if payload.get("errors"):
        [error] = payload["errors"]
        assert error["extensions"]["code"] == "BAD_USER_INPUT", error
        world.result = error
    else:
        world.read["update"] = payload["data"]["libraryUpdated"]


@when("事例集の更新を最後に受け取った位置の続きから受け取る")
def follow_library_again(world: World) -> None:
    after = world.read["update"]["position"]
    world.read["next"] = next_item_after(world, after)


def next_item_after(world: World, after: int) -> dict[str, Any]:
    message = _first_update(world, after)
    assert message["type"] == "next", message
    assert not message["payload"].get("errors"), message
    update: dict[str, Any] = message["payload"]["data"]["libraryUpdated"]
    return update


@given(parsers.parse("{municipality}で「{title}」が成功事例として公開された"))
def another_published(world: World, municipality: str, title: str) -> None:
    story = CaseStory(world.api)
    story.open(title, municipality)
    story.publish(title)


@then(parsers.parse("「{title}」の公開が届く"))
def update_arrived(world: World, title: str) -> None:
    update = world.read["update"]
    assert (update["change"], update["successCase"]["title"]) == ("PUBLISHED", title)
    assert update["position"] > 0


@then(parsers.parse("最初に届くのは「{title}」の公開である"))
def next_update_is(world: World, title: str) -> None:
    first, then = world.read["update"], world.read["next"]
    assert (then["change"], then["successCase"]["title"]) == ("PUBLISHED", title)
    assert then["position"] > first["position"]
