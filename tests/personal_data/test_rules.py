"""The rules of personal data, one behaviour each (in-memory ledger, no database)."""

from __future__ import annotations

from uuid import UUID

import pytest

from application.ledger import Ledger
from application.personal_data import (
    MemoryKeyStore,
    MissingKeyError,
    Sealer,
    TamperedContactError,
    contact_of,
    parties_in_clear,
    personal_data_reads,
    read_contact,
)
from domain.errors import BlankValueError, NotAllowedError
from domain.party import ContactAlreadySealedError, Party, PersonalDataErasedError
from domain.values import ContactDetails, SealedContact
from domain.vocabulary import ActorRole, PartyKind
from tests.personal_data.conftest import (
    ADMIN,
    AUDITOR,
    CONTACT,
    FACILITATOR,
    ctx,
    register_worker,
)
from tests.unit.helpers import refused


def _erase(ledger: Ledger, party_id: UUID, reason: str = "本人からの削除請求") -> object:
    return ledger.erase_party_personal_data(ADMIN, party_id, reason=reason)


def test_registration_keeps_the_contact_details_sealed(memory_ledger: Ledger) -> None:
    party = memory_ledger.get_party(register_worker(memory_ledger))

    assert isinstance(party.contact, SealedContact)
    assert contact_of(memory_ledger, party) == CONTACT


def test_a_refused_registration_makes_no_key(memory_ledger: Ledger) -> None:
    keys = memory_ledger.keys
    assert isinstance(keys, MemoryKeyStore)

    refused(
        memory_ledger,
        BlankValueError,
        lambda: register_worker(memory_ledger, ContactDetails(email="x@example.jp")),
    )

    assert keys._keys == {}


def test_only_an_administrator_erases_personal_data(memory_ledger: Ledger) -> None:
    party_id = register_worker(memory_ledger)

    error = refused(
        memory_ledger,
        NotAllowedError,
        lambda: memory_ledger.erase_party_personal_data(FACILITATOR, party_id, reason="依頼"),
    )

    assert error.code == "forbidden"
    assert (
        error.message
        == "この操作を行う権限がありません（協働ファシリテーターは個人情報を消去できません）"
    )
    assert contact_of(memory_ledger, memory_ledger.get_party(party_id)) == CONTACT


def test_an_erasure_needs_a_reason(memory_ledger: Ledger) -> None:
    party_id = register_worker(memory_ledger)

    error = refused(memory_ledger, BlankValueError, lambda: _erase(memory_ledger, party_id, " "))

    assert error.message == "消去の理由を入力してください"
    assert contact_of(memory_ledger, memory_ledger.get_party(party_id)) == CONTACT


def test_an_erased_party_shows_no_contact_details(memory_ledger: Ledger) -> None:
    party_id = register_worker(memory_ledger)

    _erase(memory_ledger, party_id)

    party = memory_ledger.get_party(party_id)
    assert party.personal_data_erased
    assert party.contact is None
    assert contact_of(memory_ledger, party) is None


def test_personal_data_is_erased_once(memory_ledger: Ledger) -> None:
    party_id = register_worker(memory_ledger)
    _erase(memory_ledger, party_id)

    error = refused(memory_ledger, PersonalDataErasedError, lambda: _erase(memory_ledger, party_id))

    assert error.code == "personal_data_erased"


def test_erased_contact_details_cannot_be_given_again(memory_ledger: Ledger) -> None:
    party_id = register_worker(memory_ledger)
    _erase(memory_ledger, party_id)

    refused(
        memory_ledger,
        PersonalDataErasedError,
        lambda: memory_ledger.change_contact_details(FACILITATOR, party_id, CONTACT),
    )


def test_an_old_sealed_contact_no_longer_opens_after_erasure(memory_ledger: Ledger) -> None:
    party_id = register_worker(memory_ledger)
    sealed = memory_ledger.get_party(party_id).contact
    assert isinstance(sealed, SealedContact)

    _erase(memory_ledger, party_id)

    assert memory_ledger.sealer.open(party_id, sealed) is None


def test_a_sealed_contact_opens_only_for_its_own_party() -> None:
    sealer = Sealer(MemoryKeyStore())
    first, second = UUID(int=1), UUID(int=2)
    sealed = sealer.seal(first, CONTACT)
    sealer.keys.key_for(second)

    moved = SealedContact(sealer.keys.key_for(second)[0], sealed.nonce, sealed.ciphertext)
    with pytest.raises(TamperedContactError):
        sealer.open(second, moved)


def test_an_altered_ciphertext_is_detected() -> None:
    sealer = Sealer(MemoryKeyStore())
    party_id = UUID(int=1)
    sealed = sealer.seal(party_id, CONTACT)
    altered = (
        "A" + sealed.ciphertext[1:] if sealed.ciphertext[0] != "A" else "B" + sealed.ciphertext[1:]
    )

    with pytest.raises(TamperedContactError):
        sealer.open(party_id, SealedContact(sealed.key_id, sealed.nonce, altered))


# --- reading, and the log of reads ---------------------------------------------------------


