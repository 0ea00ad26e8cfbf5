"""Steps for features/facilitator/attention.feature: cases recorded through the ledger, the
attention list read through the facilitators' GraphQL operation (embedded store)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from pytest_bdd import given, parsers, scenarios, then, when
from starlette.testclient import TestClient

from api.app import create_app
from api.auth import TokenIssuer
from api.container import Container
from application.ledger import Ledger
from domain.values import Outcome, RoleAssignment
from domain.vocabulary import CollaborationForm, PartyKind, PartyRole, ReviewKind
from persistence.settings import Settings
from persistence.wiring import build_ledger
from tests.api.client import SECRET, GraphQLClient
from tests.support import OPENED_ON, context

scenarios("facilitator/attention.feature")

DAY = r"(?P<on>\d{4}年\d{1,2}月\d{1,2}日)"
CENTRES = {"山口市": "yamaguchi", "宇部市": "ube"}


def day(text: str) -> date:
    year, month, dom = (int(n) for n in re.findall(r"\d+", text))
    return date(year, month, dom)


@dataclass
class Desk:
    """A facilitator's desk: the ledger they record in, the list they read."""

    settings: Settings
    ledger: Ledger
    today: date = OPENED_ON
    case_id: UUID | None = None
    parties: dict[str, UUID] = field(default_factory=dict)
    found: list[dict[str, Any]] = field(default_factory=list)
    response: Any = None

    def ctx(self, centre: str = "yamaguchi") -> Any:
        return context(centre=centre, user_id=f"fac-{centre}-01", today=self.today)

    @property
    def id(self) -> UUID:
        assert self.case_id is not None
        return self.case_id

    def party(self, name: str, kind: PartyKind) -> UUID:
        if name not in self.parties:
            self.parties[name] = self.ledger.register_party(
                self.ctx(),
                kind=kind,
                name=name,
                municipality="山口市",
                publication_consent=True,
                occurred_on=date(2024, 4, 1),
            ).aggregate_id
        return self.parties[name]

    def attention_list(self, role: str) -> Any:
        tokens = TokenIssuer(SECRET)
        container = Container(self.settings)
        with TestClient(create_app(container, tokens)) as client:
            head = self.ledger.recorder.max_notification_id() or 0
            assert container.projections.wait_for(head, 10.0)
            api = GraphQLClient(client, tokens)
            variables = {"asOf": self.today.isoformat()}
            return api.operation_response("facilitator", "AttentionList", variables, role)


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    settings = Settings(data_dir=tmp_path)
    ledger = build_ledger(settings)
    yield Desk(settings, ledger)
    ledger.close()


@given(parsers.re(rf"今日は{DAY}である"))
def today_is(desk: Desk, on: str) -> None:
    desk.today = day(on)


@given(parsers.re(rf"{DAY}に(?P<city>\S+?)で「(?P<title>.+)」の相談を受け付けた"))
def consultation(desk: Desk, on: str, city: str, title: str) -> None:
    centre = CENTRES[city]
    desk.case_id = desk.ledger.receive_consultation(
        desk.ctx(centre),
        title=title,
        issue_statement="地域の課題を解決したい",
        municipality=city,
        fields=["まちづくり"],
        sdgs=[11],
        centre=centre,
        initiating_party_id=desk.party("こどもの未来", PartyKind.NPO_CORPORATION),
        occurred_on=day(on),
    ).aggregate_id


@given(parsers.re(rf"{DAY}の円卓会議で、次の行動を「(?P<actions>.+)」と決めた"))
def roundtable(desk: Desk, on: str, actions: str) -> None:
    desk.ledger.hold_roundtable(
        desk.ctx(), desk.id, agenda="進め方", next_actions=actions, occurred_on=day(on)
    )


@given(parsers.re(rf"{DAY}に、(?:(?P<end>\d{{4}}年\d{{1,2}}月\d{{1,2}}日)までの)?協働に合意した"))
def agreed(desk: Desk, on: str, end: str | None) -> None:
    joined = day(on) - timedelta(days=1)
    for name, kind in (
        ("こどもの未来", PartyKind.NPO_CORPORATION),
        ("山口食品株式会社", PartyKind.BUSINESS),
    ):
        party_id = desk.party(name, kind)
        desk.ledger.join_party(
            desk.ctx(),
            desk.id,
            party_id=party_id,
            role=PartyRole.PARTNER,
            contribution="協力",
            occurred_on=joined,
        )
    roles = [RoleAssignment(p, PartyRole.PARTNER) for p in desk.parties.values()]
    desk.ledger.reach_agreement(
        desk.ctx(),
        desk.id,
        roles=roles,
        period_start=day(on),
        period_end=day(end) if end else None,
        form=CollaborationForm.BUSINESS_COOPERATION,
        occurred_on=day(on),
    )


@given(parsers.re(rf"{DAY}に活動を実施した"))
def activity(desk: Desk, on: str) -> None:
    desk.ledger.carry_out_activity(
        desk.ctx(), desk.id, title="第1回", participants=20, volunteers=3, occurred_on=day(on)
    )


@when(parsers.re(rf"{DAY}に振り返りを記録した"))
def review(desk: Desk, on: str) -> None:
    desk.ledger.conduct_review(
        desk.ctx(),
        desk.id,
        kind=ReviewKind.SELF,
        summary="目標どおり",
        outcomes=[Outcome("参加者数", actual=20, target=20, unit="人")],
        occurred_on=day(on),
    )


@when("要対応リストを開く")
def open_list(desk: Desk) -> None:
    response = desk.attention_list("facilitator")
    assert "errors" not in response.json(), response.json()
    desk.found = response.json()["data"]["attentionList"]


@when("監査人が要対応リストを開こうとする")
def auditor_opens(desk: Desk) -> None:
    desk.response = desk.attention_list("auditor")


def _labels(desk: Desk, title: str) -> list[str]:
    item = next(i for i in desk.found if i["title"] == title)
    return [r["label"] for r in item["reasons"]]


@then(parsers.parse("「{title}」が「{label}」として載っている"))
def listed(desk: Desk, title: str, label: str) -> None:
    assert label in _labels(desk, title)


@then(parsers.parse("その理由には「{text}」と書かれている"))
def reason_says(desk: Desk, text: str) -> None:
    messages = [r["message"] for i in desk.found for r in i["reasons"]]
    assert any(text in m for m in messages), messages


@then("要対応の案件はない")
def nothing_due(desk: Desk) -> None:
    assert desk.found == []


@then(parsers.parse("「{message}」と伝えられる"))
def told(desk: Desk, message: str) -> None:
    assert desk.response.json()["errors"][0]["message"] == message
