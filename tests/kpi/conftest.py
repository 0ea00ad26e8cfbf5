from __future__ import annotations

from collections.abc import Iterator

import pytest

from application.ledger import Ledger
from persistence.settings import Settings
from projections.kpi.projection import Kpi
from tests.library.readside import ReadSide, read_side


@pytest.fixture
def kpi_side(ledger: Ledger, settings: Settings) -> Iterator[ReadSide]:
    with read_side(ledger, settings, [Kpi()]) as side:
        yield side
