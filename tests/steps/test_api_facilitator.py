"""Steps for features/facilitator/daily_logging.feature, through the facilitator's operations."""

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


@scenario(
    "facilitator/daily_logging.feature",
    "相談を受け付けると案件番号が付き、自分のセンターの一覧に載る",
)
def test_opening_numbers_and_lists_the_case(world: World) -> None:
    """Runs on each store (the `settings` fixture is parametrised)."""


@scenario("facilitator/daily_logging.feature", "参加団体が一つだけでは合意を記録できない")
def test_one_party_cannot_agree(world: World) -> None:
    """Runs on each store (the `settings` fixture is parametrised)."""


@scenario("facilitator/daily_logging.feature", "記録した段階が業務日の順に並ぶ")
def test_steps_line_up_by_business_date(world: World) -> None:
    """Runs on each store (the `settings` fixture is parametrised)."""


@scenario("facilitator/daily_logging.feature", "他のセンターの案件は一覧に出ない")
def test_other_centres_cases_stay_hidden(world: World) -> None:
    """Runs on each store (the `settings` fixture is parametrised)."""


@scenario("facilitator/daily_logging.feature", "プロボノの依頼も時系列に並ぶ")
def test_a_pro_bono_request_shows_on_the_timeline(world: World) -> None:
    """Runs on each store (the `settings` fixture is parametrised)."""


@when(parsers.parse("{municipality}で「{title}」の相談を受け付ける"))
@given(parsers.parse("{municipality}で「{title}」の相談を受け付けた"))
def consultation(world: World, municipality: str, title: str) -> None:
    world.open(municipality, title)


@given(parsers.parse("{kind}「{name}」が{role}として参加した"))
def joined(world: World, kind: str, name: str, role: str) -> None:
    world.join(kind, name, role)


@given(parsers.parse("案件に「{skill}」のプロボノを{hours:d}時間依頼した"))
def pro_bono_requested(world: World, skill: str, hours: int) -> None:
    world.story.step("DeclareProBonoNeed", {"skill": skill, "hours": hours, "occurredOn": day(1)})


@when("合意を記録しようとする")
def try_agreement(world: World) -> None:
    world.result = world.story.agree()


@when("案件の時系列を開く")
def open_timeline(world: World) -> None:
    world.read["timeline"] = world.timeline()


@when("宇部市のセンターの協働ファシリテーターが案件一覧を開く")
def other_centre_lists(world: World) -> None:
    world.read["cases"] = world.api.operation("facilitator", "MyCases", role="other_facilitator")


@then(parsers.parse("「{prefix}」で始まる案件番号が付く"))
def numbered(world: World, prefix: str) -> None:
    assert world.story.number.startswith(prefix)


@then(parsers.parse("自分のセンターの案件一覧に「{title}」が載っている"))
def listed(world: World, title: str) -> None:
    edges = world.api.operation("facilitator", "MyCases")["cases"]["edges"]
    assert title in [edge["node"]["title"] for edge in edges]


@then(parsers.parse("「{message}」と伝えられる"))
def told(world: World, message: str) -> None:
    assert world.result["message"] == message


@then(parsers.parse("時系列は「{first}」「{second}」の順に並ぶ"))
def ordered(world: World, first: str, second: str) -> None:
    assert [item["label"] for item in world.read["timeline"]] == [first, second]


@then("どの記録にも記録した人と記録日時が添えられている")
def attributed(world: World) -> None:
    for item in world.read["timeline"]:
        assert item["actor"]["userId"] == "fac-yamaguchi-01"
        assert item["recordedAt"]


@then("案件は一件も載っていない")
def none_listed(world: World) -> None:
    assert world.read["cases"]["cases"]["totalCount"] == 0
