"""Steps for features/plan_officers/plan_items.feature (on the embedded SQLite store, with the
plan items read model kept up to date beside it)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from application.ledger import Ledger
from application.plan_import import PlanImport, import_status_list
from demo.plans import PLAN_ITEMS
from demo.scripts import DATA
from domain.commands.plan import RecordPlanItemStatus
from domain.errors import DomainError
from domain.fiscal import fiscal_year_label
from domain.plans import plan_id
from persistence.settings import Settings
from persistence.wiring import build_ledger
from projections.plan_items.projection import PlanItemsReadModel
from projections.plan_items.queries import ItemHistory, PlanItemQueries, StatusList
from tests.library.readside import ReadSide, read_side
from tests.support import CHIEF, FACILITATOR, CaseFixture, context

scenarios("plan_officers/plan_items.feature")

MODEL = PlanItemsReadModel()
SEED_004 = (DATA / PLAN_ITEMS).read_text(encoding="utf-8")
FACILITATORS = {
    "山口市": FACILITATOR,
    "宇部市": context(centre="ube", user_id="fac-ube-01"),
}


@dataclass
class World:
    ledger: Ledger
    side: ReadSide
    plan: UUID | None = None
    imported: PlanImport | None = None
    case: CaseFixture | None = None
    refusal: DomainError | None = None
    head_before: int = 0
    listed: StatusList | None = None
    history: ItemHistory | None = None

    @property
    def head(self) -> int:
        return self.ledger.recorder.max_notification_id() or 0

    def attempt(self, command: Callable[[], object]) -> None:
        self.head_before = self.head
        try:
            command()
        except DomainError as refusal:
            self.refusal = refusal

    def status_list(self, year: int) -> StatusList:
        with self.side.reading(MODEL) as (db, tables):
            found = PlanItemQueries(db, self.side.dialect, tables).status_list(str(self.plan), year)
        assert found is not None
        return found

    def item(self, number: int) -> ItemHistory:
        with self.side.reading(MODEL) as (db, tables):
            found = PlanItemQueries(db, self.side.dialect, tables).item_history(
                str(self.plan), number
            )
        assert found is not None
        return found


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    settings = Settings(data_dir=tmp_path)
    ledger = build_ledger(settings)
    with read_side(ledger, settings, [MODEL]) as side:
        yield World(ledger, side)
    ledger.close()


def _record_status(
    world: World, who: str, number: str, year: str, mark: str, handling: str
) -> None:
    ctx = CHIEF if who == "計画担当" else FACILITATOR
    command = RecordPlanItemStatus(world.plan, int(number), int(year), mark, handling)  # type: ignore[arg-type]
    world.ledger.handle(ctx, command)


# --- given ---------------------------------------------------------------------------------------


@given(parsers.re(r"計画担当が「(?P<name>.+)」の実施状況一覧を(?P<year>\d+)年度分として取り込んだ"))
def imported(world: World, name: str, year: str) -> None:
    world.imported = import_status_list(
        world.ledger, CHIEF, SEED_004, plan=name, fiscal_year=int(year)
    )
    world.plan = plan_id(name)


@given(
    parsers.re(
        r"計画担当がNo\.(?P<number>\d+)の(?P<year>\d+)年度の実施状況を「(?P<mark>.)」、"
        r"今後の取扱いを「(?P<handling>.+)」と記録した"
    )
)
def status_recorded(world: World, number: str, year: str, mark: str, handling: str) -> None:
    _record_status(world, "計画担当", number, year, mark, handling)


@given(parsers.re(r"山口市で「(?P<title>.+)」の相談を受け付けた"))
def case_opened(world: World, title: str) -> None:
    world.case = CaseFixture(world.ledger)
    world.case.open(title)


# --- when ----------------------------------------------------------------------------------------


@when(parsers.re(r"(?P<year>\d+)年度の実施状況一覧を見る"))
def look_at_list(world: World, year: str) -> None:
    world.listed = world.status_list(int(year))


@when("同じ一覧をもう一度取り込む")
def import_again(world: World) -> None:
    world.head_before = world.head
    world.imported = import_status_list(world.ledger, CHIEF, SEED_004, fiscal_year=2011)


@when(
    parsers.re(
        r"No\.(?P<number>\d+)の実施状況を「(?P<mark>.)」、今後の取扱いを「(?P<handling>.+)」に"
        r"書き換えた一覧を取り込む"
    )
)
def import_changed(world: World, number: str, mark: str, handling: str) -> None:
    lines = []
    for line in SEED_004.splitlines():
        cells = line.split("\t")
        if len(cells) > 5 and cells[2] == number:
            cells[4:6] = [mark, handling]
        lines.append("\t".join(cells))
    world.imported = import_status_list(world.ledger, CHIEF, "\n".join(lines), fiscal_year=2011)


@when(parsers.re(r"No\.(?P<number>\d+)の経過を見る"))
def look_at_item(world: World, number: str) -> None:
    world.history = world.item(int(number))


@when(
    parsers.re(
        r"(?P<city>.+?)のファシリテーターがその案件をNo\.(?P<number>\d+)に結び付け(?:ようとする|る)"
    )
)
def link_case(world: World, city: str, number: str) -> None:
    assert world.case is not None
    case_id = world.case.id
    world.attempt(
        lambda: world.ledger.link_case_to_plan_item(
            FACILITATORS[city], world.plan, number=int(number), case_id=case_id
        )
    )


@when(
    parsers.re(
        r"計画担当がNo\.(?P<number>\d+)の(?P<year>\d+)年度の今後の取扱いを統合先なしで"
        r"「統合」と記録しようとする"
    )
)
def merge_without_target(world: World, number: str, year: str) -> None:
    world.attempt(lambda: _record_status(world, "計画担当", number, year, "○", "統合"))


@when(
    parsers.re(
        r"(?P<who>協働ファシリテーター|計画担当)がNo\.(?P<number>\d+)の(?P<year>\d+)年度の"
        r"実施状況を「(?P<mark>.)」、今後の取扱いを「(?P<handling>.+)」と記録しようとする"
    )
)
def try_status(world: World, who: str, number: str, year: str, mark: str, handling: str) -> None:
    world.attempt(lambda: _record_status(world, who, number, year, mark, handling))


# --- then ----------------------------------------------------------------------------------------


@then(parsers.re(r"推進施策「(?P<measure>.+)」の行は次のとおりである:"))
def rows_are(world: World, measure: str, datatable: list[list[str]]) -> None:
    assert world.listed is not None
    found = [m for p in world.listed.policies for m in p.measures if m.title == measure]
    assert len(found) == 1
    assert [list(row.cells) for row in found[0].rows] == [
        [cell.strip() for cell in row] for row in datatable[1:]
    ]


@then(parsers.re(r"推進施策「(?P<measure>.+)」には「(?P<title>.+)」が「(?P<mark>.+)」で載っている"))
def restated_row(world: World, measure: str, title: str, mark: str) -> None:
    assert world.listed is not None
    rows = [
        r for p in world.listed.policies for m in p.measures if m.title == measure for r in m.rows
    ]
    assert any(r.cells[1] == title and r.cells[2:] == (mark, mark, mark) for r in rows)


@then(parsers.re(r"「(?P<message>.+)」と伝えられ、何も記録されない"))
def told_and_nothing_recorded(world: World, message: str) -> None:
    if world.refusal is not None:
        assert world.refusal.message == message
    else:
        assert world.imported is not None
        assert world.imported.nothing_new
        assert message == "新たに記録することはありません"
    assert world.head == world.head_before


@then(parsers.re(r"実施状況が(?P<count>\d+)件だけ記録される"))
def only_statuses(world: World, count: str) -> None:
    assert world.imported is not None
    assert world.imported.recorded == {"実施状況の記録": int(count)}


@then(parsers.re(r"No\.(?P<number>\d+)の(?P<year>\d+)年度の実施状況は「(?P<mark>.)」である"))
def status_is(world: World, number: str, year: str, mark: str) -> None:
    statuses = {s.fiscal_year: s for s in world.item(int(number)).statuses}
    assert statuses[int(year)].status.mark == mark


@then("経過は次のとおりである:")
def history_is(world: World, datatable: list[list[str]]) -> None:
    assert world.history is not None
    rows = [
        [fiscal_year_label(s.fiscal_year, japanese_era=True), s.status.mark, s.handling.ja]
        for s in world.history.statuses
    ]
    assert rows == [[cell.strip() for cell in row] for row in datatable[1:]]


@then(parsers.re(r"No\.(?P<number>\d+)の経過に案件「(?P<title>.+)」が載っている"))
def case_listed(world: World, number: str, title: str) -> None:
    assert world.case is not None
    cases = world.item(int(number)).cases
    assert [(c.case_id, c.title) for c in cases] == [(str(world.case.id), title)]
