"""Loading keeps the events it decoded lately, by what was stored, when no one can change
them: a command decodes only the events of its case it has not seen yet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from uuid import uuid4

from eventsourcing.persistence import StoredEvent

from application.loading import DecodedEvents
from domain.values import EventMeta
from domain.vocabulary import ActorRole, Source

META = EventMeta("fac-01", ActorRole.FACILITATOR, "corr-1", Source.IMPORT)


@dataclass(frozen=True)
class Happened:
    originator_version: int
    timestamp: datetime
    occurred_on: date
    meta: EventMeta
    parties: Any


class Counting:
    def __init__(self, parties: Any = ("a", "b")) -> None:
        self.calls = 0
        self.parties = parties

    def to_domain_event(self, stored: StoredEvent) -> Happened:
        """A mapper's decoding, counted."""
        self.calls += 1
        at = datetime.now(UTC)
        return Happened(stored.originator_version, at, at.date(), META, self.parties)


def _stored(version: int = 1, state: bytes = b"{}") -> StoredEvent:
    return StoredEvent(uuid4(), version, "tests:Happened", state)


def test_the_same_stored_event_is_decoded_once() -> None:
    decode = Counting()
    loads = DecodedEvents(decode)
    stored = _stored()
    first = loads(stored)
    again = loads(StoredEvent(stored.originator_id, 1, stored.topic, bytes(stored.state)))
    assert again is first
    assert decode.calls == 1


def test_other_bytes_under_the_same_version_are_decoded_again() -> None:
    decode = Counting()
    loads = DecodedEvents(decode)
    stored = _stored(state=b'{"a":1}')
    loads(stored)
    loads(StoredEvent(stored.originator_id, 1, stored.topic, b'{"a":2}'))
    assert decode.calls == 2


def test_an_event_holding_a_mutable_value_is_never_shared() -> None:
    decode = Counting(parties=["a", "b"])
    loads = DecodedEvents(decode)
    stored = _stored()
    assert loads(stored) is not loads(stored)
    assert decode.calls == 2


def test_only_the_last_events_are_kept() -> None:
    decode = Counting()
    loads = DecodedEvents(decode, size=2)
    first, second, third = _stored(), _stored(), _stored()
    for stored in (first, second, third, second, third):
        loads(stored)
    assert decode.calls == 3
    loads(first)
    assert decode.calls == 4
