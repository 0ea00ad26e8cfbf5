"""Personal data (APPI): sealing contact details under each party's own key, reading them
with a recorded reason, erasing them by destroying the key.

The keys and the log of reads live in tables of the store beside the events, behind the
`KeyStore` port (`persistence/keys.py` for SQLite and PostgreSQL, `MemoryKeyStore` for
in-memory ledgers). The domain never sees a key: it is handed a `Seal`.
ADR: docs/adr/2026-12-02-personal-data.md.
"""

from __future__ import annotations

import base64
import json
import os
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Protocol
from uuid import UUID, uuid4

from application.permissions import Access, authorise
from domain.errors import BlankValueError
from domain.party import Party
from domain.values import Actor, ContactDetails, SealedContact

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from application.ledger import Ledger

NONCE_BYTES = 12
KEY_BITS = 256


# The cipher is imported when a key is made or a contact sealed or opened: most processes
# (a case shown, a read model built) never do (ADR 2026-12-02-performance, "How a command
# ends").


def new_key() -> bytes:
    """A party's new AES-GCM key."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return AESGCM.generate_key(bit_length=KEY_BITS)


def _cipher(key: bytes) -> AESGCM:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return AESGCM(key)


@dataclass(frozen=True)
class PersonalDataRead:
    """One read of a party's personal data: who, when, which party, why."""

    party_id: UUID
    actor_id: str
    actor_role: str
    reason: str
    correlation_id: str
    read_at: datetime
    position: int = 0
    """Given by the store: the order of reads, and the key of a page's cursor."""


@dataclass(frozen=True)
class ReadsWanted:
    """Which reads of personal data a page lists: of one party and/or one reader (or every
    one), after the position `after` in the order asked — as recorded, or the latest first."""

    party_id: UUID | None = None
    actor_id: str | None = None
    after: int | None = None
    limit: int = 20
    newest_first: bool = False

    def admits(self, read: PersonalDataRead) -> bool:
        beyond = self.after is None or (
            read.position < self.after if self.newest_first else read.position > self.after
        )
        return (
            beyond
            and (self.party_id is None or read.party_id == self.party_id)
            and (self.actor_id is None or read.actor_id == self.actor_id)
        )

    def sql(self, mark: str, party: Callable[[UUID], object]) -> tuple[str, list[object]]:
        """The WHERE, ORDER BY and LIMIT of the log's select, `mark` its parameters' marker
        and `party` how the store holds a party's id."""
        parts: list[str] = []
        params: list[object] = []
        if self.after is not None:
            parts.append(f"position {'<' if self.newest_first else '>'} {mark}")
            params.append(self.after)
        if self.party_id is not None:
            parts.append(f"party_id = {mark}")
            params.append(party(self.party_id))
        if self.actor_id is not None:
            parts.append(f"actor_id = {mark}")
            params.append(self.actor_id)
        where = f" WHERE {' AND '.join(parts)}" if parts else ""
        order = " ORDER BY position DESC" if self.newest_first else " ORDER BY position"
        return f"{where}{order} LIMIT {mark}", [*params, self.limit]


class KeyStore(Protocol):
    """Where parties' keys and the log of personal-data reads are kept, apart from events."""

    def key_for(self, party_id: UUID) -> tuple[UUID, bytes]:
        """The party's key (key id, key), made on first use."""
        ...

    def key(self, key_id: UUID) -> bytes | None:
        """A key by its id; None once destroyed."""
        ...

    def destroy(self, party_id: UUID) -> int:
        """Destroy every key of the party; how many there were."""
        ...

    def record_read(self, read: PersonalDataRead) -> None: ...

    def reads(self, wanted: ReadsWanted) -> list[PersonalDataRead]:
        """The reads `wanted` names, in its order."""
        ...


class MemoryKeyStore:
    """The key store of an in-memory ledger (unit tests, scenarios)."""

    def __init__(self) -> None:
        self._keys: dict[UUID, tuple[UUID, bytes]] = {}
        self._reads: list[PersonalDataRead] = []
        self._lock = threading.Lock()

    def key_for(self, party_id: UUID) -> tuple[UUID, bytes]:
        with self._lock:
            found = next((k for k, (p, _) in self._keys.items() if p == party_id), None)
            if found is None:
                found = uuid4()
                self._keys[found] = (party_id, new_key())
            return found, self._keys[found][1]

    def key(self, key_id: UUID) -> bytes | None:
        found = self._keys.get(key_id)
        return None if found is None else found[1]

    def destroy(self, party_id: UUID) -> int:
        with self._lock:
            doomed = [k for k, (p, _) in self._keys.items() if p == party_id]
            for key_id in doomed:
                del self._keys[key_id]
            return len(doomed)

    def record_read(self, read: PersonalDataRead) -> None:
        with self._lock:
            position = len(self._reads) + 1
            self._reads.append(replace(read, position=position))

    def reads(self, wanted: ReadsWanted) -> list[PersonalDataRead]:
        ordered = reversed(self._reads) if wanted.newest_first else iter(self._reads)
        chosen = (r for r in ordered if wanted.admits(r))
        return [r for _, r in zip(range(wanted.limit), chosen, strict=False)]


