"""A record clock for tests: the ledger stamps events with the moment it is set to (one
microsecond later for each event), so that steps can be recorded on chosen days."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from eventsourcing.domain import CanCreateTimestamp

TOKYO = ZoneInfo("Asia/Tokyo")


class RecordClock:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now = datetime(2024, 1, 1, tzinfo=UTC)
        monkeypatch.setattr(CanCreateTimestamp, "create_timestamp", staticmethod(self.tick))

    def tick(self) -> datetime:
        self.now += timedelta(microseconds=1)
        return self.now

    def set(self, day: date, at: time = time(10, 0)) -> None:
        """Record what follows on `day`, from `at` (Asia/Tokyo) on."""
        self.now = datetime.combine(day, at, TOKYO).astimezone(UTC)
