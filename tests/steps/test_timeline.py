"""Steps for features/facilitator/timeline.feature: the case's timeline as the read model
shows it (ledger and read models on an SQLite file, projections run after each step)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from application.ledger import Ledger
from domain.values import ContactDetails
from domain.vocabulary import PartyKind, PartyRole
from persistence.settings import Settings
from persistence.wiring import build_ledger
from projections.engine.service import ProjectionService
from projections.engine.store import ReadStore
from projections.timeline.queries import TimelineEntry, TimelineQueries
from projections.timeline.summaries import STEP_LABELS
from projections.wiring import build_service, build_store
from tests.support import FACILITATOR, CaseFixture

scenarios("facilitator/timeline.feature")

DAY = r"\d{4}年\d{1,2}月\d{1,2}日"
KINDS = {"事業者": PartyKind.BUSINESS, "NPO法人": PartyKind.NPO_CORPORATION}
ROLES = {role.ja: role for role in PartyRole}
FACILITATORS = {"山口市のファシリテーター": FACILITATOR.actor.user_id}


def day(text: str) -> date:
    found = re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日", text)
    assert found is not None, text
    return date(int(found[1]), int(found[2]), int(found[3]))


@dataclass
class Timeline:
    ledger: Ledger
    store: ReadStore
    service: ProjectionService
    case: CaseFixture
    entries: list[TimelineEntry] = field(default_factory=list)
    pages: int = 0

    def read(self, page_size: int = 100) -> None:
        self.service.run_until_caught_up()
        queries = TimelineQueries(self.store)
        self.entries, self.pages, after = [], 0, None
        while True:
            page = queries.entries(str(self.case.id), first=page_size, after=after)
            self.entries += page.entries
            self.pages += 1
            if not page.has_next_page:
                return
            after = page.end_cursor

    def step(self, label: str) -> TimelineEntry:
        found = [e for e in self.entries if e.step_label == label]
        assert len(found) == 1, f"「{label}」の記録が{len(found)}件あります"
        return found[0]

    def version_of(self, label: str) -> int:
        history = self.ledger.case_history(self.case.id)
        return next(e.originator_version for e in history if STEP_LABELS[type(e).__name__] == label)


@pytest.fixture
def timeline(tmp_path: Path) -> Iterator[Timeline]:
    settings = Settings(data_dir=tmp_path)
    ledger = build_ledger(settings)
    store = build_store(settings)
    service = build_service(settings, ledger, store)
    yield Timeline(ledger, store, service, CaseFixture(ledger))
    store.close()
    ledger.close()


@given(parsers.re(rf"(?P<on>{DAY})に山口市で「(?P<title>[^」]+)」の相談を受け付けた"))
def _opened(timeline: Timeline, on: str, title: str) -> None:
    timeline.case.open(title=title, on=day(on))


@given(
    parsers.re(
        rf"(?P<on>{DAY})に(?P<kind>事業者|NPO法人)「(?P<name>[^」]+)」が(?P<role>[^\s]+)として参加した"
    )
)
def _joined(timeline: Timeline, on: str, kind: str, name: str, role: str) -> None:
    timeline.case.join(name, KINDS[kind], ROLES[role], on=day(on))


@given(
    parsers.re(
        rf"(?P<on>{DAY})に氏名「(?P<person>[^」]+)」のプロボノワーカー「(?P<name>[^」]+)」が"
        r"(?P<role>[^\s]+)として参加した"
    )
)
def _pro_bono_joined(timeline: Timeline, on: str, person: str, name: str, role: str) -> None:
    case = timeline.case
    party = timeline.ledger.register_party(
        case.ctx,
        kind=PartyKind.PRO_BONO_WORKER,
        name=name,
        municipality="山口市",
        contact=ContactDetails(person_name=person),
        occurred_on=day(on),
    ).aggregate_id
    timeline.ledger.join_party(
        case.ctx, case.id, party_id=party, role=ROLES[role], contribution="", occurred_on=day(on)
    )


@given(parsers.re(rf"(?P<on>{DAY})の出来事として「(?P<text>[^」]+)」とメモを後から記録した"))
def _late_note(timeline: Timeline, on: str, text: str) -> None:
    case = timeline.case
    timeline.ledger.add_note(case.ctx, case.id, text=text, occurred_on=day(on))


@given(parsers.re(r"メモを(?P<count>\d+)件記録した"))
def _notes(timeline: Timeline, count: str) -> None:
    case = timeline.case
    for i in range(int(count)):
        timeline.ledger.add_note(
            case.ctx, case.id, text=f"メモ{i + 1}", occurred_on=date(2024, 6, 1)
        )


@given(
    parsers.re(
        r"「(?P<label>[^」]+)」の協力内容を「(?P<value>[^」]+)」に"
        r"「(?P<reason>[^」]+)」という理由で訂正した"
    )
)
def _corrected_contribution(timeline: Timeline, label: str, value: str, reason: str) -> None:
    case = timeline.case
    timeline.ledger.correct_step(
        case.ctx,
        case.id,
        corrected_version=timeline.version_of(label),
        changes={"contribution": value},
        reason=reason,
    )


@given(
    parsers.re(
        rf"「(?P<label>[^」]+)」の日付を(?P<on>{DAY})に「(?P<reason>[^」]+)」という理由で訂正した"
    )
)
def _corrected_date(timeline: Timeline, label: str, on: str, reason: str) -> None:
    case = timeline.case
    timeline.ledger.correct_step(
        case.ctx,
        case.id,
        corrected_version=timeline.version_of(label),
        changes={"occurred_on": day(on)},
        reason=reason,
    )


@when("経過記録を開く")
def _open(timeline: Timeline) -> None:
    timeline.read()


@when(parsers.re(r"経過記録を(?P<size>\d+)件ずつ読み進める"))
def _page_through(timeline: Timeline, size: str) -> None:
    timeline.read(page_size=int(size))


@then("経過は次の順に並んでいる")
def _in_order(timeline: Timeline, datatable: list[list[str]]) -> None:
    expected = [(day(d.strip()), text.strip()) for d, text in datatable[1:]]
    assert [(e.occurred_on, e.summary) for e in timeline.entries] == expected


@then(parsers.re(r"「(?P<label>[^」]+)」の記録には記録した人として(?P<who>[^\s]+)が表示される"))
def _recorded_by(timeline: Timeline, label: str, who: str) -> None:
    entry = timeline.step(label)
    assert entry.actor_id == FACILITATORS[who]
    assert entry.actor_role == "facilitator"


@then(parsers.re(r"「(?P<label>[^」]+)」の記録には記録した日時が表示される"))
def _recorded_at(timeline: Timeline, label: str) -> None:
    entry = timeline.step(label)
    history = timeline.ledger.case_history(timeline.case.id)
    assert entry.recorded_at == history[entry.version - 1].timestamp


@then(
    parsers.re(
        r"「(?P<label>[^」]+)」の記録に「(?P<reason>[^」]+)」という理由の訂正が添えられている"
    )
)
def _correction_attached(timeline: Timeline, label: str, reason: str) -> None:
    assert [c.reason for c in timeline.step(label).corrections] == [reason]


@then(parsers.re(r"経過のどこにも「(?P<text>[^」]+)」は表示されない"))
def _nowhere(timeline: Timeline, text: str) -> None:
    shown = [e.summary + str(e.details) + e.step_label for e in timeline.entries]
    assert timeline.entries
    assert not any(text in line for line in shown)


@then(parsers.re(r"経過の最後に「(?P<summary>.+)」が並んでいる"))
def _last(timeline: Timeline, summary: str) -> None:
    assert timeline.entries[-1].summary == summary


@then(parsers.re(rf"「(?P<label>[^」]+)」は(?P<on>{DAY})の位置に並んでいる"))
def _placed(timeline: Timeline, label: str, on: str) -> None:
    dates = [e.occurred_on for e in timeline.entries]
    assert dates == sorted(dates)
    assert timeline.step(label).occurred_on == day(on)


@then(parsers.re(rf"「(?P<label>[^」]+)」の記録にはもとの日付(?P<on>{DAY})が残っている"))
def _original(timeline: Timeline, label: str, on: str) -> None:
    assert timeline.step(label).original_occurred_on == day(on)


@then(parsers.re(r"(?P<pages>\d+)回で(?P<count>\d+)件の記録をすべて、重なりなく読める"))
def _all_read(timeline: Timeline, pages: str, count: str) -> None:
    versions = [e.version for e in timeline.entries]
    assert timeline.pages == int(pages)
    assert sorted(versions) == list(range(1, int(count) + 1))
    assert len(set(versions)) == len(versions)
