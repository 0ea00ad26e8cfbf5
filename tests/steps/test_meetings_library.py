"""Steps for features/meetings/success_case_library.feature (on the embedded SQLite store)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from uuid import UUID

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from application.ledger import Ledger
from domain.vocabulary import PartyKind
from persistence.settings import Settings
from persistence.wiring import build_ledger
from projections.library.entry import LibraryEntry
from projections.library.projection import Library
from projections.library.queries import (
    FacetCount,
    LibraryFilter,
    LibraryQuery,
    facets,
    get_entry,
    search,
)
from projections.similar_cases.projection import SimilarCasesReadModel
from projections.similar_cases.queries import neighbours
from tests.library.given import PUBLISHED_ON, published_case
from tests.library.readside import ReadSide, read_side
from tests.support import CHIEF, MEETING, TODAY

scenarios("meetings/success_case_library.feature")

LIBRARY = Library()
SIMILAR = SimilarCasesReadModel()
PARTNERS = {
    "事業者": ("山口食品株式会社", PartyKind.BUSINESS),
    "社会福祉協議会": ("萩市社会福祉協議会", PartyKind.SOCIAL_WELFARE_COUNCIL),
}


@dataclass
class Meeting:
    """What the meeting has in front of it."""

    ledger: Ledger
    side: ReadSide
    cases: dict[str, UUID] = field(default_factory=dict)
    found: list[LibraryEntry] = field(default_factory=list)
    counts: dict[str, list[FacetCount]] = field(default_factory=dict)


@pytest.fixture
def meeting(tmp_path: Path) -> Iterator[Meeting]:
    settings = Settings(data_dir=tmp_path)
    ledger = build_ledger(settings)
    with read_side(ledger, settings, [LIBRARY, SIMILAR]) as side:
        yield Meeting(ledger, side)
    ledger.close()


def _publish(meeting: Meeting, title: str, **kwargs: object) -> None:
    meeting.cases[title] = published_case(meeting.ledger, title=title, **kwargs).id  # type: ignore[arg-type]


@given(parsers.parse("次の成功事例が公開されている:"))
def cases_published(meeting: Meeting, datatable: list[list[str]]) -> None:
    header, *rows = datatable
    for row in rows:
        cell = dict(zip(header, (c.strip() for c in row), strict=True))
        partner, kind = PARTNERS[cell["協力した主体"]]
        _publish(
            meeting,
            cell["タイトル"],
            summary=cell["概要"],
            municipality=cell["市町"],
            fields=(cell["活動分野"],),
            sdgs=tuple(int(n) for n in cell["SDGs"].split(",")),
            partner=partner,
            partner_kind=kind,
        )


@given(parsers.parse("「{title}」という事例も公開されている"))
def another_case(meeting: Meeting, title: str) -> None:
    _publish(meeting, title, summary="食品ロスを子どもの食事に", fields=("保健・医療・福祉",))


@given(parsers.parse("会議で「{title}」を紹介した"))
def presented(meeting: Meeting, title: str) -> None:
    held = meeting.ledger.hold_meeting(
        MEETING, title="情報共有・検討会議", host_centre="pref", occurred_on=PUBLISHED_ON
    )
    meeting.ledger.present_at_meeting(MEETING, held.aggregate_id, meeting.cases[title])


@given(parsers.parse("{city}で「{title}」を取り入れる相談を受け付けた"))
def replicated(meeting: Meeting, city: str, title: str) -> None:
    published_case(
        meeting.ledger,
        title="横展開の子ども食堂",
        municipality=city,
        replicates=meeting.cases[title],
    )


@given(parsers.parse("「{title}」の公開を取り下げた"))
def withdrawn(meeting: Meeting, title: str) -> None:
    meeting.ledger.withdraw_success_case(
        CHIEF, meeting.cases[title], reason="掲載内容の見直し", occurred_on=TODAY
    )


@when(parsers.parse("「{words}」で検索する"))
def search_for(meeting: Meeting, words: str) -> None:
    with meeting.side.reading(LIBRARY) as (db, tables):
        meeting.found = list(search(db, meeting.side.dialect, tables, LibraryQuery(words)).entries)


@when(parsers.parse("市町「{city}」で絞り込む"))
def filter_by_city(meeting: Meeting, city: str) -> None:
    with meeting.side.reading(LIBRARY) as (db, tables):
        page = search(
            db, meeting.side.dialect, tables, LibraryQuery("", LibraryFilter(municipality=city))
        )
    meeting.found = list(page.entries)


@when("言葉を入れずに事例集を開く")
def open_library(meeting: Meeting) -> None:
    with meeting.side.reading(LIBRARY) as (db, tables):
        meeting.counts = facets(db, meeting.side.dialect, tables)


@when(parsers.parse("「{title}」に似た事例を見る"))
def look_for_similar(meeting: Meeting, title: str) -> None:
    with meeting.side.reading(SIMILAR) as (db, tables):
        near = neighbours(db, meeting.side.dialect, tables, str(meeting.cases[title]))
    with meeting.side.reading(LIBRARY) as (db, tables):
        found = [get_entry(db, meeting.side.dialect, tables, case_id) for case_id, _ in near]
    meeting.found = [entry for entry in found if entry is not None]


def _titles(meeting: Meeting) -> list[str]:
    return [e.title for e in meeting.found]


@then(parsers.parse("「{title}」が見つかる"))
def is_found(meeting: Meeting, title: str) -> None:
    assert title in _titles(meeting)


@then(parsers.parse("「{title}」は見つからない"))
def is_not_found(meeting: Meeting, title: str) -> None:
    assert title not in _titles(meeting)


@then(parsers.parse("見つかる事例は「{title}」だけである"))
def only_found(meeting: Meeting, title: str) -> None:
    assert _titles(meeting) == [title]


@then(parsers.parse("市町ごとの件数は次のとおりである:"))
def city_counts(meeting: Meeting, datatable: list[list[str]]) -> None:
    expected = {row[0].strip(): int(row[1]) for row in datatable[1:]}
    assert {c.label: c.count for c in meeting.counts["municipality"]} == expected


@then(parsers.re(r"SDGs「(?P<label>.*)」の事例は(?P<n>\d+)件である"))
def sdg_count(meeting: Meeting, label: str, n: str) -> None:
    assert {c.label: c.count for c in meeting.counts["sdg"]}.get(label) == int(n)


@then(parsers.re(r"主体の組み合わせ「(?P<label>.*)」の事例は(?P<n>\d+)件である"))
def kinds_count(meeting: Meeting, label: str, n: str) -> None:
    assert {c.label: c.count for c in meeting.counts["party_kinds"]}.get(label) == int(n)


@then(parsers.parse("最初に「{title}」が示される"))
def first_similar(meeting: Meeting, title: str) -> None:
    assert _titles(meeting)[:1] == [title]


@then(
    parsers.re(
        r"「(?P<title>.*)」は会議で(?P<shown>\d+)回紹介され、(?P<copied>\d+)回横展開されている"
    )
)
def counted(meeting: Meeting, title: str, shown: str, copied: str) -> None:
    entry = next(e for e in meeting.found if e.title == title)
    assert (entry.presented_count, entry.replicated_count) == (int(shown), int(copied))
