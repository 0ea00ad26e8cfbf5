"""Queries read only the read-model tables: filters, keyset pages, case numbers, timelines."""

from __future__ import annotations

from datetime import date

import pytest

from application.ledger import Ledger
from domain.vocabulary import PartyKind, PartyRole
from projections.case_list.queries import CaseFilter, CaseListQueries
from projections.engine.cursors import InvalidCursorError
from projections.engine.store import ReadStore
from projections.timeline.queries import TimelineQueries
from tests.projections.conftest import ServiceFactory
from tests.support import CaseFixture


def open_on(ledger: Ledger, title: str, on: date) -> CaseFixture:
    case = CaseFixture(ledger)
    case.open(title=title, on=on)
    return case


@pytest.fixture
def queries(read_store: ReadStore) -> CaseListQueries:
    return CaseListQueries(read_store)


def test_pages_follow_each_other_without_gaps_or_repeats(
    ledger: Ledger, make_service: ServiceFactory, queries: CaseListQueries
) -> None:
    days = [date(2024, 4, d) for d in (1, 3, 3, 3, 9, 20, 28)]
    opened = {str(open_on(ledger, f"案件{i}", day).id) for i, day in enumerate(days)}
    make_service().run_until_caught_up()
    seen: list[str] = []
    after = None
    while True:
        page = queries.list_cases(first=3, after=after)
        seen += [item.case_id for item in page.items]
        if not page.has_next_page:
            break
        after = page.end_cursor
    assert len(seen) == len(set(seen)) == len(days)
    assert set(seen) == opened
    listed = [queries.get_case(case_id) for case_id in seen]
    assert [c.opened_on for c in listed if c] == sorted(days, reverse=True)


def test_filters_combine(
    ledger: Ledger, make_service: ServiceFactory, queries: CaseListQueries
) -> None:
    spring = open_on(ledger, "春の案件", date(2024, 5, 1))
    spring.join("山口食品株式会社", PartyKind.BUSINESS)
    open_on(ledger, "前年度の案件", date(2024, 3, 1))
    make_service().run_until_caught_up()

    def titles(where: CaseFilter) -> list[str]:
        return [c.title for c in queries.list_cases(where).items]

    assert titles(CaseFilter(fiscal_year=2024)) == ["春の案件"]
    assert titles(CaseFilter(fiscal_year=2023)) == ["前年度の案件"]
    assert titles(CaseFilter(state="coordinating")) == ["春の案件"]
    assert titles(CaseFilter(municipality="山口市", field="子どもの健全育成", sdg=2)) == [
        "春の案件",
        "前年度の案件",
    ]
    assert titles(CaseFilter(sdg=17)) == []
    assert titles(CaseFilter(centre="yamaguchi", facilitator_id="fac-yamaguchi-01")) != []
    assert titles(CaseFilter(facilitator_id="someone-else")) == []


def test_free_text_finds_every_word_in_the_title_or_the_issue_statement_normalised(
    ledger: Ledger, make_service: ServiceFactory, queries: CaseListQueries
) -> None:
    open_on(ledger, "商店街のコドモ食堂", date(2024, 5, 1))  # issue: 地域の子どもの孤食を…
    open_on(ledger, "空き家バンクの立ち上げ", date(2024, 5, 2))
    open_on(ledger, "100%_リサイクル", date(2024, 5, 3))
    make_service().run_until_caught_up()

    def titles(text: str, state: str | None = None) -> list[str]:
        where = CaseFilter(text=text, state=state)
        found = [c.title for c in queries.list_cases(where).items]
        assert queries.count_cases(where) == len(found)
        return found

    assert titles("こども食堂") == ["商店街のコドモ食堂"]  # kana folded
    assert titles("ｺﾄﾞﾓ") == ["商店街のコドモ食堂"]  # half-width (NFKC)
    assert titles("孤食") == ["100%_リサイクル", "空き家バンクの立ち上げ", "商店街のコドモ食堂"]
    assert titles("空き家　孤食") == ["空き家バンクの立ち上げ"]  # every word, 全角 space too
    assert titles("空き家 サイクル") == []
    assert titles("食堂地域") == []  # never across the title and the issue statement
    assert titles("100%") == ["100%_リサイクル"]
    assert titles("0%_") == ["100%_リサイクル"]  # LIKE's wildcards are taken literally
    assert titles("%") == ["100%_リサイクル"]
    assert titles("_") == ["100%_リサイクル"]
    assert titles("孤食", state="closed") == []
    assert (
        titles("  ")
        == titles("")
        == [
            "100%_リサイクル",
            "空き家バンクの立ち上げ",
            "商店街のコドモ食堂",
        ]
    )


def test_a_case_is_found_by_its_number(
    ledger: Ledger, make_service: ServiceFactory, queries: CaseListQueries
) -> None:
    case = open_on(ledger, "電話の案件", date(2024, 5, 1))
    make_service().run_until_caught_up()
    assert case.last is not None
    number = case.last.number
    assert number is not None
    found = queries.find_by_number(number)
    assert found is not None
    assert found.case_id == str(case.id)
    assert [c.number for c in queries.list_cases(CaseFilter(number="山口-2024")).items] == [number]
    assert queries.find_by_number("山口-2024-999") is None


def test_the_detail_names_organisations_with_their_roles(
    ledger: Ledger, make_service: ServiceFactory, queries: CaseListQueries
) -> None:
    case = open_on(ledger, "案件", date(2024, 5, 1))
    case.join("こどもの未来", role=PartyRole.PROPOSER)
    case.join("山口食品株式会社", PartyKind.BUSINESS, PartyRole.VENUE_OR_GOODS)
    make_service().run_until_caught_up()
    found = queries.get_case(str(case.id))
    assert found is not None
    assert found.issue_statement == "地域の子どもの孤食を減らしたい"
    assert found.initiating_party_id == str(case.parties["こどもの未来"])
    assert {(p.name, p.role, p.active) for p in found.parties} == {
        ("こどもの未来", "proposer", True),
        ("山口食品株式会社", "venue_or_goods", True),
    }


def test_a_bad_cursor_is_refused(queries: CaseListQueries, make_service: ServiceFactory) -> None:
    make_service().run_until_caught_up()
    with pytest.raises(InvalidCursorError):
        queries.list_cases(after="not-a-cursor")


def test_the_timeline_pages_in_business_date_order_with_corrections_attached(
    ledger: Ledger, read_store: ReadStore, make_service: ServiceFactory
) -> None:
    case = open_on(ledger, "案件", date(2024, 5, 1))
    case.join("山口食品株式会社", PartyKind.BUSINESS, on=date(2024, 5, 20))
    ledger.add_note(case.ctx, case.id, text="後から記録", occurred_on=date(2024, 5, 10))
    ledger.correct_step(
        case.ctx,
        case.id,
        corrected_version=2,
        changes={"contribution": "食材の提供"},
        reason="記載漏れ",
        occurred_on=date(2024, 5, 21),
    )
    make_service().run_until_caught_up()
    timeline = TimelineQueries(read_store)
    first = timeline.entries(str(case.id), first=2)
    rest = timeline.entries(str(case.id), first=10, after=first.end_cursor)
    entries = [*first.entries, *rest.entries]
    assert first.has_next_page
    assert not rest.has_next_page
    assert [e.version for e in entries] == [1, 3, 2, 4]
    joined = entries[2]
    assert [c.reason for c in joined.corrections] == ["記載漏れ"]
    assert joined.corrections[0].changes == {"contribution": "食材の提供"}
    assert entries[3].step == "StepCorrected"
    assert all(e.recorded_at is not None for e in entries)
