from __future__ import annotations

from collections.abc import Iterator

import pytest

from application.ledger import Ledger
from persistence.settings import Settings
from projections.library.projection import Library
from tests.library.readside import ReadSide, read_side
from tests.replay.clock import RecordClock


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> RecordClock:
    return RecordClock(monkeypatch)


@pytest.fixture
def library_side(ledger: Ledger, settings: Settings) -> Iterator[ReadSide]:
    with read_side(ledger, settings, [Library()]) as side:
        yield side
