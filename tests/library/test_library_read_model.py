"""The library as meetings read it, on SQLite and PostgreSQL (the `settings` fixture)."""

from __future__ import annotations

import json
from datetime import timedelta

from application.ledger import Ledger
from domain.values import ContactDetails
from domain.vocabulary import PartyKind, PartyRole
from projections.engine.base import Dialect
from projections.library.projection import Library
from projections.library.queries import (
    LibraryFilter,
    LibraryQuery,
    count,
    facets,
    get_entry,
    search,
)
from tests.library.given import PUBLISHED_ON, publish, published_case
from tests.library.readside import ReadSide
from tests.support import CHIEF, MEETING, OPENED_ON, TODAY, CaseFixture

LIBRARY = Library()


def test_a_two_character_query_finds_a_published_case(
    ledger: Ledger, library_side: ReadSide
) -> None:
    given = published_case(ledger)
    with library_side.reading(LIBRARY) as (db, tables):
        page = search(db, library_side.dialect, tables, LibraryQuery("食堂"))
    assert page.total == 1
    (found,) = page.entries
    assert found.case_id == str(given.id)
    assert found.title == "地域ぐるみの子ども食堂"
    assert found.how_started == "相談窓口への一本の電話"
    assert found.form_label == "事業協力"
    assert found.municipality_label == "山口市"
    assert found.fiscal_year == 2024
    assert found.duration_days == 150
    assert [(f.indicator, f.actual, f.target) for f in found.outcome_figures] == [
        ("参加者数", 30, 20)
    ]
    assert {(p.name, p.role) for p in found.parties} == {
        ("こどもの未来", "partner"),
        ("山口食品株式会社", "partner"),
    }


def test_cases_not_published_stay_out_of_the_library(
    ledger: Ledger, library_side: ReadSide
) -> None:
    given = CaseFixture(ledger)
    given.through_success()
    given.nominate()
    with library_side.reading(LIBRARY) as (db, tables):
        assert count(db, library_side.dialect, tables) == 0


def test_a_withdrawal_removes_the_case_and_a_republication_brings_it_back(
    ledger: Ledger, library_side: ReadSide
) -> None:
    given = published_case(ledger)
    ledger.withdraw_success_case(CHIEF, given.id, reason="表記の見直し", occurred_on=TODAY)
    with library_side.reading(LIBRARY) as (db, tables):
        assert search(db, library_side.dialect, tables, LibraryQuery("食堂")).total == 0
        assert get_entry(db, library_side.dialect, tables, str(given.id)) is None
    publish(given, title="みんなの食堂", summary="改めて公開")
    with library_side.reading(LIBRARY) as (db, tables):
        page = search(db, library_side.dialect, tables, LibraryQuery("食堂"))
    assert [e.title for e in page.entries] == ["みんなの食堂"]


def test_no_personal_data_and_a_pro_bono_worker_only_as_its_kind(
    ledger: Ledger, library_side: ReadSide
) -> None:
    given = CaseFixture(ledger)
    given.open()
    given.join("こどもの未来", role=PartyRole.PROPOSER)
    given.join("山口食品株式会社", PartyKind.BUSINESS)
    worker = ledger.register_party(
        given.ctx,
        kind=PartyKind.PRO_BONO_WORKER,
        name="",
        municipality="山口市",
        contact=ContactDetails(person_name="山田太郎", email="taro@example.jp", phone="083-000"),
        publication_consent=True,
        occurred_on=OPENED_ON,
    ).aggregate_id
    ledger.join_party(
        given.ctx,
        given.id,
        party_id=worker,
        role=PartyRole.EXPERTISE,
        contribution="広報の設計",
        occurred_on=OPENED_ON + timedelta(days=6),
    )
    given.agree()
    given.act()
    given.review()
    given.close()
    given.nominate()
    publish(given, title="プロボノと作ったチラシ", summary="専門家の力を借りた")
    with library_side.reading(LIBRARY) as (db, tables):
        found = get_entry(db, library_side.dialect, tables, str(given.id))
    assert found is not None
    text = found.to_json()
    for personal in ("山田太郎", "taro@example.jp", "083-000"):
        assert personal not in text
    assert ("プロボノワーカー（個人）", None) in {(p.kind_label, p.name) for p in found.parties}


