"""The meetings read model: its pure function (no database) and its queries on both stores."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from application.ledger import Ledger
from domain.values import FollowUp
from domain.vocabulary import ActorRole
from projections.engine.base import MemoryTables
from projections.engine.keyset import Window
from projections.engine.store import ReadStore
from projections.meetings.projection import PRIMARY_KEYS, MeetingsReadModel
from projections.meetings.queries import MeetingFilter, MeetingQueries
from tests.library.given import publish
from tests.projections.conftest import ServiceFactory
from tests.support import MEETING, CaseFixture, context


def project(ledger: Ledger) -> MemoryTables:
    model = MeetingsReadModel()
    tables = MemoryTables(PRIMARY_KEYS)
    for note in ledger.recorder.select_notifications(0, 10_000, inclusive_of_start=False):
        tables.apply(model.changes(ledger.mapper.to_domain_event(note), note.id))
    return tables


def nominated_case(ledger: Ledger, title: str = "子ども食堂の立ち上げ") -> CaseFixture:
    given = CaseFixture(ledger)
    given.through_success()
    if title != "子ども食堂の立ち上げ":
        ledger.correct_step(
            given.ctx, given.id, corrected_version=1, changes={"title": title}, reason="誤記"
        )
    given.nominate()
    return given


def hold(ledger: Ledger, title: str, on: date, host: str = "pref") -> UUID:
    return ledger.hold_meeting(
        MEETING, title=title, host_centre=host, occurred_on=on, attending_centres=["ube", "hagi"]
    ).aggregate_id


def test_a_meeting_keeps_its_presentations_once_and_its_follow_ups(
    memory_ledger: Ledger,
) -> None:
    case = nominated_case(memory_ledger, "改題した子ども食堂")
    meeting = hold(memory_ledger, "第3回 情報共有会議", date(2024, 10, 20))
    memory_ledger.present_at_meeting(MEETING, meeting, case.id)
    memory_ledger.present_at_meeting(MEETING, meeting, case.id)
    follow_up = FollowUp(case.id, "下関市", "shimonoseki", "下関市で子ども食堂を立ち上げる")
    memory_ledger.agree_follow_up(MEETING, meeting, **vars(follow_up))
    tables = project(memory_ledger)
    (row,) = tables.table("meetings")
    assert (row["title"], row["held_on"], row["fiscal_year"]) == (
        "第3回 情報共有会議",
        date(2024, 10, 20),
        2024,
    )
    assert [r["version"] for r in tables.table("presented")] == [2]
    (title,) = tables.table("case_titles")
    assert title["title"] == "改題した子ども食堂"
    (agreed,) = tables.table("follow_ups")
    assert agreed["owner_centre"] == "shimonoseki"


@pytest.fixture
def queries(read_store: ReadStore) -> MeetingQueries:
    return MeetingQueries(read_store)


def test_a_meeting_reads_with_its_cases_and_follow_ups(
    ledger: Ledger, make_service: ServiceFactory, queries: MeetingQueries
) -> None:
    case = nominated_case(ledger)
    meeting = hold(ledger, "第3回 情報共有会議", date(2024, 10, 20))
    ledger.present_at_meeting(MEETING, meeting, case.id)
    ledger.agree_follow_up(MEETING, meeting, case.id, "下関市", "shimonoseki", "横展開")
    make_service().run_until_caught_up()
    found = queries.get_meeting(str(meeting))
    assert found is not None
    assert found.attending_centres == ("ube", "hagi")
    (presented,) = found.presented
    assert (presented.case_id, presented.number) == (str(case.id), "山口-2024-001")
    assert presented.title == "子ども食堂の立ち上げ"
    (follow_up,) = found.follow_ups
    assert (follow_up.municipality, follow_up.action) == ("35201", "横展開")


def test_filters_pages_and_count(
    ledger: Ledger, make_service: ServiceFactory, queries: MeetingQueries
) -> None:
    days = [date(2023, 12, 1), date(2024, 5, 10), date(2024, 8, 1), date(2025, 1, 15)]
    for i, on in enumerate(days):
        hold(ledger, f"会議{i}", on, host="pref" if i % 2 == 0 else "ube")
    make_service().run_until_caught_up()
    titles = [m.title for m in queries.list_meetings().items]
    assert titles == ["会議3", "会議2", "会議1", "会議0"]
    fy2024 = MeetingFilter(fiscal_year=2024)
    assert [m.title for m in queries.list_meetings(fy2024).items] == ["会議3", "会議2", "会議1"]
    assert queries.count_meetings(fy2024) == 3
    assert queries.count_meetings(MeetingFilter(host_centre="ube")) == 2
    first = queries.list_meetings(window=Window(first=2))
    assert first.has_next_page
    assert not first.has_previous_page
    back = queries.list_meetings(window=Window(last=1, before=first.end_cursor))
    assert [m.title for m in back.items] == ["会議3"]
    assert (back.has_next_page, back.has_previous_page) == (True, False)


SHIMONOSEKI = context(ActorRole.FACILITATOR, "shimonoseki", "fac-shimonoseki-01")


def published_case(ledger: Ledger, title: str = "子ども食堂の立ち上げ") -> CaseFixture:
    """A nominated case published in the library (a case may replicate only such a one)."""
    given = nominated_case(ledger, title)
    publish(given, title=title, summary="子ども食堂を週1回に")
    return given


def replica(ledger: Ledger, of: UUID, municipality: str, on: date) -> UUID:
    """A case received at しものせき in `municipality` that replicates `of` (横展開元)."""
    initiator = CaseFixture(ledger, SHIMONOSEKI).party(f"{municipality}の子ども食堂の会")
    return ledger.receive_consultation(
        SHIMONOSEKI,
        title=f"{municipality}版 子ども食堂",
        issue_statement="山口市の事例にならいたい",
        municipality=municipality,
        fields=["子どもの健全育成"],
        sdgs=[2],
        centre="shimonoseki",
        initiating_party_id=initiator,
        occurred_on=on,
        replicates=of,
    ).aggregate_id


def test_a_case_that_replicates_another_is_kept_where_and_when_it_was_received(
    memory_ledger: Ledger,
) -> None:
    case = published_case(memory_ledger)
    copy = replica(memory_ledger, case.id, "下関市", date(2024, 11, 5))
    (row,) = project(memory_ledger).table("replicas")
    assert row == {
        "case_id": str(copy),
        "replicates": str(case.id),
        "municipality": "35201",
        "centre": "shimonoseki",
        "opened_on": date(2024, 11, 5),
    }
    # the opening corrected: where and when follow it; a case of its own has no row
    memory_ledger.correct_step(
        SHIMONOSEKI,
        copy,
        corrected_version=1,
        changes={"municipality": "宇部市", "occurred_on": date(2024, 11, 1)},
        reason="受付簿の誤記",
    )
    (row,) = project(memory_ledger).table("replicas")
    assert (row["municipality"], row["opened_on"]) == ("35202", date(2024, 11, 1))


def test_a_follow_up_is_taken_up_by_the_cases_of_its_municipality_that_replicate_its_case(
    ledger: Ledger, make_service: ServiceFactory, queries: MeetingQueries
) -> None:
    case = published_case(ledger)
    other = published_case(ledger, "別の事例")
    meeting = hold(ledger, "第3回 情報共有会議", date(2024, 10, 20))
    for shared in (case, other):
        ledger.present_at_meeting(MEETING, meeting, shared.id)
    ledger.agree_follow_up(MEETING, meeting, case.id, "下関市", "shimonoseki", "横展開")
    ledger.agree_follow_up(MEETING, meeting, other.id, "下関市", "shimonoseki", "紹介")
    later = replica(ledger, case.id, "下関市", date(2024, 12, 2))
    earlier = replica(ledger, case.id, "下関市", date(2024, 11, 5))
    replica(ledger, case.id, "宇部市", date(2024, 11, 6))  # another city's: not this follow-up's
    make_service().run_until_caught_up()
    found = queries.get_meeting(str(meeting))
    assert found is not None
    taken, untouched = found.follow_ups
    assert [(r.case_id, r.opened_on, r.centre) for r in found.taken_up(taken)] == [
        (str(earlier), date(2024, 11, 5), "shimonoseki"),
        (str(later), date(2024, 12, 2), "shimonoseki"),
    ]
    assert found.taken_up(taken)[0].number.startswith("下関-2024-")
    assert found.taken_up(untouched) == ()


def test_the_meetings_that_gave_a_centre_a_follow_up(
    ledger: Ledger, make_service: ServiceFactory, queries: MeetingQueries
) -> None:
    case = published_case(ledger)
    spring = hold(ledger, "春の会議", date(2024, 6, 1))
    autumn = hold(ledger, "秋の会議", date(2024, 10, 20))
    for meeting, owner in ((spring, "shimonoseki"), (autumn, "ube")):
        ledger.present_at_meeting(MEETING, meeting, case.id)
        ledger.agree_follow_up(MEETING, meeting, case.id, "下関市", owner, "横展開")
    make_service().run_until_caught_up()
    for owner in ("shimonoseki", "しものせき市民活動センター"):  # a code or a name
        found = queries.list_meetings(MeetingFilter(follow_up_owner=owner)).items
        assert [m.title for m in found] == ["春の会議"]
    assert queries.count_meetings(MeetingFilter(follow_up_owner="hagi")) == 0
    assert queries.count_meetings(MeetingFilter(fiscal_year=2024, follow_up_owner="ube")) == 1
