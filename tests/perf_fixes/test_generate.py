"""`kyodo demo generate`: many cases through the aggregates' own rules, saved in batches."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from application.ledger import Ledger
from demo.generate import Generator
from demo.loader import default_context
from domain.case import Case
from domain.meeting import Meeting
from domain.vocabulary import CaseState
from persistence.settings import Settings
from persistence.wiring import build_ledger

TODAY = date(2026, 12, 2)


def generated(tmp_path: Path, cases: int, seed: int = 3) -> tuple[Ledger, Generator]:
    ledger = build_ledger(Settings(data_dir=tmp_path))
    generator = Generator(ledger, default_context, seed, TODAY)
    generator.register_parties(1)
    for _ in generator.batches(cases):
        pass
    return ledger, generator


def test_every_state_and_published_cases_and_meetings(tmp_path: Path) -> None:
    ledger, generator = generated(tmp_path, 250)
    summary = generator.summary
    assert summary.cases == 250
    assert set(summary.states) == {s.value for s in CaseState}
    assert summary.published > 0
    assert summary.meetings > 0
    assert summary.events == ledger.recorder.max_notification_id()
    ledger.close()


def test_stored_cases_load_with_distinct_numbers(tmp_path: Path) -> None:
    ledger, generator = generated(tmp_path, 120)
    published = [ledger.get_case(case_id) for case_id in generator.published]
    assert all(isinstance(c, Case) and c.published for c in published)
    numbers = {ledger.get_case(c.id).number for c in published}
    assert len(numbers) == len(published)
    meetings = generator.directory.meetings.values()
    assert all(isinstance(ledger.get_meeting(m.id), Meeting) for m in meetings)
    ledger.close()


def test_same_seed_same_story(tmp_path: Path) -> None:
    first = generated(tmp_path / "a", 60, seed=9)
    second = generated(tmp_path / "b", 60, seed=9)
    assert first[1].summary.states == second[1].summary.states
    first[0].close()
    second[0].close()
