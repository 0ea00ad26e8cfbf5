"""The case list's pure function: events in, row changes out — no database."""

from __future__ import annotations

from datetime import date
from typing import Any

from application.ledger import Ledger
from domain.vocabulary import ClosureResult, PartyKind, PartyRole
from projections.case_list.projection import PRIMARY_KEYS, CaseListReadModel
from projections.engine.base import MemoryTables
from tests.support import CaseFixture


def project(ledger: Ledger) -> MemoryTables:
    model = CaseListReadModel()
    tables = MemoryTables(PRIMARY_KEYS)
    for note in ledger.recorder.select_notifications(0, 10_000, inclusive_of_start=False):
        tables.apply(model.changes(ledger.mapper.to_domain_event(note), note.id))
    return tables


def the_case(tables: MemoryTables) -> dict[str, Any]:
    (row,) = tables.table("case_list")
    return row


def the_text(tables: MemoryTables) -> dict[str, Any]:
    (row,) = tables.table("texts")
    return row


def test_opening_a_case_lists_it_in_intake(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)
    given.open()
    tables = project(memory_ledger)
    row = the_case(tables)
    assert row["number"] == "山口-2024-001"
    assert row["state"] == "intake"
    assert row["municipality"] == "35203"
    assert row["fiscal_year"] == 2024
    assert row["opened_on"] == date(2024, 5, 1)
    assert [r["field"] for r in tables.table("fields")] == ["child_development"]
    assert [r["sdg"] for r in tables.table("sdgs")] == [1, 2]


def test_the_steps_move_the_state_and_the_last_step_date(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)
    given.through_success()
    row = the_case(project(memory_ledger))
    assert row["state"] == "closed"
    assert row["result"] == "succeeded"
    assert row["progress_state"] == "reviewing"
    assert row["last_step_on"] == date(2024, 9, 28)
    assert row["version"] == 7


def test_reopening_returns_to_the_state_before_closure(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)
    given.open()
    given.join("山口食品株式会社", PartyKind.BUSINESS)
    given.close(ClosureResult.DISCONTINUED)
    memory_ledger.reopen_case(given.ctx, given.id, reason="再開", occurred_on=date(2024, 11, 1))
    row = the_case(project(memory_ledger))
    assert row["state"] == "coordinating"
    assert row["result"] is None


def test_parties_keep_their_role_and_active_flag(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)
    given.open()
    food = given.join("山口食品株式会社", PartyKind.BUSINESS, PartyRole.VENUE_OR_GOODS)
    memory_ledger.withdraw_party(
        given.ctx, given.id, party_id=food, reason="撤退", occurred_on=date(2024, 6, 1)
    )
    (party,) = project(memory_ledger).table("parties")
    assert party["role"] == "venue_or_goods"
    assert party["active"] is False
    assert party["left_on"] == date(2024, 6, 1)


def test_a_pro_bono_worker_is_named_only_by_the_kind_of_party(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)
    given.open()
    from domain.values import ContactDetails

    memory_ledger.register_party(
        given.ctx,
        kind=PartyKind.PRO_BONO_WORKER,
        name="会計の専門家",
        municipality="山口市",
        contact=ContactDetails(person_name="山田太郎"),
        occurred_on=date(2024, 4, 1),
    )
    names = {r["name"] for r in project(memory_ledger).table("party_names")}
    assert "山田太郎" not in names
    assert "会計の専門家" not in names
    assert PartyKind.PRO_BONO_WORKER.ja in names


def test_correcting_the_opening_changes_what_the_list_shows(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)
    given.open()
    memory_ledger.correct_step(
        given.ctx,
        given.id,
        corrected_version=1,
        changes={"title": "子ども食堂の開設", "occurred_on": date(2024, 3, 29)},
        reason="誤記",
    )
    row = the_case(project(memory_ledger))
    assert row["title"] == "子ども食堂の開設"
    assert the_text(project(memory_ledger))["title"] == "子ども食堂の開設"
    assert row["opened_on"] == date(2024, 3, 29)
    assert row["fiscal_year"] == 2023


def test_the_title_and_issue_statement_are_kept_normalised_for_the_text_filter(
    memory_ledger: Ledger,
) -> None:
    given = CaseFixture(memory_ledger)
    given.open(title="ＮＰＯと　ｺﾄﾞﾓ食堂")
    memory_ledger.correct_step(
        given.ctx,
        given.id,
        corrected_version=1,
        changes={"issue_statement": "放課後にヒトリで過ごす子ども"},
        reason="誤記",
    )
    assert the_text(project(memory_ledger)) == {
        "case_id": str(given.id),
        "title": "npoと こども食堂",
        "issue_statement": "放課後にひとりで過ごす子ども",
    }


def test_events_of_other_aggregates_change_nothing(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)
    given.open()
    numbering = [
        memory_ledger.mapper.to_domain_event(n)
        for n in memory_ledger.recorder.select_notifications(0, 100, inclusive_of_start=False)
        if n.topic.startswith("kyodo:CaseNumbering")
    ]
    assert numbering
    assert all(CaseListReadModel().changes(e, 1) == [] for e in numbering)