def _aad(party_id: UUID, key_id: UUID) -> bytes:
    """Binds a ciphertext to its party and key: it cannot be moved onto another party."""
    return f"kyodo:party-contact:{party_id}:{key_id}".encode()


class Sealer:
    """Seals and opens contact details with the keys of a `KeyStore` (AES-GCM)."""

    def __init__(self, keys: KeyStore) -> None:
        self.keys = keys

    def seal(self, party_id: UUID, contact: ContactDetails) -> SealedContact:
        key_id, key = self.keys.key_for(party_id)
        nonce = os.urandom(NONCE_BYTES)
        clear = json.dumps(asdict(contact), ensure_ascii=False).encode()
        sealed = _cipher(key).encrypt(nonce, clear, _aad(party_id, key_id))
        return SealedContact(key_id=key_id, nonce=_b64(nonce), ciphertext=_b64(sealed))

    def open(self, party_id: UUID, sealed: SealedContact) -> ContactDetails | None:
        """The clear details; None when the key was destroyed (erased)."""
        from cryptography.exceptions import InvalidTag

        key = self.keys.key(sealed.key_id)
        if key is None:
            return None
        try:
            clear = _cipher(key).decrypt(
                base64.b64decode(sealed.nonce),
                base64.b64decode(sealed.ciphertext),
                _aad(party_id, sealed.key_id),
            )
        except InvalidTag:
            raise TamperedContactError(party_id) from None
        return ContactDetails(**json.loads(clear))


class TamperedContactError(Exception):
    """A sealed contact does not open with its key: its stored bytes were altered."""

    def __init__(self, party_id: UUID) -> None:
        super().__init__(f"the sealed contact details of party {party_id} were altered")


class MissingKeyError(Exception):
    """A party that was never erased has lost its key: the key table is not the one its
    events were sealed with (a restored backup, another store). Never shown as erased."""

    def __init__(self, party_id: UUID) -> None:
        super().__init__(f"the key of party {party_id} is missing, yet it was never erased")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def required_reason(reason: str) -> str:
    """Every read of personal data says why."""
    cleaned = reason.strip()
    if not cleaned:
        raise BlankValueError(field="reason", label="閲覧の理由")
    return cleaned


# --- the ledger's uses: reading (recorded), listing reads, the parties still in clear --------


def contact_of(ledger: Ledger, party: Party) -> ContactDetails | None:
    """The party's current contact details in clear; None once erased. Not recorded: only
    `read_contact` may hand them to a person."""
    contact = party.contact
    if party.personal_data_erased or contact is None:
        return None
    if isinstance(contact, ContactDetails):
        return contact
    opened = ledger.sealer.open(party.id, contact)
    if opened is None:
        raise MissingKeyError(party.id)
    return opened


def read_contact(
    ledger: Ledger, actor: Actor, party_id: UUID, reason: str, correlation_id: str
) -> ContactDetails | None:
    """A person reads a party's contact details: allowed roles only, with a reason, and the
    read is recorded before anything is returned (None: erased, shown as 「消去済み」)."""
    authorise(actor, Access.READ_PERSONAL_DATA)
    why = required_reason(reason)
    party = ledger.get_party(party_id)
    ledger.keys.record_read(
        PersonalDataRead(
            party_id=party_id,
            actor_id=actor.user_id,
            actor_role=actor.role.value,
            reason=why,
            correlation_id=correlation_id,
            read_at=datetime.now(UTC),
        )
    )
    return contact_of(ledger, party)


def personal_data_reads(
    ledger: Ledger,
    actor: Actor,
    party_id: UUID | None,
    after: int | None,
    limit: int,
    *,
    reader: str | None = None,
    newest_first: bool = False,
) -> list[PersonalDataRead]:
    """Who read personal data, oldest first or the latest first, of one party or all, by one
    reader or any (auditors and administrators)."""
    authorise(actor, Access.READ_PERSONAL_DATA_LOG)
    return ledger.keys.reads(ReadsWanted(party_id, reader, after, limit, newest_first))


def parties_in_clear(ledger: Ledger) -> list[UUID]:
    """Parties whose current contact details are stored in clear (registered before
    encryption, not yet sealed nor erased): what the migration seals."""
    found: list[UUID] = []
    start = 1
    topics = [Party.Registered.TOPIC]
    while True:
        page = ledger.recorder.select_notifications(start, 500, topics=topics)
        for notification in page:
            party = ledger.get_party(UUID(str(notification.originator_id)))
            if isinstance(party.contact, ContactDetails) and not party.personal_data_erased:
                found.append(party.id)
        if len(page) < 500:
            return found
        start = page[-1].id + 1
