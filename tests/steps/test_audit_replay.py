"""Steps for features/auditor/replay.feature, through the auditor's operations
(`CaseHistory`, `CaseAsOf`) on each store."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from pytest_bdd import given, parsers, scenario, then, when

from api.container import Container
from persistence.settings import Settings
from tests.api.client import running_api
from tests.replay.clock import RecordClock
from tests.steps.api_world import PARTY_KINDS, PARTY_ROLES, World
from tests.support import CHIEF

FEATURE = "auditor/replay.feature"

DAY = r"\d{4}年\d{1,2}月\d{1,2}日"
STATES = {"受付": "INTAKE", "調整中": "COORDINATING"}


def iso(text: str) -> str:
    found = re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日", text)
    assert found is not None, text
    return date(int(found[1]), int(found[2]), int(found[3])).isoformat()


@pytest.fixture
def world(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    with running_api(settings) as api:
        found = World.over(api)
        found.read["clock"] = RecordClock(monkeypatch)
        yield found


def container(world: World) -> Container:
    found: Container = world.api.http.app.state.container
    return found


@scenario(FEATURE, "監査人は案件の記録を記録された順にすべて読める")
def test_the_history_in_stored_order(world: World) -> None:
    """Runs on each store (the `settings` fixture is parametrised)."""


@scenario(FEATURE, "記録日時で見た案件と業務日で見た案件は、後から記録した出来事の分だけ違う")
def test_the_two_time_axes_differ(world: World) -> None:
    """Runs on each store (the `settings` fixture is parametrised)."""


@scenario(FEATURE, "版を指定すると、その版までの記録から案件が読める")
def test_a_case_at_a_version(world: World) -> None:
    """Runs on each store (the `settings` fixture is parametrised)."""


@scenario(FEATURE, "他のセンターのファシリテーターは案件の経緯を読めない")
def test_another_centre_reads_no_history(world: World) -> None:
    """Runs on each store (the `settings` fixture is parametrised)."""


@scenario(FEATURE, "時点は一つだけ指定する")
def test_one_point_in_time_only(world: World) -> None:
    """Runs on each store (the `settings` fixture is parametrised)."""


@scenario(FEATURE, "取り下げられた事例も、公開されていた日の事例集には載っている")
def test_a_withdrawn_case_in_the_library_of_its_days(world: World) -> None:
    """Runs on each store (the `settings` fixture is parametrised)."""


@scenario(FEATURE, "公開される前の日の事例集には、その事例はない")
def test_no_case_in_the_library_before_it_was_published(world: World) -> None:
    """Runs on each store (the `settings` fixture is parametrised)."""


def history(world: World, role: str = "auditor") -> Any:
    return world.api.operation_response(
        "auditor", "CaseHistory", {"number": world.story.number}, role=role
    ).json()


def as_of(world: World, **when: Any) -> Any:
    variables = {"id": world.story.case_id, **when}
    return world.api.operation_response("auditor", "CaseAsOf", variables, "auditor").json()


@given(parsers.re(rf"(?P<on>{DAY})に山口市で「(?P<title>[^」]+)」の相談を受け付けた"))
def _opened(world: World, on: str, title: str) -> None:
    world.open("山口市", title)
    assert iso(on) == "2024-05-01"


@given(parsers.re(rf"(?P<on>{DAY})のヒアリングを記録した"))
def _hearing(world: World, on: str) -> None:
    world.story.step("HoldHearing", {"summary": "活動場所の聞き取り", "occurredOn": iso(on)})


@given(
    parsers.re(
        rf"(?P<on>{DAY})に(?P<kind>NPO法人|企業)「(?P<name>[^」]+)」が(?P<role>\S+)として"
        "参加したことを後から記録した"
    )
)
def _joined_late(world: World, on: str, kind: str, name: str, role: str) -> None:
    party_id = world.story.party(name, PARTY_KINDS[kind])
    world.story.step(
        "JoinParty",
        {"partyId": party_id, "role": PARTY_ROLES[role], "contribution": "", "occurredOn": iso(on)},
    )


@when("監査人が案件番号で記録の一覧を開く")
def _open_history(world: World) -> None:
    body = history(world)
    assert "errors" not in body, body
    world.read["history"] = [e["node"] for e in body["data"]["caseHistory"]["edges"]]


@when("監査人がヒアリングを記録した時点の案件を開く")
def _as_known(world: World) -> None:
    entries = history(world)["data"]["caseHistory"]["edges"]
    hearing = next(e["node"] for e in entries if e["node"]["label"] == "ヒアリング")
    body = as_of(world, recordedAt=hearing["recordedAt"])
    assert "errors" not in body, body
    world.read["recorded"] = body["data"]["caseAsOf"]


@when(parsers.re(rf"監査人が(?P<on>{DAY})の業務日の時点の案件を開く"))
def _as_of_date(world: World, on: str) -> None:
    body = as_of(world, occurredOn=iso(on))
    assert "errors" not in body, body
    world.read["business"] = body["data"]["caseAsOf"]


@when(parsers.re(r"監査人が第(?P<version>\d+)版の案件を開く"))
def _at_version(world: World, version: str) -> None:
    body = as_of(world, version=int(version))
    assert "errors" not in body, body
    world.read["version"] = body["data"]["caseAsOf"]


@when("宇部市のファシリテーターが記録の一覧を開こうとする")
def _other_centre(world: World) -> None:
    world.result = history(world, role="other_facilitator")


@when("監査人が版と業務日の両方を指定して案件を開こうとする")
def _two_axes(world: World) -> None:
    world.result = as_of(world, version=1, occurredOn="2024-05-15")


@then("記録は次の順に並んでいる")
def _in_order(world: World, datatable: list[list[str]]) -> None:
    expected = [[cell.strip() for cell in row] for row in datatable[1:]]
    shown = [[str(e["version"]), e["label"], e["occurredOn"]] for e in world.read["history"]]
    assert shown == expected


@then("どの記録にも記録した人・記録日時・相関ID・経路が添えられている")
def _who_and_when(world: World) -> None:
    for entry in world.read["history"]:
        assert entry["actor"] == {"userId": "fac-yamaguchi-01", "role": "FACILITATOR"}
        assert entry["recordedAt"]
        assert entry["correlationId"]
        assert entry["source"] == "api"


@then(parsers.re(r"記録日時で見た案件には参加団体がなく、状態は「(?P<state>[^」]+)」である"))
def _recorded_view(world: World, state: str) -> None:
    case = world.read["recorded"]
    assert case["axis"] == "RECORDED_AT"
    assert case["versions"] == [1, 2]
    assert case["parties"] == []
    assert case["state"] == STATES[state]


@then(
    parsers.re(
        r"業務日で見た案件には参加団体が(?P<count>\d+)団体あり、状態は「(?P<state>[^」]+)」である"
    )
)
def _business_view(world: World, count: str, state: str) -> None:
    case = world.read["business"]
    assert case["axis"] == "OCCURRED_ON"
    assert case["versions"] == [1, 3]
    assert len(case["parties"]) == int(count)
    assert case["state"] == STATES[state]


@then(parsers.re(r"第(?P<low>\d+)版から第(?P<high>\d+)版までを反映した案件が読める"))
def _versions(world: World, low: str, high: str) -> None:
    case = world.read["version"]
    assert case["versions"] == list(range(int(low), int(high) + 1))
    assert case["version"] == int(high)
    assert case["headVersion"] == 3
    assert case["title"] == "子ども食堂の立ち上げ"


@then(parsers.re(r"「(?P<message>[^」]+)」と伝えられる"))
def _told(world: World, message: str) -> None:
    assert world.result["errors"][0]["message"] == message


@given(parsers.re(rf"成功事例「(?P<title>[^」]+)」を(?P<on>{DAY})に公開した"))
def _published(world: World, title: str, on: str) -> None:
    world.read["clock"].set(date.fromisoformat(iso(on)))
    world.story.publish()
    assert title == "地域ぐるみの子ども食堂"


@given(parsers.re(rf"(?P<on>{DAY})にその公開を取り下げた"))
def _withdrawn(world: World, on: str) -> None:
    world.read["clock"].set(date.fromisoformat(iso(on)))
    ledger = container(world).ledger
    result = ledger.withdraw_success_case(
        CHIEF,
        ledger.find_case(world.story.number),
        reason="内容の見直し",
        occurred_on=date.fromisoformat(iso(on)),
    )
    assert result.position is not None
    assert container(world).projections.wait_for(result.position, 10)


@when(parsers.re(rf"監査人が(?P<on>{DAY})の終わりの成功事例集を「(?P<query>[^」]+)」で検索する"))
def _library_as_of(world: World, on: str, query: str) -> None:
    variables = {"date": iso(on), "query": query}
    world.read["library"] = world.api.operation("auditor", "LibraryAsOf", variables, "auditor")


@then(
    parsers.re(
        r"「(?P<title>[^」]+)」が見つかり、(?P<municipality>\S+?)の事例として"
        r"(?P<count>\d+)件と数えられる"
    )
)
def _found(world: World, title: str, municipality: str, count: str) -> None:
    library = world.read["library"]["libraryAsOf"]
    assert [e["node"]["title"] for e in library["edges"]] == [title]
    counts = {f["label"]: f["count"] for f in library["facets"]["municipality"]}
    assert counts == {municipality: int(count)}


@then("事例は見つからない")
def _none(world: World) -> None:
    library = world.read["library"]["libraryAsOf"]
    assert library["totalCount"] == 0
    assert library["edges"] == []
