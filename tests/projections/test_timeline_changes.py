"""The timeline's pure function and its Japanese summaries — no database."""

from __future__ import annotations

import json
from datetime import date

from application.ledger import Ledger
from domain.vocabulary import PartyKind, PartyRole
from projections.engine.base import MemoryTables
from projections.timeline.projection import PRIMARY_KEYS, TimelineReadModel
from tests.support import CaseFixture


def project(ledger: Ledger) -> MemoryTables:
    model = TimelineReadModel()
    tables = MemoryTables(PRIMARY_KEYS)
    for note in ledger.recorder.select_notifications(0, 10_000, inclusive_of_start=False):
        tables.apply(model.changes(ledger.mapper.to_domain_event(note), note.id))
    return tables


def test_one_entry_per_event_with_who_recorded_it(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)
    given.through_success()
    entries = project(memory_ledger).table("timeline")
    assert [e["version"] for e in entries] == [1, 2, 3, 4, 5, 6, 7]
    first = entries[0]
    assert first["summary"] == "相談を受け付けました（子ども食堂の立ち上げ）"
    assert first["actor_id"] == "fac-yamaguchi-01"
    assert first["actor_role"] == "facilitator"
    assert first["step_label"] == "相談受付"
    assert json.loads(str(first["details"]))["municipality"] == "35203"
    assert entries[-1]["summary"] == "案件を完了しました（成功）"


def test_a_correction_is_kept_for_the_entry_it_corrects(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)
    given.open()
    memory_ledger.correct_step(
        given.ctx,
        given.id,
        corrected_version=1,
        changes={"occurred_on": date(2024, 4, 26)},
        reason="受付日の誤り",
    )
    tables = project(memory_ledger)
    opening, correction_entry = tables.table("timeline")
    assert opening["occurred_on"] == date(2024, 4, 26)
    assert opening["original_occurred_on"] == date(2024, 5, 1)
    assert correction_entry["summary"] == "第1版の「相談受付」を訂正しました：受付日の誤り"
    (correction,) = tables.table("corrections")
    assert correction["corrected_version"] == 1
    assert correction["version"] == 2
    assert json.loads(str(correction["changes"])) == {"occurred_on": "2024-04-26"}


def test_a_long_text_is_cut_to_one_line(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)
    given.open()
    memory_ledger.add_note(given.ctx, given.id, text="長い\nメモ" + "あ" * 100)
    note = project(memory_ledger).table("timeline")[-1]
    summary = str(note["summary"])
    assert "\n" not in summary
    assert summary.startswith("メモ：長い メモ")
    assert summary.endswith("…")
    assert len(summary) == len("メモ：") + 40


def test_a_joining_party_is_kept_for_its_public_name(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)
    given.open()
    food = given.join("山口食品株式会社", PartyKind.BUSINESS, PartyRole.VENUE_OR_GOODS)
    tables = project(memory_ledger)
    joined = tables.table("timeline")[-1]
    assert joined["party_id"] == str(food)
    assert joined["summary_tail"] == "が場・物品の提供として参加しました"
    assert joined["summary"] == "事業者（企業）が場・物品の提供として参加しました"
    names = {r["party_id"]: r["name"] for r in tables.table("party_names")}
    assert names[str(food)] == "山口食品株式会社"


def test_a_pro_bono_request_says_the_skill_the_hours_and_what_for(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)
    given.open()
    memory_ledger.declare_pro_bono_need(
        given.ctx, given.id, skill="広報・デザイン", hours=20, occurred_on=date(2024, 5, 4)
    )
    memory_ledger.declare_pro_bono_need(
        given.ctx,
        given.id,
        skill="it_web",
        hours=8,
        description="予約サイトの\n立ち上げ",
        occurred_on=date(2024, 5, 5),
    )
    _, bare, described = project(memory_ledger).table("timeline")
    assert bare["summary"] == "プロボノを依頼しました（広報・デザイン・20時間）"
    assert (
        described["summary"] == "プロボノを依頼しました（IT・ウェブ・8時間）：予約サイトの 立ち上げ"
    )
