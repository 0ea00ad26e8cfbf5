"""Steps for features/auditor/replaying_history.feature, through the auditor's operations."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from pytest_bdd import given, parsers, scenario, then, when

from persistence.settings import Settings
from tests.api.client import running_api
from tests.steps.api_world import World


@pytest.fixture
def world(settings: Settings) -> Iterator[World]:
    with running_api(settings) as api:
        yield World.over(api)


@scenario("auditor/replaying_history.feature", "監査人はどのセンターの案件の履歴も読める")
def test_an_auditor_reads_any_history(world: World) -> None:
    """Runs on each store (the `settings` fixture is parametrised)."""


@scenario("auditor/replaying_history.feature", "監査人は記録を書き込めない")
def test_an_auditor_writes_nothing(world: World) -> None:
    """Runs on each store (the `settings` fixture is parametrised)."""


@scenario("auditor/replaying_history.feature", "訂正しても元の記録は残る")
def test_a_correction_keeps_the_original(world: World) -> None:
    """Runs on each store (the `settings` fixture is parametrised)."""


def japanese_date(text: str) -> str:
    year, rest = text.split("年")
    month, rest = rest.split("月")
    return date(int(year), int(month), int(rest.rstrip("日"))).isoformat()


@given(parsers.parse("{municipality}で「{title}」の相談を受け付けた"))
def consultation(world: World, municipality: str, title: str) -> None:
    world.open(municipality, title)


@given(parsers.parse("{kind}「{name}」が{role}として参加した"))
def joined(world: World, kind: str, name: str, role: str) -> None:
    world.join(kind, name, role)


@given(parsers.parse("相談受付日を{day}に訂正した"))
def corrected(world: World, day: str) -> None:
    world.story.step(
        "CorrectStep",
        {
            "correctedVersion": 1,
            "changes": {"occurred_on": japanese_date(day)},
            "reason": "受付日の記入誤り",
        },
    )


@when("監査人が案件番号で履歴を開く")
def open_history(world: World) -> None:
    data = world.api.operation(
        "auditor", "AuditHistory", {"number": world.story.number}, role="auditor"
    )
    world.read["history"] = [e["node"] for e in data["case"]["timeline"]["edges"]]


@when("監査人がメモを書き込もうとする")
def auditor_writes(world: World) -> None:
    world.result = world.story.write(
        "AddNote", {"input": {"caseId": world.story.case_id, "text": "監査メモ"}}, role="auditor"
    )


@then(parsers.parse("{count:d}件の記録が記録した人・業務日・記録日時とともに読める"))
def readable(world: World, count: int) -> None:
    history = world.read["history"]
    assert len(history) == count
    for item in history:
        assert item["actor"]["userId"]
        assert item["occurredOn"]
        assert item["recordedAt"]


@then(parsers.parse("「{prefix}」で始まる理由が伝えられる"))
def refused(world: World, prefix: str) -> None:
    assert world.result["message"].startswith(prefix)


@then(parsers.parse("相談受付の業務日は{corrected}で、元の業務日{original}も読める"))
def dates(world: World, corrected: str, original: str) -> None:
    opening = world.read["history"][0]
    assert opening["occurredOn"] == japanese_date(corrected)
    assert opening["originalOccurredOn"] == japanese_date(original)


@then("相談受付の記録に訂正の理由が添えられている")
def reason(world: World) -> None:
    opening = world.read["history"][0]
    assert [c["reason"] for c in opening["corrections"]] == ["受付日の記入誤り"]
