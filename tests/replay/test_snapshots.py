"""Snapshots: a case loads from its latest snapshot and the events after it, to the same
state as a replay of every event; replaying to any point reads a bounded number of events."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest

from application.ledger import SNAPSHOT_INTERVAL, Ledger
from application.replay import AsOf, CaseReplay, fold
from application.snapshots import AggregateSnapshot, decode_state, encode_state
from persistence.record_index import record_times
from tests.replay.long_case import long_case
from tests.support import FACILITATOR, CaseFixture


@contextmanager
def decoded(ledger: Ledger) -> Iterator[list[int]]:
    """Counts the stored events and snapshots the ledger decodes meanwhile."""
    count = [0]
    original = ledger.mapper.to_domain_event
    kept = getattr(ledger.repository, "decoded", None)
    if kept is not None:
        kept.clear()  # every event read is decoded, so counted

    def counting(stored: Any) -> Any:
        count[0] += 1
        return original(stored)

    ledger.mapper.to_domain_event = counting  # type: ignore[method-assign]
    try:
        yield count
    finally:
        ledger.mapper.to_domain_event = original  # type: ignore[method-assign]


def state(case: Any) -> dict[str, Any]:
    found = {k: v for k, v in vars(case).items() if k not in ("_pending_events", "participations")}
    found["participations"] = {k: vars(p) for k, p in case.participations.items()}
    return found


def test_a_case_state_survives_encoding(ledger: Ledger) -> None:
    case_id = long_case(ledger, 60)
    case = ledger.get_case(case_id)
    assert state(decode_state(encode_state(case))) == state(case)


def test_a_snapshotted_case_loads_as_a_full_replay_does(ledger: Ledger) -> None:
    case_id = long_case(ledger, 2 * SNAPSHOT_INTERVAL + 7)
    full, _ = fold(ledger.case_history(case_id))
    assert ledger.snapshots is not None
    assert [s.originator_version for s in ledger.snapshots.get(case_id)] == [50, 100]
    assert state(ledger.get_case(case_id)) == state(full)


def test_replay_to_a_version_reads_at_most_one_snapshot_and_an_interval(ledger: Ledger) -> None:
    case_id = long_case(ledger, 2000)
    for version in (1, 49, 50, 1234, 1999, 2000):
        with decoded(ledger) as count:
            case = ledger.get_case(case_id, version=version)
        assert case.version == version
        assert 0 < count[0] <= SNAPSHOT_INTERVAL


def test_replay_to_a_record_time_reads_a_bounded_number_of_events(ledger: Ledger) -> None:
    case_id = long_case(ledger, 2000)
    replay = CaseReplay(ledger, record_times(ledger.recorder))
    moment = replay.ledger.get_case(case_id, version=1500).modified_on
    with decoded(ledger) as count:
        known = replay.as_known_at(case_id, moment)
    assert known.case.version == 1500
    # the first event (who may read it), the last (the head), a snapshot and the rest
    assert 0 < count[0] <= SNAPSHOT_INTERVAL + 2


def test_a_command_on_a_long_case_reads_a_bounded_number_of_events(ledger: Ledger) -> None:
    case_id = long_case(ledger, 2000)
    with decoded(ledger) as count:
        ledger.add_note(FACILITATOR, case_id, text="監査前の確認", occurred_on=date(2025, 3, 1))
    assert 0 < count[0] <= SNAPSHOT_INTERVAL + 5


def test_a_closed_case_state_survives_encoding(memory_ledger: Ledger) -> None:
    fixture = CaseFixture(memory_ledger)
    fixture.through_success()
    fixture.nominate()
    case = memory_ledger.get_case(fixture.id)
    assert state(decode_state(encode_state(case))) == state(case)


def test_a_snapshot_that_cannot_be_stored_never_fails_the_command(
    memory_ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = long_case(memory_ledger, SNAPSHOT_INTERVAL - 1)

    def refuse(aggregate: Any) -> Any:
        raise TypeError("no transcoding for this value")

    monkeypatch.setattr(AggregateSnapshot, "take", refuse)
    done = memory_ledger.add_note(FACILITATOR, case_id, text="確認", occurred_on=date(2025, 3, 1))
    assert done.version == SNAPSHOT_INTERVAL
    assert memory_ledger.snapshots is not None
    assert list(memory_ledger.snapshots.get(case_id)) == []
    assert memory_ledger.get_case(case_id).version == SNAPSHOT_INTERVAL


def test_replay_to_a_business_date_reads_the_kept_events_after_a_snapshot(ledger: Ledger) -> None:
    case_id = long_case(ledger, 2000)
    replay = CaseReplay(ledger, record_times(ledger.recorder))
    day = ledger.get_case(case_id, version=1234).step_dates[1234]
    with decoded(ledger) as count:
        on = replay.as_of(case_id, AsOf(occurred_on=day))
    assert on.versions == tuple(range(1, on.case.version + 1))
    assert on.case.step_dates[on.case.version] == day
    # the first event, a snapshot and the events after it (notes are dated ten a day)
    assert 0 < count[0] <= SNAPSHOT_INTERVAL + 12
