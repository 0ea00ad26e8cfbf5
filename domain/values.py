"""Value objects carried by events. Frozen; sequences are tuples (kept tuples on reload)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from domain.vocabulary import ActorRole, PartyKind, PartyRole, Source


@dataclass(frozen=True)
class Actor:
    """Who asks: a user id, the role the token grants and, for facilitators, their centre."""

    user_id: str
    role: ActorRole
    centre: str | None = None


@dataclass(frozen=True)
class EventMeta:
    """Recorded on every event: who recorded it, within which request, through what."""

    actor_id: str
    actor_role: ActorRole
    correlation_id: str
    source: Source


@dataclass(frozen=True)
class CommandContext:
    """What every command needs besides its own arguments. `today` is Asia/Tokyo's date."""

    actor: Actor
    today: date
    correlation_id: str
    source: Source = Source.API

    @property
    def meta(self) -> EventMeta:
        return EventMeta(
            actor_id=self.actor.user_id,
            actor_role=self.actor.role,
            correlation_id=self.correlation_id,
            source=self.source,
        )


@dataclass(frozen=True)
class PartyRef:
    """A registered party as a case sees it: no names, so no personal data."""

    party_id: UUID
    kind: PartyKind


@dataclass(frozen=True)
class RoleAssignment:
    """In an agreement: what one party takes on."""

    party_id: UUID
    role: PartyRole
    responsibility: str = ""


@dataclass(frozen=True)
class Outcome:
    """One result against a goal: `実績値` beside `目標値`, with a unit and a remark."""

    indicator: str
    actual: int | None = None
    target: int | None = None
    unit: str = ""
    note: str = ""


@dataclass(frozen=True)
class SuccessStory:
    """The published text of a success case (協働事例集 fields). Names parties by id only."""

    title: str
    summary: str
    how_started: str
    outcomes: str
    lessons: str
    party_ids: tuple[UUID, ...] = field(default=())


@dataclass(frozen=True)
class ContactDetails:
    """Personal data of a party: kept on the party only, to be encrypted and erasable."""

    person_name: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""


@dataclass(frozen=True)
class SealedContact:
    """Contact details as the events keep them: encrypted (AES-GCM) under the party's own key,
    which is kept apart from the events. `nonce` and `ciphertext` are base64 text; once the
    key is destroyed they can never be read again, yet the stored bytes stay as they were."""

    key_id: UUID
    nonce: str
    ciphertext: str


@dataclass(frozen=True)
class FollowUp:
    """A meeting's decision to replicate a case elsewhere, with an owner (a centre)."""

    case_id: UUID
    municipality: str
    owner_centre: str
    action: str