def test_presentations_and_replications_are_counted(ledger: Ledger, library_side: ReadSide) -> None:
    original = published_case(ledger)
    for title in ("第1回 情報共有会議", "第2回 情報共有会議"):
        meeting = ledger.hold_meeting(
            MEETING, title=title, host_centre="pref", occurred_on=PUBLISHED_ON
        ).aggregate_id
        ledger.present_at_meeting(MEETING, meeting, original.id)
    published_case(ledger, title="下関の子ども食堂", replicates=original.id)
    with library_side.reading(LIBRARY) as (db, tables):
        found = get_entry(db, library_side.dialect, tables, str(original.id))
    assert found is not None
    assert (found.presented_count, found.replicated_count) == (2, 1)


def test_filters_and_facet_counts(ledger: Ledger, library_side: ReadSide) -> None:
    published_case(ledger)
    published_case(ledger, title="高齢者の見守り", summary="自治会と企業が見守りを続けた")
    with library_side.reading(LIBRARY) as (db, tables):
        d = library_side.dialect
        counts = facets(db, d, tables)
        only_food = facets(db, d, tables, LibraryQuery("食堂"))
        in_hagi = count(db, d, tables, LibraryQuery(where=LibraryFilter(municipality="萩市")))
        in_yamaguchi = search(
            db, d, tables, LibraryQuery(where=LibraryFilter(municipality="山口市"))
        )
        by_field = count(
            db, d, tables, LibraryQuery(where=LibraryFilter(field="子どもの健全育成", sdg=2))
        )
    assert [(c.label, c.count) for c in counts["municipality"]] == [("山口市", 2)]
    assert [(c.label, c.count) for c in counts["fiscal_year"]] == [("2024年度", 2)]
    assert [(c.value, c.count) for c in counts["party_kinds"]] == [("business+npo_corporation", 2)]
    assert {(c.value, c.count) for c in counts["sdg"]} == {("1", 2), ("2", 2)}
    assert [(c.value, c.count) for c in only_food["field"]] == [("child_development", 1)]
    assert (in_hagi, by_field) == (0, 2)
    assert {e.title for e in in_yamaguchi.entries} == {"高齢者の見守り", "地域ぐるみの子ども食堂"}


def test_results_are_ranked_title_first(ledger: Ledger, library_side: ReadSide) -> None:
    published_case(ledger, title="公園の清掃", summary="子ども食堂の帰りに清掃")
    published_case(ledger, title="子ども食堂の開設", summary="地域で開いた")
    with library_side.reading(LIBRARY) as (db, tables):
        page = search(db, library_side.dialect, tables, LibraryQuery("こども食堂"))
    assert [e.title for e in page.entries] == ["子ども食堂の開設", "公園の清掃"]


def test_entries_are_plain_json(ledger: Ledger, library_side: ReadSide) -> None:
    given = published_case(ledger)
    with library_side.reading(LIBRARY) as (db, tables):
        found = get_entry(db, library_side.dialect, tables, str(given.id))
    assert found is not None
    assert json.loads(found.to_json())["number"] == "山口-2024-001"


def test_a_party_that_withdraws_its_consent_is_no_longer_named(
    ledger: Ledger, library_side: ReadSide
) -> None:
    given = published_case(ledger)
    ledger.change_publication_consent(
        given.ctx, given.parties["山口食品株式会社"], False, occurred_on=TODAY
    )
    with library_side.reading(LIBRARY) as (db, tables):
        found = get_entry(db, library_side.dialect, tables, str(given.id))
        by_name = search(db, library_side.dialect, tables, LibraryQuery("山口食品"))
    assert found is not None
    assert {(p.kind, p.name) for p in found.parties} == {
        ("npo_corporation", "こどもの未来"),
        ("business", None),
    }
    assert by_name.total == 0


