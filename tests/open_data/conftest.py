"""A ledger with a published success case whose parties have personal data, and the
library read model over it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from application.ledger import Ledger
from domain.values import ContactDetails
from domain.vocabulary import PartyKind, PartyRole
from persistence.settings import Settings
from projections.library.projection import Library
from tests.api.conftest import api, container, http, tokens  # noqa: F401 (fixtures)
from tests.cli.conftest import kyodo  # noqa: F401 (a fixture)
from tests.library.given import publish
from tests.library.readside import ReadSide, read_side
from tests.support import OPENED_ON, CaseFixture

CONTACT = ContactDetails(
    person_name="山田花子", email="hanako@example.jp", phone="083-000-0000", address="山口市1-1"
)
WORKER = "藤井一郎"
"""A pro bono worker: a natural person, whose name open data never shows."""


@pytest.fixture
def library_side(ledger: Ledger, settings: Settings) -> Iterator[ReadSide]:
    with read_side(ledger, settings, [Library()]) as side:
        yield side


def _registered(given: CaseFixture, name: str, kind: PartyKind) -> None:
    given.parties[name] = given.ledger.register_party(
        given.ctx,
        kind=kind,
        name=name,
        municipality="山口市",
        fields=["まちづくり"],
        contact=CONTACT,
        publication_consent=True,
        occurred_on=OPENED_ON - timedelta(days=30),
    ).aggregate_id


def published_with_personal_data(ledger: Ledger, title: str = "地域ぐるみの子ども食堂") -> str:
    """A published case: an NPO, a business and a pro bono worker, each with contact details."""
    given = CaseFixture(ledger)
    _registered(given, "こどもの未来", PartyKind.NPO_CORPORATION)
    _registered(given, "山口食品株式会社", PartyKind.BUSINESS)
    _registered(given, WORKER, PartyKind.PRO_BONO_WORKER)
    given.open(title)
    given.join("こどもの未来", role=PartyRole.PROPOSER)
    given.join("山口食品株式会社", PartyKind.BUSINESS, PartyRole.VENUE_OR_GOODS)
    given.join(WORKER, PartyKind.PRO_BONO_WORKER, PartyRole.EXPERTISE)
    given.agree()
    given.act()
    given.review()
    given.close()
    given.nominate()
    publish(given, title=title, summary="NPOと企業が協働して子ども食堂を開いた")
    return str(given.id)
