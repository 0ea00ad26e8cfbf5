"""Contact details are sealed per party before they reach the store: the stored bytes of
the events hold nothing of them in clear, on SQLite and on PostgreSQL; the keys sit in a
table of their own; erasure destroys the key and leaves every stored byte as it was."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from application.ledger import Ledger
from application.personal_data import contact_of
from domain.values import ContactDetails, SealedContact
from persistence.settings import Settings
from persistence.wiring import build_ledger
from tests.personal_data.conftest import (
    ADMIN,
    CONTACT,
    FACILITATOR,
    SECRETS,
    in_clear,
    register_worker,
    stored_bytes,
)
from tests.personal_data.verify import chain_breaks


@pytest.fixture
def reopen(settings: Settings) -> Iterator[list[Ledger]]:
    """Ledgers built again over the same store (a restart), closed at the end."""
    built: list[Ledger] = []
    yield built
    for ledger in built:
        ledger.close()


def test_nothing_of_the_contact_details_is_stored_in_clear(
    ledger: Ledger, settings: Settings
) -> None:
    party_id = register_worker(ledger)
    changed = ContactDetails("下関 一郎", "ichiro.new@example.jp", "083-999-0000")
    ledger.change_contact_details(FACILITATOR, party_id, changed)

    states = stored_bytes(settings)

    assert len(states) == 2
    assert in_clear(states, "pro_bono_worker") == ["pro_bono_worker"]  # the grep sees them
    assert in_clear(states, *SECRETS, "ichiro.new@example.jp", "083-999-0000") == []
    assert isinstance(ledger.get_party(party_id).contact, SealedContact)


def test_a_restarted_ledger_opens_the_contact_details_with_the_stored_key(
    ledger: Ledger, settings: Settings, reopen: list[Ledger]
) -> None:
    party_id = register_worker(ledger)
    reopen.append(build_ledger(settings))

    again = reopen[0]

    assert contact_of(again, again.get_party(party_id)) == CONTACT


def test_each_party_has_a_key_of_its_own(ledger: Ledger) -> None:
    first = ledger.get_party(register_worker(ledger)).contact
    second = ledger.get_party(register_worker(ledger)).contact

    assert isinstance(first, SealedContact)
    assert isinstance(second, SealedContact)
    assert first.key_id != second.key_id


def test_erasure_destroys_the_key_and_every_chain_still_verifies(
    ledger: Ledger, settings: Settings, reopen: list[Ledger]
) -> None:
    party_id = register_worker(ledger)
    sealed = ledger.get_party(party_id).contact
    assert isinstance(sealed, SealedContact)
    before = stored_bytes(settings)

    ledger.erase_party_personal_data(ADMIN, party_id, reason="本人からの削除請求")

    reopen.append(build_ledger(settings))
    again = reopen[0]
    party = again.get_party(party_id)
    assert party.personal_data_erased
    assert contact_of(again, party) is None
    assert again.keys.key(sealed.key_id) is None
    after = stored_bytes(settings)
    assert after[: len(before)] == before  # nothing stored was rewritten
    assert in_clear(after, *SECRETS) == []
    assert chain_breaks(settings) == []


def test_the_erasure_event_holds_its_reason_and_no_personal_data(
    ledger: Ledger, settings: Settings
) -> None:
    party_id = register_worker(ledger)

    ledger.erase_party_personal_data(ADMIN, party_id, reason="本人からの削除請求")

    states = stored_bytes(settings)
    assert in_clear(states[-1:], "本人からの削除請求") == ["本人からの削除請求"]
    assert in_clear(states, *SECRETS) == []
