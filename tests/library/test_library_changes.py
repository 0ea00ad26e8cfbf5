"""The library's pure part: events → staging rows → an entry (no database)."""

from __future__ import annotations

import json
from dataclasses import asdict, replace
from typing import Any

from application.ledger import Ledger
from projections.engine.base import MemoryTables
from projections.library.entry import LibraryEntry, OutcomeFigure, PublicParty, render_entry
from projections.library.projection import Library
from tests.library.given import published_case
from tests.support import CHIEF, TODAY

KEYS = {
    "parties": ("party_id",),
    "facts": ("case_id",),
    "members": ("case_id", "party_id"),
    "meetings": ("case_id", "meeting_id"),
    "replications": ("case_id", "replica_id"),
    "moments": ("position",),
}


def project(ledger: Ledger) -> MemoryTables:
    model = Library()
    tables = MemoryTables(KEYS)
    for note in ledger.recorder.select_notifications(1, 10_000):
        tables.apply(model.changes(ledger.mapper.to_domain_event(note), note.id))
    return tables


def rendered(tables: MemoryTables, case_id: str) -> LibraryEntry | None:
    facts: dict[str, Any] = next(r for r in tables.table("facts") if r["case_id"] == case_id)
    members = [r for r in tables.table("members") if r["case_id"] == case_id]
    names = {str(r["party_id"]): r["name"] for r in tables.table("parties") if r["consent"]}
    return render_entry(facts, members, names, 0, 0)  # type: ignore[arg-type]


def test_a_published_story_renders_as_an_entry(memory_ledger: Ledger) -> None:
    given = published_case(memory_ledger)
    entry = rendered(project(memory_ledger), str(given.id))
    assert entry is not None
    assert (entry.title, entry.lessons) == (
        "地域ぐるみの子ども食堂",
        "食材の提供を事業者と分担した",
    )
    assert (entry.opened_on, entry.closed_on, entry.duration_days) == (
        "2024-05-01",
        "2024-09-28",
        150,
    )
    assert entry.party_kinds == "business+npo_corporation"
    assert entry.field_labels == ("子どもの健全育成",)
    assert LibraryEntry.from_json(entry.to_json()) == entry


def test_an_entry_is_stored_as_the_text_of_its_whole_value(memory_ledger: Ledger) -> None:
    """`to_json` writes what `json.dumps(asdict(entry))` writes, byte for byte: stored entries
    and their revisions compare as text, so a faster path must not change one byte."""
    given = published_case(memory_ledger)
    entry = rendered(project(memory_ledger), str(given.id))
    assert entry is not None
    fuller = replace(
        entry,
        outcome_figures=(
            OutcomeFigure("参加者数", 120, 100, "人", "延べ"),
            OutcomeFigure("満足度", None, None, "%"),
        ),
        parties=(
            *entry.parties,
            PublicParty(None, "pro_bono_worker", "プロボノ", "expertise", "専門"),
        ),
        form=None,
        closed_on=None,
        sdgs=(3, 11),
    )
    for one in (entry, fuller):
        assert one.to_json() == json.dumps(asdict(one), ensure_ascii=False, sort_keys=True)
        assert LibraryEntry.from_json(one.to_json()) == one


def test_a_withdrawn_story_renders_as_nothing(memory_ledger: Ledger) -> None:
    given = published_case(memory_ledger)
    memory_ledger.withdraw_success_case(CHIEF, given.id, reason="見直し", occurred_on=TODAY)
    assert rendered(project(memory_ledger), str(given.id)) is None


def test_a_replicating_consultation_is_recorded_on_the_original(memory_ledger: Ledger) -> None:
    original = published_case(memory_ledger)
    copy = published_case(memory_ledger, title="下関の子ども食堂", replicates=original.id)
    assert project(memory_ledger).table("replications") == [
        {"case_id": str(original.id), "replica_id": str(copy.id)}
    ]


def test_events_the_library_does_not_need_change_nothing(memory_ledger: Ledger) -> None:
    given = published_case(memory_ledger)
    memory_ledger.add_note(given.ctx, given.id, text="次回は夏休みに", occurred_on=TODAY)
    last = memory_ledger.case_history(given.id)[-1]
    assert Library().changes(last, 999) == []
