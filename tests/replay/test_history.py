"""`caseHistory` and `kyodo audit history`: every stored event of a case in stored order,
with who recorded it, when it happened and when it was recorded; paged by version."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from domain.values import ContactDetails
from domain.vocabulary import PartyKind, PartyRole
from persistence.settings import Settings
from persistence.wiring import build_ledger
from tests.api.client import GraphQLClient, running_api
from tests.cli.conftest import Kyodo, one_line_error, settings_env
from tests.support import OPENED_ON, CaseFixture

HISTORY = """
query($id: ID, $number: String, $first: Int, $after: String, $last: Int, $before: String) {
  caseHistory(id: $id, number: $number, first: $first, after: $after, last: $last,
              before: $before) {
    totalCount number
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { version step topic label summary occurredOn recordedAt
                          actor { userId role } correlationId source details } }
  }
}"""


@pytest.fixture
def api(settings: Settings) -> Iterator[tuple[GraphQLClient, CaseFixture]]:
    with running_api(settings) as client:
        fixture = CaseFixture(client.http.app.state.container.ledger)
        fixture.through_success()
        yield client, fixture


def versions(data: dict[str, Any]) -> list[int]:
    return [e["node"]["version"] for e in data["caseHistory"]["edges"]]


def test_every_event_with_its_who_and_when(api: tuple[GraphQLClient, CaseFixture]) -> None:
    client, _ = api
    data = client.run(HISTORY, {"number": "山口-2024-001"}, role="auditor")
    history = data["caseHistory"]
    assert history["totalCount"] == 7
    assert versions(data) == list(range(1, 8))
    opening = history["edges"][0]["node"]
    assert opening["step"] == "ConsultationReceived"
    assert opening["topic"] == "kyodo:Case.ConsultationReceived"
    assert opening["label"] == "相談受付"
    assert opening["summary"] == "相談を受け付けました（子ども食堂の立ち上げ）"
    assert opening["occurredOn"] == "2024-05-01"
    assert opening["actor"] == {"userId": "fac-yamaguchi-01", "role": "FACILITATOR"}
    assert opening["correlationId"] == "test"
    assert opening["source"] == "cli"


def test_pages_forwards_and_backwards(api: tuple[GraphQLClient, CaseFixture]) -> None:
    client, fixture = api
    first = client.run(HISTORY, {"id": str(fixture.id), "first": 3}, role="auditor")
    assert versions(first) == [1, 2, 3]
    assert first["caseHistory"]["pageInfo"]["hasNextPage"] is True
    after = first["caseHistory"]["pageInfo"]["endCursor"]
    second = client.run(HISTORY, {"id": str(fixture.id), "first": 10, "after": after}, "auditor")
    assert versions(second) == [4, 5, 6, 7]
    assert second["caseHistory"]["pageInfo"]["hasNextPage"] is False
    assert second["caseHistory"]["pageInfo"]["hasPreviousPage"] is True
    before = second["caseHistory"]["pageInfo"]["startCursor"]
    back = client.run(HISTORY, {"id": str(fixture.id), "last": 2, "before": before}, "auditor")
    assert versions(back) == [2, 3]
    assert back["caseHistory"]["pageInfo"]["hasPreviousPage"] is True


def test_a_bad_cursor_is_the_callers_mistake(api: tuple[GraphQLClient, CaseFixture]) -> None:
    client, fixture = api
    body = client.post(HISTORY, {"id": str(fixture.id), "after": "??"}, role="auditor").json()
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("auditor", True),
        ("chief", True),
        ("facilitator", True),
        ("other_facilitator", False),
        ("meeting", False),
    ],
)
def test_who_reads_a_history(
    api: tuple[GraphQLClient, CaseFixture], role: str, allowed: bool
) -> None:
    client, fixture = api
    body = client.post(HISTORY, {"id": str(fixture.id)}, role=role).json()
    if allowed:
        assert "errors" not in body
        assert body["data"]["caseHistory"]["totalCount"] == 7
    else:
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_an_unknown_case_has_no_history(api: tuple[GraphQLClient, CaseFixture]) -> None:
    client, _ = api
    data = client.run(HISTORY, {"number": "山口-2024-999"}, role="auditor")
    assert data["caseHistory"] is None


def test_the_command_prints_a_table_and_json_lines(settings: Settings) -> None:
    ledger = build_ledger(settings)
    try:
        CaseFixture(ledger).through_success()
    finally:
        ledger.close()
    kyodo = Kyodo(settings_env(settings))
    table = kyodo("audit", "history", "山口-2024-001")
    assert table.exit_code == 0, table.output
    lines = table.stdout.splitlines()
    assert lines[0].split()[:3] == ["版", "種類", "業務日"]
    assert len(lines) == 8
    assert "fac-yamaguchi-01（協働ファシリテーター）" in lines[1]
    assert "相談を受け付けました（子ども食堂の立ち上げ）" in lines[1]
    assert "こどもの未来が提案者として参加しました" in lines[2]
    as_json = kyodo("audit", "history", "山口-2024-001", "--json")
    records = [json.loads(line) for line in as_json.stdout.splitlines()]
    assert [r["version"] for r in records] == list(range(1, 8))
    assert records[-1]["step"] == "CaseClosed"
    assert records[-1]["actor_role"] == "facilitator"
    assert records[0]["occurred_on"] == "2024-05-01"


def test_the_command_refuses_an_unknown_case_in_one_line(settings: Settings) -> None:
    kyodo = Kyodo(settings_env(settings))
    line = one_line_error(kyodo("audit", "history", "山口-2024-999"))
    assert "case_not_found" in line


def test_a_pro_bono_workers_own_name_is_never_shown(settings: Settings) -> None:
    ledger = build_ledger(settings)
    try:
        fixture = CaseFixture(ledger)
        fixture.open()
        worker = ledger.register_party(
            fixture.ctx,
            kind=PartyKind.PRO_BONO_WORKER,
            name="会計の専門家",
            municipality="山口市",
            contact=ContactDetails(person_name="山田 花子"),
            occurred_on=OPENED_ON,
        ).aggregate_id
        ledger.join_party(
            fixture.ctx,
            fixture.id,
            party_id=worker,
            role=PartyRole.EXPERTISE,
            contribution="会計",
            occurred_on=OPENED_ON,
        )
    finally:
        ledger.close()
    output = Kyodo(settings_env(settings))("audit", "history", "山口-2024-001", "--json").stdout
    assert "山田" not in output
    assert "プロボノワーカー（個人）が専門知識・プロボノとして参加しました" in output
