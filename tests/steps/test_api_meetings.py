"""Steps for features/meetings/sharing_at_meetings.feature and following_the_library.feature,
through the meeting's operations and the library's subscription."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pytest_bdd import given, parsers, scenario, then, when

from persistence.settings import Settings
from tests.api.client import running_api
from tests.api.scenario import CaseStory, day, received_at_ube
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


@scenario(
    "meetings/following_up.feature",
    "その市町で事例を横展開元とする相談を受け付けると、横展開は進んだと示される",
)
def test_a_follow_up_is_taken_up_in_its_city(world: World) -> None:
    """Runs on each store (the `settings` fixture is parametrised)."""


@scenario(
    "meetings/following_up.feature", "別の市町で受け付けた相談は、その横展開の進み具合にならない"
)
def test_another_city_does_not_take_it_up(world: World) -> None:
    """Runs on each store (the `settings` fixture is parametrised)."""


@scenario(
    "meetings/following_up.feature",
    "担当するセンターは、自センターが担当する横展開を決めた会議を探せる",
)
def test_the_owning_centre_finds_its_meetings(world: World) -> None:
    """Runs on each store (the `settings` fixture is parametrised)."""


@scenario("meetings/following_up.feature", "まだ会議で共有していない事例だけを探せる")
def test_the_stories_no_meeting_has_shared(world: World) -> None:
    """Runs on each store (the `settings` fixture is parametrised)."""


@scenario("meetings/following_up.feature", "会議は決めた横展開を、理由を記して見送れる")
def test_a_follow_up_is_given_up_with_its_reason(world: World) -> None:
    """Runs on each store (the `settings` fixture is parametrised)."""


@scenario("meetings/following_up.feature", "決めていない横展開は見送れない")
def test_a_follow_up_not_agreed_is_not_given_up(world: World) -> None:
    """Runs on each store (the `settings` fixture is parametrised)."""


@scenario("meetings/following_up.feature", "同じ横展開は二度見送れない")
def test_a_follow_up_is_given_up_once(world: World) -> None:
    """Runs on each store (the `settings` fixture is parametrised)."""


@scenario("meetings/following_up.feature", "会議より前の日付では見送れない")
def test_a_follow_up_is_not_given_up_before_its_meeting(world: World) -> None:
    """Runs on each store (the `settings` fixture is parametrised)."""


@scenario("meetings/following_up.feature", "理由を書かずには見送れない")
def test_a_follow_up_is_given_up_with_a_reason(world: World) -> None:
    """Runs on each store (the `settings` fixture is parametrised)."""


@scenario("meetings/following_up.feature", "未来の日付では見送れない")
def test_a_follow_up_is_not_given_up_in_the_future(world: World) -> None:
    """Runs on each store (the `settings` fixture is parametrised)."""


CENTRES = {"宇部市市民活動センター": "ube", "萩市市民活動センター": "hagi"}


@given("その案件を会議で共有した")
def presented(world: World) -> None:
    present(world)
    assert world.result["__typename"] == "CasePayload", world.result


@given(parsers.parse("{centre}が{municipality}で再現することを決めた"))
def agreed(world: World, centre: str, municipality: str) -> None:
    follow_up(world, centre, municipality)
    assert world.read["followUp"]["__typename"] == "MeetingPayload", world.read["followUp"]


@when(
    parsers.parse(
        "{centre}が{municipality}で「{title}」の相談を、その事例を横展開元として受け付ける"
    )
)
def received_replica(world: World, centre: str, municipality: str, title: str) -> None:
    assert CENTRES[centre] == "ube"
    opened = received_at_ube(world.api, world.story, title, municipality)
    world.read["replica"] = opened


def replications(world: World, role: str) -> list[dict[str, Any]]:
    (agreed,) = follow_ups(world, role)
    taken: list[dict[str, Any]] = agreed["replications"]
    return taken


@then(parsers.parse("{municipality}の横展開に、{centre}の受付が示される"))
def taken_up(world: World, municipality: str, centre: str) -> None:
    (taken,) = replications(world, "meeting")
    assert (taken["centre"], taken["openedOn"]) == (CENTRES[centre], day(200))


@then("監査人には、その受付の案件番号と案件名が示される")
def shown_to_auditors(world: World) -> None:
    (taken,) = replications(world, "auditor")
    assert taken["number"] == world.read["replica"]["number"]
    assert taken["title"]


@then("会議の参加者と山口市のファシリテーターには、その受付の案件番号と案件名は示されない")
def hidden_from_others(world: World) -> None:
    for role in ("meeting", "facilitator"):
        (taken,) = replications(world, role)
        assert (taken["caseId"], taken["number"], taken["title"]) == (None, None, None)


@then("受け付けた案件には、横展開元の事例が示される")
def follows_the_story(world: World) -> None:
    replica = world.read["replica"]["caseId"]
    case = world.api.operation(
        "facilitator", "CaseOverview", {"id": replica}, role="other_facilitator"
    )["case"]
    assert case["replicates"]["number"] == world.story.number


@then(parsers.parse("{municipality}の横展開には、まだ案件がない"))
def not_taken_up(world: World, municipality: str) -> None:
    assert replications(world, "auditor") == []


def meetings_count(world: World, criteria: dict[str, Any]) -> int:
    world.current()
    found = world.api.operation("meeting", "Meetings", {"filter": criteria}, role="meeting")
    count: int = found["meetings"]["totalCount"]
    return count


@then(parsers.parse("{centre}が担当する横展開を決めた会議は{count:d}件である"))
def owned_meetings(world: World, centre: str, count: int) -> None:
    assert meetings_count(world, {"followUpOwner": centre}) == count


@then(parsers.parse("その事例を共有した会議は{count:d}件である"))
def sharing_meetings(world: World, count: int) -> None:
    assert meetings_count(world, {"sharedCase": world.story.case_id}) == count


@when("まだ会議で共有していない事例を探す")
def not_yet_shared(world: World) -> None:
    world.current()
    found = world.api.operation(
        "meeting", "SearchLibrary", {"filter": {"presented": False}}, role="meeting"
    )
    world.read["found"] = [e["node"]["title"] for e in found["successCases"]["edges"]]


@then(parsers.parse("見つかるのは「{title}」の事例だけである"))
def only_found(world: World, title: str) -> None:
    assert world.read["found"] == [title]


DROPPED_ON = day(190)  # the meeting was held on day(170)


def drop(world: World, municipality: str, reason: str, on: str = DROPPED_ON) -> None:
    world.result = world.api.operation(
        "meeting",
        "DropFollowUp",
        {
            "input": {
                "meetingId": world.meeting_id,
                "caseId": world.story.case_id,
                "municipality": municipality,
                "reason": reason,
                "occurredOn": on,
            }
        },
        role="meeting",
    )["dropFollowUp"]


@given(parsers.parse("会議が{municipality}の横展開を「{reason}」として見送った"))
def dropped_before(world: World, municipality: str, reason: str) -> None:
    drop(world, municipality, reason)
    assert world.result["__typename"] == "MeetingPayload", world.result


@when(parsers.parse("会議が{municipality}の横展開を「{reason}」として見送る"))
@when(parsers.parse("会議が{municipality}の横展開を「{reason}」として見送ろうとする"))
def dropping(world: World, municipality: str, reason: str) -> None:
    drop(world, municipality, reason)


@when(parsers.parse("会議が{municipality}の横展開を、{days:d}日後の日付で見送ろうとする"))
def dropping_in_the_future(world: World, municipality: str, days: int) -> None:
    later = datetime.now(ZoneInfo("Asia/Tokyo")).date() + timedelta(days=days)
    world.read["later"] = later.isoformat()
    drop(world, municipality, "見送る", later.isoformat())


@then("未来の日付は記録できないと伝えられる")
def in_the_future(world: World) -> None:
    assert world.result["code"] == "occurred_on_in_future", world.result
    assert world.result["message"] == f"未来の日付（{world.read['later']}）は記録できません"


@when(parsers.parse("会議が{municipality}の横展開を理由を書かずに見送ろうとする"))
def dropping_without_reason(world: World, municipality: str) -> None:
    drop(world, municipality, " ")


@when(parsers.parse("会議が{municipality}の横展開を、会議の前日の日付で見送ろうとする"))
def dropping_too_early(world: World, municipality: str) -> None:
    drop(world, municipality, "見送る", day(169))


def follow_ups(world: World, role: str = "meeting") -> list[dict[str, Any]]:
    """The follow-ups of the scenario's meeting, as `role` reads them once the read models
    caught up."""
    world.current()
    found = world.api.operation("meeting", "Meetings", {}, role=role)["meetings"]["edges"]
    (meeting,) = [e["node"] for e in found if e["node"]["id"] == world.meeting_id]
    agreed: list[dict[str, Any]] = meeting["followUps"]
    return agreed


@then(parsers.parse("{municipality}の横展開は見送られ、「{reason}」と示される"))
def given_up(world: World, municipality: str, reason: str) -> None:
    assert world.result["__typename"] == "MeetingPayload", world.result
    (agreed,) = follow_ups(world)
    assert (agreed["droppedOn"], agreed["dropReason"]) == (DROPPED_ON, reason)


@then("取り決めそのものは会議の記録に残る")
def agreement_kept(world: World) -> None:
    (agreed,) = follow_ups(world)
    assert (agreed["ownerCentre"], agreed["action"]) == ("ube", "宇部市で再現する")


@then("その横展開は見送りを決めた日とともに、すでに見送られていると伝えられる")
def dropped_already(world: World) -> None:
    assert world.result["code"] == "follow_up_already_dropped", world.result
    assert world.result["message"] == f"その横展開は{DROPPED_ON}に見送りが記録されています"


@then("日付が会議の開催日より前だと伝えられる")
def before_the_meeting(world: World) -> None:
    assert world.result["code"] == "date_before_meeting", world.result
    assert world.result["message"] == f"日付（{day(169)}）が会議の開催日（{day(170)}）より前です"