def test_a_read_of_contact_details_is_recorded(memory_ledger: Ledger) -> None:
    party_id = register_worker(memory_ledger)

    contact = read_contact(memory_ledger, FACILITATOR.actor, party_id, "活動日程の連絡", "req-1")

    assert contact == CONTACT
    (read,) = personal_data_reads(memory_ledger, AUDITOR.actor, None, None, 10)
    assert (read.party_id, read.actor_id, read.actor_role, read.reason, read.correlation_id) == (
        party_id,
        "fac-1",
        "facilitator",
        "活動日程の連絡",
        "req-1",
    )


def test_a_read_needs_a_reason(memory_ledger: Ledger) -> None:
    party_id = register_worker(memory_ledger)

    with pytest.raises(BlankValueError) as raised:
        read_contact(memory_ledger, FACILITATOR.actor, party_id, "  ", "req-1")

    assert raised.value.message == "閲覧の理由を入力してください"
    assert personal_data_reads(memory_ledger, AUDITOR.actor, None, None, 10) == []


def test_an_auditor_does_not_read_contact_details(memory_ledger: Ledger) -> None:
    party_id = register_worker(memory_ledger)

    with pytest.raises(NotAllowedError):
        read_contact(memory_ledger, AUDITOR.actor, party_id, "監査", "req-1")


def test_a_facilitator_does_not_list_the_reads(memory_ledger: Ledger) -> None:
    with pytest.raises(NotAllowedError):
        personal_data_reads(memory_ledger, FACILITATOR.actor, None, None, 10)


def test_reads_are_listed_per_party_and_page_by_page(memory_ledger: Ledger) -> None:
    first, second = register_worker(memory_ledger), register_worker(memory_ledger)
    for party_id in (first, second, first):
        read_contact(memory_ledger, FACILITATOR.actor, party_id, "連絡", "req")

    page = personal_data_reads(memory_ledger, AUDITOR.actor, first, None, 1)
    rest = personal_data_reads(memory_ledger, AUDITOR.actor, first, page[-1].position, 10)

    assert [r.party_id for r in page + rest] == [first, first]
    assert page[0].position < rest[0].position


def test_reads_are_listed_latest_first_and_by_reader(memory_ledger: Ledger) -> None:
    party_id = register_worker(memory_ledger)
    chief = ctx(ActorRole.CHIEF_FACILITATOR, "chief-1", "pref")
    for who, reason in ((FACILITATOR, "連絡"), (chief, "報告"), (FACILITATOR, "再連絡")):
        read_contact(memory_ledger, who.actor, party_id, reason, "req")

    latest = personal_data_reads(memory_ledger, AUDITOR.actor, None, None, 2, newest_first=True)
    older = personal_data_reads(
        memory_ledger, AUDITOR.actor, None, latest[-1].position, 10, newest_first=True
    )
    facilitator = personal_data_reads(memory_ledger, AUDITOR.actor, None, None, 10, reader="fac-1")

    assert [r.reason for r in latest + older] == ["再連絡", "報告", "連絡"]
    assert [r.reason for r in facilitator] == ["連絡", "再連絡"]


# --- parties stored before encryption ------------------------------------------------------


def _legacy(ledger: Ledger) -> UUID:
    """A party as the code before encryption stored it: contact details in clear."""
    from tests.personal_data.legacy import register_in_clear

    return register_in_clear(ledger)


def test_a_party_stored_in_clear_still_reads(memory_ledger: Ledger) -> None:
    party_id = _legacy(memory_ledger)

    assert contact_of(memory_ledger, memory_ledger.get_party(party_id)) == CONTACT
    assert parties_in_clear(memory_ledger) == [party_id]


def test_sealing_supersedes_the_clear_contact_details(memory_ledger: Ledger) -> None:
    party_id = _legacy(memory_ledger)

    memory_ledger.seal_contact_details(ADMIN, party_id)

    party = memory_ledger.get_party(party_id)
    assert isinstance(party.contact, SealedContact)
    assert contact_of(memory_ledger, party) == CONTACT
    assert parties_in_clear(memory_ledger) == []


def test_sealed_contact_details_are_not_sealed_again(memory_ledger: Ledger) -> None:
    party_id = register_worker(memory_ledger)

    refused(
        memory_ledger,
        ContactAlreadySealedError,
        lambda: memory_ledger.seal_contact_details(ADMIN, party_id),
    )


def test_erasing_a_party_stored_in_clear_hides_its_contact(memory_ledger: Ledger) -> None:
    party_id = _legacy(memory_ledger)

    _erase(memory_ledger, party_id)

    assert contact_of(memory_ledger, memory_ledger.get_party(party_id)) is None
    assert parties_in_clear(memory_ledger) == []


def test_the_kind_of_a_party_is_untouched_by_erasure(memory_ledger: Ledger) -> None:
    party_id = register_worker(memory_ledger)

    _erase(memory_ledger, party_id)

    party: Party = memory_ledger.get_party(party_id)
    assert (party.kind, party.name) == (PartyKind.PRO_BONO_WORKER, "プロボノワーカー（個人）")


def test_a_lost_key_is_an_error_not_an_erasure(memory_ledger: Ledger) -> None:
    party_id = register_worker(memory_ledger)
    memory_ledger.keys.destroy(party_id)  # lost behind the ledger's back, not erased

    with pytest.raises(MissingKeyError):
        contact_of(memory_ledger, memory_ledger.get_party(party_id))
