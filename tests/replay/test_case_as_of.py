"""A case as it stood: at a version, as known at a record time, as of a business date.
The two time axes differ when a step is logged after the fact."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from application.ledger import Ledger
from application.replay import (
    AsOf,
    AsOfAxisError,
    BeforeOpeningError,
    CaseReplay,
    NoSuchVersionError,
    NotYetRecordedError,
    dated_by,
)
from domain.vocabulary import CaseState, PartyRole
from persistence.record_index import record_times
from tests.support import OPENED_ON, CaseFixture


@pytest.fixture
def replay(ledger: Ledger) -> CaseReplay:
    return CaseReplay(ledger, record_times(ledger.recorder))


def late_joining(ledger: Ledger) -> CaseFixture:
    """Opened 5/1; a hearing on 5/20 is logged; then a party's joining on 5/10 is logged
    after the fact (version 3, recorded after the hearing)."""
    fixture = CaseFixture(ledger)
    fixture.open()
    ledger.hold_hearing(fixture.ctx, fixture.id, summary="聞き取り", occurred_on=date(2024, 5, 20))
    fixture.join("こどもの未来", role=PartyRole.PROPOSER, on=date(2024, 5, 10))
    return fixture


def test_at_a_version(replay: CaseReplay) -> None:
    fixture = late_joining(replay.ledger)
    at = replay.as_of(fixture.id, AsOf(version=2))
    assert at.case.version == 2
    assert at.versions == (1, 2)
    assert at.head == 3
    assert at.case.state is CaseState.INTAKE


def test_as_known_at_a_moment_leaves_out_what_was_logged_later(replay: CaseReplay) -> None:
    fixture = late_joining(replay.ledger)
    hearing_logged = replay.ledger.get_case(fixture.id, version=2).modified_on
    known = replay.as_of(fixture.id, AsOf(recorded_at=hearing_logged))
    assert known.versions == (1, 2)
    assert known.case.participations == {}


def test_as_of_a_business_date_includes_steps_logged_later(replay: CaseReplay) -> None:
    fixture = late_joining(replay.ledger)
    on = replay.as_of(fixture.id, AsOf(occurred_on=date(2024, 5, 15)))
    assert on.versions == (1, 3)
    assert on.case.version == 3
    assert on.case.state is CaseState.COORDINATING
    assert len(on.case.participations) == 1


def test_a_record_time_between_two_steps(replay: CaseReplay) -> None:
    fixture = late_joining(replay.ledger)
    first = replay.ledger.get_case(fixture.id, version=1).modified_on
    second = replay.ledger.get_case(fixture.id, version=2).modified_on
    between = first + (second - first) / 2
    assert replay.as_of(fixture.id, AsOf(recorded_at=between)).versions == (1,)


def test_the_in_memory_store_reads_record_times_from_the_events(memory_ledger: Ledger) -> None:
    replay = CaseReplay(memory_ledger)
    fixture = late_joining(memory_ledger)
    hearing_logged = memory_ledger.get_case(fixture.id, version=2).modified_on
    assert replay.as_of(fixture.id, AsOf(recorded_at=hearing_logged)).versions == (1, 2)


def test_a_corrected_date_moves_a_step_on_the_business_axis(memory_ledger: Ledger) -> None:
    fixture = late_joining(memory_ledger)
    memory_ledger.correct_step(
        fixture.ctx,
        fixture.id,
        corrected_version=2,
        changes={"occurred_on": date(2024, 5, 12)},
        reason="日付の誤り",
    )
    events = memory_ledger.case_history(fixture.id)
    assert [e.originator_version for e in dated_by(events, date(2024, 5, 11))] == [1, 3]
    assert [e.originator_version for e in dated_by(events, date(2024, 5, 12))] == [1, 2, 3, 4]


def test_exactly_one_axis() -> None:
    with pytest.raises(AsOfAxisError):
        AsOf()
    with pytest.raises(AsOfAxisError):
        AsOf(version=1, occurred_on=date(2024, 5, 1))


def test_refusals_name_what_is_wrong(memory_ledger: Ledger) -> None:
    replay = CaseReplay(memory_ledger)
    fixture = late_joining(memory_ledger)
    with pytest.raises(NoSuchVersionError, match="第4版はありません"):
        replay.as_of(fixture.id, AsOf(version=4))
    with pytest.raises(BeforeOpeningError):
        replay.as_of(fixture.id, AsOf(occurred_on=OPENED_ON - timedelta(days=1)))
    opened = memory_ledger.get_case(fixture.id, version=1).modified_on
    with pytest.raises(NotYetRecordedError, match="まだ記録されていません"):
        replay.as_of(fixture.id, AsOf(recorded_at=opened - timedelta(seconds=1)))


def test_the_index_and_a_full_replay_agree_on_every_business_date(replay: CaseReplay) -> None:
    fixture = late_joining(replay.ledger)
    replay.ledger.correct_step(
        fixture.ctx,
        fixture.id,
        corrected_version=2,
        changes={"occurred_on": date(2024, 5, 12)},
        reason="日付の誤り",
    )
    fixture.join("山口食品株式会社", on=date(2024, 5, 3))
    without_index = CaseReplay(replay.ledger)
    for offset in range(0, 30, 2):
        day = OPENED_ON + timedelta(days=offset)
        indexed = replay.as_of(fixture.id, AsOf(occurred_on=day))
        folded = without_index.as_of(fixture.id, AsOf(occurred_on=day))
        assert indexed.versions == folded.versions, day
        assert indexed.case.state is folded.case.state
        assert set(indexed.case.participations) == set(folded.case.participations)
        assert indexed.case.step_dates == folded.case.step_dates
