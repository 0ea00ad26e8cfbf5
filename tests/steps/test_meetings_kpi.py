"""Steps for features/meetings/kpi_tables.feature (on the embedded SQLite store)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from uuid import UUID

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from application.ledger import Ledger
from domain.commands import DeregisterParty
from domain.errors import DomainError
from domain.party_roster import party_kind as roster_kind
from domain.values import CommandContext
from domain.vocabulary import ActorRole, ClosureResult, PartyKind, PartyRole
from persistence.settings import Settings
from persistence.wiring import build_ledger
from projections.kpi.projection import Kpi
from projections.kpi.queries import KpiReport, KpiRow, KpiScope, kpi_report
from tests.library.readside import ReadSide, read_side
from tests.support import CHIEF, FACILITATOR, CaseFixture, context

scenarios("meetings/kpi_tables.feature")

KPI = Kpi()


@dataclass
class World:
    ledger: Ledger
    side: ReadSide
    cases: list[CaseFixture] = field(default_factory=list)
    table: list[KpiRow] = field(default_factory=list)
    report: KpiReport | None = None
    refusal: DomainError | None = None
    head_before: int | None = None
    parties: dict[str, UUID] = field(default_factory=dict)


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    settings = Settings(data_dir=tmp_path)
    ledger = build_ledger(settings)
    with read_side(ledger, settings, [KPI]) as side:
        yield World(ledger, side)
    ledger.close()


def _open(world: World, city: str, on: date) -> CaseFixture:
    case = CaseFixture(world.ledger)
    case.case_id = world.ledger.receive_consultation(
        FACILITATOR,
        title="子ども食堂の立ち上げ",
        issue_statement="地域の子どもの孤食を減らしたい",
        municipality=city,
        fields=["子どもの健全育成"],
        sdgs=[1],
        centre="yamaguchi",
        initiating_party_id=case.party("こどもの未来"),
        occurred_on=on,
    ).aggregate_id
    world.cases.append(case)
    return case


def _agreed(world: World, city: str, opened: date, agreed: date) -> CaseFixture:
    case = _open(world, city, opened)
    case.join("こどもの未来", role=PartyRole.PROPOSER, on=opened)
    case.join("山口食品株式会社", PartyKind.BUSINESS, on=opened)
    case.agree(on=agreed)
    return case


_DAY = r"(?P<y>\d+)年(?P<m>\d+)月(?P<d>\d+)日"


@given(
    parsers.re(
        rf"(?P<city>.+?)で{_DAY}に受け付けた相談が、(?P<am>\d+)月(?P<ad>\d+)日に合意し、"
        r"ボランティア(?P<v>\d+)人で活動して成功した"
    )
)
def succeeded(world: World, city: str, y: str, m: str, d: str, am: str, ad: str, v: str) -> None:
    case = _agreed(world, city, date(int(y), int(m), int(d)), date(int(y), int(am), int(ad)))
    case.act(volunteers=int(v))
    case.review()
    case.close()


@given(
    parsers.re(
        rf"(?P<city>.+?)で{_DAY}に受け付けた相談が、(?P<am>\d+)月(?P<ad>\d+)日に合意したが、"
        r"中止になった"
    )
)
def discontinued(world: World, city: str, y: str, m: str, d: str, am: str, ad: str) -> None:
    case = _agreed(world, city, date(int(y), int(m), int(d)), date(int(y), int(am), int(ad)))
    case.close(ClosureResult.DISCONTINUED, on=date(int(y), int(am) + 1, 1))


@given(parsers.re(rf"(?P<city>.+?)の(?P<kind>.+?)「(?P<name>.+)」を{_DAY}に団体登録した"))
def group_registered(world: World, city: str, kind: str, name: str, y: str, m: str, d: str) -> None:
    party_kind = roster_kind(kind)
    assert party_kind is not None, kind
    on = date(int(y), int(m), int(d))
    registered = world.ledger.register_party(
        FACILITATOR, kind=party_kind, name=name, municipality=city, occurred_on=on
    )
    world.parties[name] = registered.aggregate_id


@given(parsers.re(rf"「(?P<name>.+)」が{_DAY}に登録を抹消した"))
def group_deregistered(world: World, name: str, y: str, m: str, d: str) -> None:
    left = DeregisterParty(
        party_id=world.parties[name], reason="解散", occurred_on=date(int(y), int(m), int(d))
    )
    world.ledger.handle(FACILITATOR, left)


@given(parsers.re(rf"(?P<city>.+?)で{_DAY}に相談を受け付けた"))
def opened(world: World, city: str, y: str, m: str, d: str) -> None:
    _open(world, city, date(int(y), int(m), int(d)))


@given(
    parsers.re(
        r"統括協働ファシリテーターが(?P<year>\d+)年度の(?P<city>.+?)の「(?P<indicator>.+)」を"
        r"基準値(?P<baseline>\d+)、目標値(?P<target>\d+)と定めた"
    )
)
def target_set(
    world: World, year: str, city: str, indicator: str, baseline: str, target: str
) -> None:
    world.ledger.set_kpi_target(CHIEF, int(year), city, indicator, float(target), float(baseline))


@when(
    parsers.re(
        r"協働ファシリテーターが(?P<year>\d+)年度の(?P<city>.+?)の「(?P<indicator>.+)」の"
        r"目標値を(?P<target>\d+)にしようとする"
    )
)
def facilitator_sets_target(
    world: World, year: str, city: str, indicator: str, target: str
) -> None:
    world.head_before = world.ledger.recorder.max_notification_id()
    try:
        world.ledger.set_kpi_target(FACILITATOR, int(year), city, indicator, float(target))
    except DomainError as refusal:
        world.refusal = refusal


@then(parsers.re(r"「(?P<message>.+)」と伝えられ、目標値は記録されない"))
def refused_target(world: World, message: str) -> None:
    assert world.refusal is not None
    assert world.refusal.message == message
    assert world.refusal.code == "forbidden"
    assert world.ledger.recorder.max_notification_id() == world.head_before


@given(parsers.re(r"活動のボランティア数を(?P<old>\d+)人から(?P<new>\d+)人に訂正した"))
def volunteers_corrected(world: World, old: str, new: str) -> None:
    case = world.cases[0]
    activity = next(
        e for e in world.ledger.case_history(case.id) if type(e).__name__ == "ActivityCarriedOut"
    )
    assert activity.volunteers == int(old)  # type: ignore[attr-defined]
    world.ledger.correct_step(
        FACILITATOR,
        case.id,
        corrected_version=activity.originator_version,
        changes={"volunteers": int(new)},
        reason="集計漏れ",
    )


@when(parsers.re(r"(?P<year>\d+)年度の(?P<city>.+?)の評価指標を見る"))
def look(world: World, year: str, city: str) -> None:
    with world.side.reading(KPI) as (db, tables):
        world.report = kpi_report(db, world.side.dialect, tables, KpiScope(int(year), city))
    world.table = list(world.report.rows)


def _shown(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


@then("評価指標の表は次のとおりである:")
def table_is(world: World, datatable: list[list[str]]) -> None:
    shown = [[r.label, _shown(r.baseline), _shown(r.actual), _shown(r.target)] for r in world.table]
    assert shown == [[cell.strip() for cell in row] for row in datatable[1:]]


@given(parsers.re(r"中止になった案件の完了の区分を「(?P<result>.+)」に訂正した"))
def result_corrected(world: World, result: str) -> None:
    case = world.cases[1]
    closure = next(
        e for e in world.ledger.case_history(case.id) if type(e).__name__ == "CaseClosed"
    )
    world.ledger.correct_step(
        FACILITATOR,
        case.id,
        corrected_version=closure.originator_version,
        changes={"result": result},
        reason="完了の区分の記入誤り",
    )


@given(parsers.re(rf"(?P<city>.+?)で{_DAY}に受け付けた相談が、(?P<n>\d+)件とも取り下げで完了した"))
def withdrawn_cases(world: World, city: str, y: str, m: str, d: str, n: str) -> None:
    for _ in range(int(n)):
        case = _open(world, city, date(int(y), int(m), int(d)))
        case.close(ClosureResult.WITHDRAWN, on=date(int(y), int(m), int(d)))


@given(
    parsers.re(rf"(?P<city>.+?)で{_DAY}に受け付けた相談に(?P<name>.+)が参加し、抜け、再び参加した")
)
def withdrew_and_rejoined(world: World, city: str, y: str, m: str, d: str, name: str) -> None:
    case = _open(world, city, date(int(y), int(m), int(d)))
    party_id = case.join(name, PartyKind.BUSINESS, on=date(2024, 9, 1))
    world.ledger.withdraw_party(
        FACILITATOR, case.id, party_id=party_id, reason="担当者の異動", occurred_on=date(2024, 9, 2)
    )
    case.join(name, PartyKind.BUSINESS, on=date(2024, 9, 3))


@then(parsers.re(r"「(?P<label>.+)」の定義は「(?P<definition>.+)」である"))
def definition_is(world: World, label: str, definition: str) -> None:
    assert {r.label: r.definition for r in world.table}[label] == definition


@then(parsers.re(r"「(?P<label>.+)」の実績値は(?P<value>[\d.]+)である"))
def actual_is(world: World, label: str, value: str) -> None:
    assert {r.label: _shown(r.actual) for r in world.table}[label] == value


def _on(role: ActorRole, y: str, m: str, d: str) -> CommandContext:
    user = "chief-01" if role is ActorRole.CHIEF_FACILITATOR else "fac-yamaguchi-01"
    centre = "pref" if role is ActorRole.CHIEF_FACILITATOR else "yamaguchi"
    return context(role, centre, user, today=date(int(y), int(m), int(d)))


@given(parsers.re(rf"統括協働ファシリテーターが{_DAY}に(?P<year>\d+)年度の実績を確定した"))
def year_closed(world: World, y: str, m: str, d: str, year: str) -> None:
    chief = _on(ActorRole.CHIEF_FACILITATOR, y, m, d)
    world.ledger.close_fiscal_year(chief, fiscal_year=int(year), municipality=None)


@when(parsers.re(rf"統括協働ファシリテーターが{_DAY}に(?P<year>\d+)年度の実績を確定しようとする"))
def closing_tried(world: World, y: str, m: str, d: str, year: str) -> None:
    world.head_before = world.ledger.recorder.max_notification_id()
    try:
        chief = _on(ActorRole.CHIEF_FACILITATOR, y, m, d)
        world.ledger.close_fiscal_year(chief, fiscal_year=int(year), municipality=None)
    except DomainError as refusal:
        world.refusal = refusal


@then(parsers.re(r"「(?P<message>.+)」と伝えられる$"))
def refused(world: World, message: str) -> None:
    assert world.refusal is not None
    assert world.refusal.message == message
    assert world.ledger.recorder.max_notification_id() == world.head_before


@given(parsers.re(rf"成功した案件を{_DAY}に再開した"))
def reopened(world: World, y: str, m: str, d: str) -> None:
    on = date(int(y), int(m), int(d))
    world.ledger.reopen_case(
        _on(ActorRole.FACILITATOR, y, m, d),
        world.cases[0].id,
        reason="活動を続ける",
        occurred_on=on,
    )


@then(
    parsers.re(
        r"「(?P<label>.+)」の実績値は(?P<actual>[-\d.]+)、確定時の値は(?P<reported>[-\d.]+)、"
        r"差は(?P<difference>[-\d.]+)である"
    )
)
def reported_beside(world: World, label: str, actual: str, reported: str, difference: str) -> None:
    row = {r.label: r for r in world.table}[label]
    shown = (_shown(row.actual), _shown(row.reported), _shown(row.difference))
    assert shown == (actual, reported, difference)


@then(parsers.re(r"確定後に実績を変えた記録として「(?P<step>.+)」が示される"))
def later_change_shown(world: World, step: str) -> None:
    assert world.report is not None
    assert [c.step for c in world.report.later_changes] == [step]
