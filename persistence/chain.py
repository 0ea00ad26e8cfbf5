"""The tamper-evidence chain: each event's hash covers its stored bytes and the previous hash.

hash(v) = sha256( prev_hash(v) "\n" originator_id "\n" v "\n" topic "\n" state-bytes ),
with prev_hash(1) = 64 zeros. The procedure is the same offline, from an export.
Only version 1 starts at genesis: a later version whose previous hash cannot be found is
refused (ChainBrokenError), never silently restarted.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent

GENESIS = "0" * 64
FIRST_VERSION = 1


class ChainBrokenError(Exception):
    """A new event's previous link is missing from the chain: nothing is written."""

    def __init__(self, originator_id: str, version: int) -> None:
        super().__init__(
            f"hash chain broken: aggregate {originator_id} has no hash for version "
            f"{version - 1}, so version {version} cannot be chained"
        )
        self.originator_id = originator_id
        self.version = version


def chain_hash(
    prev_hash: str, originator_id: UUID | str, version: int, topic: str, state: bytes
) -> str:
    head = f"{prev_hash}\n{originator_id}\n{version}\n{topic}\n".encode()
    return hashlib.sha256(head + state).hexdigest()


@dataclass(frozen=True)
class DerivedRecord:
    """One row of `event_records`: written in the same transaction as its event."""

    originator_id: str
    originator_version: int
    topic: str
    recorded_at: str | None
    occurred_on: str | None
    prev_hash: str
    hash: str


def derive_records(
    stored_events: Sequence[StoredEvent],
    index_entries: Sequence[Any],
    previous_hash: Callable[[str, int], str | None],
) -> list[DerivedRecord]:
    """Rows for a batch of new events. `previous_hash(id, version)` reads the stored chain;
    a version after the first whose previous hash is neither in the batch nor stored raises
    ChainBrokenError (the recorder's transaction then rolls back)."""
    times: dict[tuple[str, int], tuple[datetime | None, date | None]] = {
        (str(e.originator_id), e.originator_version): (e.recorded_at, e.occurred_on)
        for e in index_entries
    }
    batch: dict[tuple[str, int], str] = {}
    records: list[DerivedRecord] = []
    for s in stored_events:
        oid, version = str(s.originator_id), s.originator_version
        if version == FIRST_VERSION:
            prev = GENESIS
        else:
            found = batch.get((oid, version - 1))
            if found is None:
                found = previous_hash(oid, version - 1)
            if found is None:
                raise ChainBrokenError(oid, version)
            prev = found
        digest = chain_hash(prev, oid, version, s.topic, bytes(s.state))
        batch[(oid, version)] = digest
        recorded_at, occurred_on = times.get((oid, version), (None, None))
        records.append(
            DerivedRecord(
                originator_id=oid,
                originator_version=version,
                topic=s.topic,
                recorded_at=recorded_at.isoformat() if recorded_at else None,
                occurred_on=occurred_on.isoformat() if occurred_on else None,
                prev_hash=prev,
                hash=digest,
            )
        )
    return records
