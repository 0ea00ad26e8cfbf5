"""Steps for features/plan_officers/plan_indicators.feature: through the GraphQL API on the
embedded store, the plan indicators and KPI read models kept up to date beside it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pytest_bdd import given, parsers, scenarios, then, when

from api.app import create_app
from api.auth import TokenIssuer
from api.container import Container
from persistence.settings import Settings
from projections.plan_indicators import queries as q
from tests.api.client import SECRET, GraphQLClient
from tests.api.scenario import CaseStory
from tests.support import CHIEF

scenarios("plan_officers/plan_indicators.feature")

CITY = "第二次山口市協働推進プラン後期推進計画"


@dataclass
class World:
    api: GraphQLClient
    container: Container
    indicators: list[dict[str, Any]] = field(default_factory=list)
    refusal: dict[str, Any] | None = None
    positions: list[int] = field(default_factory=list)
    code: str = "KPI-2"


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    container = Container(Settings(data_dir=tmp_path))
    tokens = TokenIssuer(SECRET)
    with TestClient(create_app(container, tokens)) as http:
        yield World(GraphQLClient(http, tokens), container)


def _write(world: World, operation: str, **given: Any) -> dict[str, Any]:
    data = world.api.operation("plan", operation, {"input": {"plan": CITY, **given}}, "chief")
    result: dict[str, Any] = next(iter(data.values()))
    if result["__typename"] == "IndicatorPayload":
        world.positions.append(int(result["position"]))
    return result


def _command(world: World, name: str, **given: Any) -> None:
    """A command through the ledger itself (operations exist only for some of them)."""
    getattr(world.container.ledger, name)(CHIEF, plan=CITY, **given)


@given(
    parsers.re(
        r"計画担当が「(?P<plan>.+)」の評価指標「(?P<code>.+)」を「(?P<name>.+)」"
        r"（単位「(?P<unit>.+)」）と定めた"
    )
)
def defined(world: World, plan: str, code: str, name: str, unit: str) -> None:
    assert plan == CITY
    result = _write(
        world, "DefineIndicator", code=code, name=name, unit=unit, municipality="山口市"
    )
    assert result["__typename"] == "IndicatorPayload", result


@given(
    parsers.re(
        r"基準値を(?P<value>\d+)（(?P<period>.+)）、目標値を(?P<year>\d+)年度に(?P<target>\d+)と定めた"
    )
)
def baseline_and_target(world: World, value: str, period: str, year: str, target: str) -> None:
    _command(world, "set_indicator_baseline", code="KPI-2", value=int(value), period=period)
    _command(world, "set_indicator_target", code="KPI-2", fiscal_year=int(year), value=int(target))


_REPORT = (
    r"(?P<year>\d+)年度の実績値(?P<value>\d+)を「(?P<source>[^」]+)」として"
    r"(?:所見「(?P<commentary>[^」]+)」を添えて)?報告(?:した|し直した)"
)


@given(parsers.re(_REPORT))
def reported(world: World, year: str, value: str, source: str, commentary: str | None) -> None:
    result = _write(
        world, "ReportIndicatorActual", code="KPI-2", fiscalYear=int(year), value=int(value),
        source=source, commentary=commentary or "",
    )  # fmt: skip
    assert result["__typename"] == "IndicatorPayload", result


@given(
    parsers.re(
        r"計画担当が評価指標「(?P<code>.+)」を「(?P<name>.+)」（単位「(?P<unit>.+)」）として"
        r"台帳の「(?P<kpi>.+)」から数えると定めた"
    )
)
def derived(world: World, code: str, name: str, unit: str, kpi: str) -> None:
    result = _write(
        world, "DefineIndicator", code=code, name=name, unit=unit, municipality="山口市",
        derivedFrom=kpi,
    )  # fmt: skip
    assert result["__typename"] == "IndicatorPayload", result


@given(parsers.re(r"山口市の案件に2024年度、2団体が参加した"))
def two_joined(world: World) -> None:
    story = CaseStory(world.api)
    story.open()
    story.join("こどもの未来", role="PROPOSER")
    story.join("山口食品株式会社", "BUSINESS", "VENUE_OR_GOODS")


@given(parsers.re(r"山口市で活動できるプロボノワーカーが2024年度に2人登録し、1人が退会した"))
def two_registered(world: World) -> None:
    story = CaseStory(world.api)
    for person in ("山田 花子", "佐藤 一郎"):
        contact = {"personName": person, "email": "worker@example.jp"}
        party = story.write(
            "RegisterParty",
            {
                "input": {
                    "kind": "PRO_BONO_WORKER", "name": "", "municipality": "山口市",
                    "contact": contact, "occurredOn": "2024-06-01",
                }
            },
        )["partyId"]  # fmt: skip
        joined = story.write(
            "RegisterProBonoWorker",
            {
                "input": {
                    "partyId": party, "skills": ["広報・デザイン"], "municipalities": ["山口市"],
                    "yearsOfExperience": 5, "hoursPerMonth": 8, "occurredOn": "2024-06-10",
                }
            },
        )  # fmt: skip
        assert joined["__typename"] == "PartyPayload", joined
    left = story.write(
        "LeaveProBonoBank", {"input": {"partyId": party, "occurredOn": "2024-09-01"}}
    )
    assert left["__typename"] == "PartyPayload", left


@when(
    parsers.re(
        r"(?P<who>計画担当|協働ファシリテーター)が評価指標「(?P<code>.+)」を"
        r"(?:もう一度)?「(?P<name>.+)」と定めようとする"
    )
)
def define_refused(world: World, who: str, code: str, name: str) -> None:
    role = "chief" if who == "計画担当" else "facilitator"
    given = {"input": {"plan": CITY, "code": code, "name": name, "unit": "人"}}
    data = world.api.operation("plan", "DefineIndicator", given, role)
    world.refusal = next(iter(data.values()))


@when(parsers.re(r"「(?P<code>.+)」の(?P<year>\d+)年度の実績値(?P<value>\d+)を報告しようとする"))
def report_refused(world: World, code: str, year: str, value: str) -> None:
    result = _write(
        world, "ReportIndicatorActual", code=code, fiscalYear=int(year), value=int(value),
        source="集計",
    )  # fmt: skip
    world.refusal = result


def _look(world: World, **variables: Any) -> None:
    found = world.api.operation("plan", "PlanIndicators", {"plan": CITY, **variables}, "meeting")
    world.indicators = found["planIndicators"]["indicators"]


@when("評価指標の表を見る")
def look(world: World) -> None:
    _look(world)


@when("最初の報告の時点の評価指標の表を見る")
def look_then(world: World) -> None:
    """The read model as it stood at the first report's position (a past day reads the
    same way through `asOf`, which maps the day's end to a position)."""
    store = world.container.read_store
    first_report = world.positions[1]
    with store.reading() as db:
        tables = store.tables("plan_indicators", db)
        entries = q.plan_indicators(db, store.dialect, tables, CITY, at=first_report)
    world.indicators = [
        {
            "code": e.code,
            "years": [
                {"fiscalYear": y.fiscal_year, "actual": y.actual, "source": y.source}
                for y in e.years
            ],
        }
        for e in entries
    ]


