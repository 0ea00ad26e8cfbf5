"""Parties as the code before encryption stored them: `ContactDetails` in clear in the event."""

from __future__ import annotations

from uuid import UUID

from application.handling import step_context
from application.ledger import Ledger
from domain.commands.party import RegisterParty
from domain.party import Party
from domain.values import ContactDetails
from domain.vocabulary import PartyKind
from tests.personal_data.conftest import CONTACT, FACILITATOR


def register_in_clear(
    ledger: Ledger, contact: ContactDetails = CONTACT, name: str = "やまぐち森の会"
) -> UUID:
    command = RegisterParty(
        kind=PartyKind.VOLUNTARY_GROUP, name=name, municipality="下関市", contact=contact
    )
    party = Party.register_party(
        command,
        step_context(ledger, FACILITATOR),
        lambda _, clear: clear,  # type: ignore[arg-type,return-value]
    )
    ledger.save(party)
    return party.id
