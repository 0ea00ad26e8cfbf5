"""The attention read model over a ledger on each store (SQLite, PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from application.ledger import Ledger
from persistence.settings import Settings
from projections.attention.projection import AttentionReadModel
from projections.attention.queries import AttentionQueries
from tests.api.conftest import api, container, http, tokens  # noqa: F401 (fixtures)
from tests.cli.conftest import kyodo  # noqa: F401 (a fixture)
from tests.library.readside import ReadSide, read_side


@pytest.fixture
def attention_side(ledger: Ledger, settings: Settings) -> Iterator[ReadSide]:
    with read_side(ledger, settings, [AttentionReadModel()]) as side:
        yield side


@pytest.fixture
def queries(attention_side: ReadSide) -> AttentionQueries:
    return AttentionQueries(attention_side.store)
