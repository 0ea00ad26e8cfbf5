"""The daily digest: one Merkle root over every chain's head as of the end of a day in
Asia/Tokyo. Events recorded later never change an earlier day's digest; an altered event
of that day does."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import eventsourcing.domain
import pytest

from application.proof import DayNotOverError, end_of_day
from persistence.verification import ChainStore, daily_digest
from tests.audit.tampering import Tamperer
from tests.support import CaseFixture

DAY = date(2026, 11, 30)
LATER = datetime(2030, 1, 1, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 30, 5, 0, tzinfo=UTC)  # 14:00 in Tokyo

    def __call__(self) -> datetime:
        self.now += timedelta(milliseconds=1)
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """The record time events are stamped with (the store's clock, not the business date)."""
    clock = Clock()
    monkeypatch.setattr(eventsourcing.domain, "datetime_now_with_tzinfo", clock)
    return clock


def test_the_day_ends_at_midnight_in_tokyo() -> None:
    assert end_of_day(DAY) == datetime(2026, 11, 30, 15, 0, tzinfo=UTC)


def test_a_day_that_has_not_ended_has_no_digest(store: ChainStore) -> None:
    with pytest.raises(DayNotOverError):
        daily_digest(store, DAY, now=datetime(2026, 11, 30, 14, 59, tzinfo=UTC))


def test_later_events_never_change_an_earlier_day_s_digest(
    store: ChainStore, clock: Clock, case: CaseFixture
) -> None:
    first = daily_digest(store, DAY, now=LATER)
    assert first.intact
    assert (first.heads, first.events) == (4, 4 + 2 + 2)  # case, two parties, numbering
    clock.now = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)  # 00:00 the next day in Tokyo
    case.act()
    case.join("山口大学")
    again = daily_digest(store, DAY, now=LATER)
    assert again.digest == first.digest
    assert (again.heads, again.events) == (first.heads, first.events)
    next_day = daily_digest(store, DAY + timedelta(days=1), now=LATER)
    assert next_day.digest != first.digest
    assert next_day.events == first.events + 3


def test_an_altered_event_of_that_day_changes_its_digest(
    store: ChainStore, clock: Clock, case: CaseFixture, tamper: Tamperer
) -> None:
    before = daily_digest(store, DAY, now=LATER)
    tamper.replace_in_state(case.id, 2, "協力", "非協力")
    after = daily_digest(store, DAY, now=LATER)
    assert after.digest != before.digest
    assert not after.intact
