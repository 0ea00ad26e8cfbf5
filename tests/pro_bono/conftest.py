"""The pro bono read model over a ledger on each store (SQLite, PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from application.ledger import Ledger
from persistence.settings import Settings
from projections.pro_bono.projection import ProBonoBankReadModel
from projections.pro_bono.queries import ProBonoQueries
from tests.api.conftest import api, container, http, tokens  # noqa: F401 (fixtures)
from tests.cli.conftest import kyodo  # noqa: F401 (a fixture)
from tests.library.readside import ReadSide, read_side


@pytest.fixture
def bank_side(ledger: Ledger, settings: Settings) -> Iterator[ReadSide]:
    with read_side(ledger, settings, [ProBonoBankReadModel()]) as side:
        yield side


@pytest.fixture
def bank(bank_side: ReadSide) -> ProBonoQueries:
    bank_side.catch_up()
    return ProBonoQueries(bank_side.store)
