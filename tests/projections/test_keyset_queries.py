"""Case list and timeline queries: counts in one query, a cursor per item, backward pages,
and the timeline's kind/date filter in SQL — on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from application.ledger import Ledger
from domain.vocabulary import PartyKind
from projections.case_list.queries import CaseFilter, CaseListQueries
from projections.engine.cursors import InvalidCursorError
from projections.engine.store import ReadStore
from projections.timeline.queries import TimelineQueries, TimelineWhere
from tests.projections.conftest import ServiceFactory
from tests.support import CaseFixture

DAYS = [date(2024, 4, d) for d in (1, 3, 3, 9, 20, 28)]


@pytest.fixture
def cases(read_store: ReadStore) -> CaseListQueries:
    return CaseListQueries(read_store)


@pytest.fixture
def opened(ledger: Ledger, make_service: ServiceFactory) -> list[str]:
    ids = []
    for i, day in enumerate(DAYS):
        case = CaseFixture(ledger)
        case.open(title=f"案件{i}", on=day)
        ids.append(str(case.id))
    make_service().run_until_caught_up()
    return ids


def test_counts_follow_the_filters(opened: list[str], cases: CaseListQueries) -> None:
    assert cases.count_cases() == len(DAYS)
    assert cases.count_cases(CaseFilter(fiscal_year=2024, municipality="山口市")) == len(DAYS)
    assert cases.count_cases(CaseFilter(centres=("ube",))) == 0
    assert cases.count_cases(CaseFilter(centres=("ube", "yamaguchi"))) == len(DAYS)
    assert cases.count_cases(CaseFilter(centres=())) == 0


def test_each_case_carries_the_cursor_to_read_on_from_it(
    opened: list[str], cases: CaseListQueries
) -> None:
    everything = cases.list_cases(first=10).items
    for i, item in enumerate(everything[:-1]):
        following = cases.list_cases(first=1, after=item.cursor).items
        assert following == (everything[i + 1],)


def test_backward_pages_end_where_forward_pages_do(
    opened: list[str], cases: CaseListQueries
) -> None:
    forwards = [c.case_id for c in cases.list_cases(first=10).items]
    tail = cases.list_cases(last=2)
    assert [c.case_id for c in tail.items] == forwards[-2:]
    assert (tail.has_previous_page, tail.has_next_page) == (True, False)
    before = cases.list_cases(last=3, before=tail.start_cursor)
    assert [c.case_id for c in before.items] == forwards[1:4]
    assert (before.has_previous_page, before.has_next_page) == (True, True)
    head = cases.list_cases(last=10, before=before.start_cursor)
    assert [c.case_id for c in head.items] == forwards[:1]
    assert head.has_previous_page is False
    between = cases.list_cases(after=head.end_cursor, before=tail.start_cursor, last=10)
    assert [c.case_id for c in between.items] == forwards[1:4]
    with pytest.raises(InvalidCursorError):
        cases.list_cases(last=2, before="WyJ4Il0")


def test_the_timeline_filters_counts_and_pages_backwards_in_sql(
    ledger: Ledger, make_service: ServiceFactory, read_store: ReadStore
) -> None:
    case = CaseFixture(ledger)
    case.open()
    case.join("こどもの未来", on=date(2024, 5, 3))
    case.join("山口食品株式会社", PartyKind.BUSINESS, on=date(2024, 5, 10))
    ledger.add_note(case.ctx, case.id, text="メモ", occurred_on=date(2024, 5, 20))
    make_service().run_until_caught_up()
    queries = TimelineQueries(read_store)
    joins = TimelineWhere(steps=("PartyJoined",))
    assert [e.version for e in queries.entries(str(case.id), where=joins).entries] == [2, 3]
    assert queries.count_entries(str(case.id), joins) == 2
    may = TimelineWhere(occurred_from=date(2024, 5, 3), occurred_to=date(2024, 5, 10))
    assert [e.version for e in queries.entries(str(case.id), where=may).entries] == [2, 3]
    assert queries.count_entries(str(case.id)) == 4
    assert queries.count_entries(str(case.id), TimelineWhere(steps=())) == 0
    tail = queries.entries(str(case.id), last=2)
    assert [e.version for e in tail.entries] == [3, 4]
    assert (tail.has_previous_page, tail.has_next_page) == (True, False)
    back = queries.entries(str(case.id), last=5, before=tail.start_cursor, where=joins)
    assert [e.version for e in back.entries] == [2]
    assert (back.has_previous_page, back.has_next_page) == (False, True)