def _indicator(world: World, code: str) -> dict[str, Any]:
    return next(i for i in world.indicators if i["code"] == code)


def _shown(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


@then(parsers.re(r"「(?P<code>.+)」の実績値は次のとおりである:"))
def years_are(world: World, code: str, datatable: list[list[str]]) -> None:
    shown = [
        [y["fiscalYearLabel"], _shown(y["actual"]), y["source"], y["commentary"]]
        for y in _indicator(world, code)["years"]
    ]
    assert shown == [[cell.strip() for cell in row] for row in datatable[1:]]


@then(parsers.re(r"「(?P<code>.+)」の目標への進み具合は(?P<progress>[\d.]+)%である"))
def progress_is(world: World, code: str, progress: str) -> None:
    assert _indicator(world, code)["progress"] == float(progress)


@then(
    parsers.re(
        r"「(?P<code>.+)」の(?P<year>\d+)年度の実績値は(?P<value>\d+)で、"
        r"出典は「(?P<source>.+)」である"
    )
)
def year_is(world: World, code: str, year: str, value: str, source: str) -> None:
    years = {y["fiscalYear"]: y for y in _indicator(world, code)["years"]}
    assert (_shown(years[int(year)]["actual"]), years[int(year)]["source"]) == (value, source)


@then(parsers.re(r"「(?P<message>.+)」と伝えられる"))
def refused(world: World, message: str) -> None:
    assert world.refusal is not None
    assert world.refusal["message"] == message
