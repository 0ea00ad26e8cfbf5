"""Fixtures for the proof tests: a ledger on each store with a case of four versions, and a
tamperer that alters that store directly."""

from __future__ import annotations

import pytest

from application.ledger import Ledger
from domain.vocabulary import PartyKind, PartyRole
from persistence.settings import Settings
from persistence.verification import ChainStore, chain_store
from tests.audit.tampering import Tamperer
from tests.support import CaseFixture


@pytest.fixture
def tamper(settings: Settings) -> Tamperer:
    return Tamperer(settings)


@pytest.fixture
def store(ledger: Ledger) -> ChainStore:
    return chain_store(ledger)


@pytest.fixture
def case(ledger: Ledger) -> CaseFixture:
    """Opened (v1), two parties joined (v2, v3), an agreement (v4)."""
    given = CaseFixture(ledger)
    given.open()
    given.join("こどもの未来", role=PartyRole.PROPOSER)
    given.join("山口食品株式会社", PartyKind.BUSINESS, PartyRole.VENUE_OR_GOODS)
    given.agree()
    return given