def test_corrections_of_the_dates_and_the_municipality_show_in_the_entry(
    ledger: Ledger, library_side: ReadSide
) -> None:
    given = published_case(ledger)
    history = ledger.case_history(given.id)
    closed = next(e for e in history if type(e).__name__ == "CaseClosed")
    ledger.correct_step(
        CHIEF,
        given.id,
        corrected_version=closed.originator_version,
        changes={"occurred_on": OPENED_ON + timedelta(days=100)},
        reason="完了日の記入誤り",
    )
    ledger.correct_step(
        CHIEF,
        given.id,
        corrected_version=1,
        changes={"municipality": "萩市"},
        reason="市町の記入誤り",
    )
    with library_side.reading(LIBRARY) as (db, tables):
        found = get_entry(db, library_side.dialect, tables, str(given.id))
        in_hagi = count(
            db, library_side.dialect, tables, LibraryQuery(where=LibraryFilter(municipality="萩市"))
        )
    assert found is not None
    assert (found.duration_days, found.municipality_label, in_hagi) == (100, "萩市", 1)


def test_a_long_entry_is_searched_uncompressed_on_postgresql(
    ledger: Ledger, library_side: ReadSide
) -> None:
    """Each LIKE and strpos of a search would decompress a compressed text again."""
    summary = "市内の商店街で子ども食堂を開き、毎週の食事を地域の農家と分け合った。" * 8
    published_case(ledger, summary=summary)
    if library_side.dialect is not Dialect.POSTGRES:
        return  # SQLite keeps text as written
    with library_side.reading(LIBRARY) as (db, tables):
        row = db.execute(
            "SELECT octet_length(search_text), pg_column_size(search_text) "
            f"FROM {tables['library']}"
        ).fetchone()
    assert row is not None
    stored_bytes, on_disk = row
    assert stored_bytes > 2000
    assert on_disk >= stored_bytes


def test_a_word_one_kana_off_is_suggested_on_either_store(
    ledger: Ledger, library_side: ReadSide
) -> None:
    """The suggestion looks its candidates up in one statement (an array on PostgreSQL): a
    query one kana off the library's words is offered the word, on both stores."""
    published_case(ledger, title="コミュニティタクシーの運行", summary="買物を支えるタクシー")
    with library_side.reading(LIBRARY) as (db, tables):
        misspelt = search(db, library_side.dialect, tables, LibraryQuery("タクツー"))
        nothing_near = search(db, library_side.dialect, tables, LibraryQuery("ぬぬぬぬ"))
    assert (misspelt.total, misspelt.suggestion) == (0, "タクシー")
    assert nothing_near.suggestion is None


def test_a_search_repeated_finds_its_case_every_time_and_is_prepared_on_postgresql(
    ledger: Ledger, library_side: ReadSide
) -> None:
    """psycopg prepares a search at its fifth run on a connection, as every other read: the
    bigram index serves a generic plan (the trigram index it replaced could not, and searches
    once ran unprepared, parsed and planned by PostgreSQL at every request). Prepared or not,
    the search finds the same case."""
    given = published_case(ledger)
    postgres = library_side.dialect is Dialect.POSTGRES
    found, prepared = [], []
    for _ in range(15):  # the store's two connections take turns: five runs on one
        with library_side.reading(LIBRARY) as (db, tables):
            page = search(db, library_side.dialect, tables, LibraryQuery("食堂"))
            found.append([e.case_id for e in page.entries])
            if postgres:  # SQLite keeps no prepared statements across reads
                rows = db.execute(
                    "SELECT statement FROM pg_prepared_statements WHERE statement LIKE %s",
                    [f"%FROM {tables['library']} l WHERE%"],
                ).fetchall()
                prepared.append(len(rows))
    assert found == [[str(given.id)]] * 15
    if postgres:
        assert prepared[0] == 0
        assert max(prepared) >= 1
