"""The party directory: its pure function (no database) and its queries on both stores."""

from __future__ import annotations

from datetime import date

import pytest

from application.ledger import Ledger
from domain.values import ContactDetails
from domain.vocabulary import ClosureResult, PartyKind
from projections.engine.base import MemoryTables
from projections.engine.cursors import InvalidCursorError
from projections.engine.keyset import Window
from projections.engine.store import ReadStore
from projections.party_directory.projection import PRIMARY_KEYS, PartyDirectory
from projections.party_directory.queries import PartyDirectoryQueries, PartyFilter
from tests.projections.conftest import ServiceFactory
from tests.support import CaseFixture

ON = date(2024, 6, 1)


def project(ledger: Ledger) -> MemoryTables:
    model = PartyDirectory()
    tables = MemoryTables(PRIMARY_KEYS)
    for note in ledger.recorder.select_notifications(0, 10_000, inclusive_of_start=False):
        tables.apply(model.changes(ledger.mapper.to_domain_event(note), note.id))
    return tables


def probono(given: CaseFixture) -> str:
    return str(
        given.ledger.register_party(
            given.ctx,
            kind=PartyKind.PRO_BONO_WORKER,
            name="",
            municipality="宇部市",
            contact=ContactDetails(person_name="山田 花子", email="hanako@example.jp"),
            occurred_on=ON,
        ).aggregate_id
    )


def test_a_registered_party_is_listed_with_its_public_data(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)
    party = str(given.party("こどもの未来"))
    (row,) = project(memory_ledger).table("party_directory")
    assert row["party_id"] == party
    assert row["public_name"] == "こどもの未来"
    assert row["kind"] == "npo_corporation"
    assert row["publication_consent"] is True


def test_a_pro_bono_worker_is_listed_by_kind_only(memory_ledger: Ledger) -> None:
    probono(CaseFixture(memory_ledger))
    tables = project(memory_ledger)
    dumped = repr(tables.rows)
    assert "山田" not in dumped
    assert "hanako" not in dumped
    (row,) = tables.table("party_directory")
    assert row["public_name"] == PartyKind.PRO_BONO_WORKER.ja


def test_joins_withdrawals_and_closures_keep_one_row_per_case(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)
    given.open()
    business = str(given.join("山口食品株式会社", PartyKind.BUSINESS))
    given.ledger.withdraw_party(
        given.ctx,
        given.id,
        party_id=given.parties["山口食品株式会社"],
        reason="事情",
        occurred_on=ON,
    )
    given.join("こどもの未来")
    given.close(ClosureResult.DISCONTINUED)
    rows = {r["party_id"]: r for r in project(memory_ledger).table("cases")}
    assert rows[business]["active"] is False
    assert rows[str(given.parties["こどもの未来"])]["case_open"] is False


def test_consent_changes_are_followed(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)
    party = given.party("こどもの未来")
    memory_ledger.change_publication_consent(given.ctx, party, False, occurred_on=ON)
    (row,) = project(memory_ledger).table("party_directory")
    assert row["publication_consent"] is False


# --- queries, on SQLite and PostgreSQL ------------------------------------------------------


@pytest.fixture
def queries(read_store: ReadStore) -> PartyDirectoryQueries:
    return PartyDirectoryQueries(read_store)


def test_counts_of_cases_joined_and_active(
    ledger: Ledger, make_service: ServiceFactory, queries: PartyDirectoryQueries
) -> None:
    first = CaseFixture(ledger)
    first.open()
    first.join("こどもの未来")
    first.join("山口食品株式会社", PartyKind.BUSINESS)
    second = CaseFixture(ledger, parties=first.parties)
    second.open("二件目")
    second.join("こどもの未来")
    second.close(ClosureResult.DISCONTINUED)
    make_service().run_until_caught_up()
    entry = queries.get_party(str(first.parties["こどもの未来"]))
    assert entry is not None
    assert (entry.cases_joined, entry.cases_active) == (2, 1)
    assert entry.fields == ("community_development",)


def test_filters_and_count(
    ledger: Ledger, make_service: ServiceFactory, queries: PartyDirectoryQueries
) -> None:
    given = CaseFixture(ledger)
    given.party("こどもの未来")
    given.party("山口食品株式会社", PartyKind.BUSINESS, consent=False)
    probono(given)
    make_service().run_until_caught_up()

    def names(where: PartyFilter) -> list[str]:
        return [p.name for p in queries.list_parties(where).items]

    assert names(PartyFilter(kind="business")) == ["山口食品株式会社"]
    assert names(PartyFilter(municipality="宇部市")) == [PartyKind.PRO_BONO_WORKER.ja]
    assert names(PartyFilter(name="食品")) == ["山口食品株式会社"]
    assert names(PartyFilter(name="山田")) == []
    assert names(PartyFilter(publication_consent=False)) == [
        PartyKind.PRO_BONO_WORKER.ja,
        "山口食品株式会社",
    ]
    assert names(PartyFilter(field="まちづくり", publication_consent=True)) == ["こどもの未来"]
    assert queries.count_parties(PartyFilter(municipality="山口市")) == 2
    assert queries.count_parties() == 3


def test_pages_forwards_and_backwards(
    ledger: Ledger, make_service: ServiceFactory, queries: PartyDirectoryQueries
) -> None:
    given = CaseFixture(ledger)
    for name in ("い団体", "あ団体", "お団体", "え団体", "う団体"):
        given.party(name)
    make_service().run_until_caught_up()
    first = queries.list_parties(window=Window(first=2))
    assert [p.name for p in first.items] == ["あ団体", "い団体"]
    assert (first.has_next_page, first.has_previous_page) == (True, False)
    rest = queries.list_parties(window=Window(first=10, after=first.items[-1].cursor))
    assert [p.name for p in rest.items] == ["う団体", "え団体", "お団体"]
    assert (rest.has_next_page, rest.has_previous_page) == (False, True)
    back = queries.list_parties(window=Window(last=2, before=rest.items[-1].cursor))
    assert [p.name for p in back.items] == ["う団体", "え団体"]
    assert (back.has_next_page, back.has_previous_page) == (True, True)
    with pytest.raises(InvalidCursorError):
        queries.list_parties(window=Window(after="not-a-cursor"))
