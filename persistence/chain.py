"""The tamper-evidence chain: each event's hash covers its stored bytes and the previous hash.

hash(v) = sha256( prev_hash(v) "\n" originator_id "\n" v "\n" topic "\n" state-bytes ),
with prev_hash(1) = 64 zeros. The procedure is the same offline, from an export.
Only version 1 starts at genesis: a later version whose previous hash cannot be found is
refused (ChainBrokenError), never silently restarted.

`verify_chain` recomputes a chain from stored bytes and names its first broken version;
`merkle_root` folds chain heads into one digest (RFC 6962's tree hash). tools/verify_bundle.py
repeats both with the standard library alone: change them together.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from application.proof import BreakReason

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


@dataclass(frozen=True)
class Link:
    """One version of a chain as found: the event (None if missing) beside its hash row
    (None if missing). Times are ISO text, as in `event_records` and in exports."""

    version: int
    topic: str | None
    state: bytes | None
    record_topic: str | None
    prev_hash: str | None
    hash: str | None
    recorded_at: str | None = None
    occurred_on: str | None = None


@dataclass(frozen=True)
class ChainCheck:
    """`verified` events chain up; the first break (if any) is at `broken_version`."""

    verified: int
    head_hash: str | None
    broken_version: int | None = None
    reason: BreakReason | None = None


def verify_chain(originator_id: UUID | str, links: Sequence[Link]) -> ChainCheck:
    """Recompute the chain of `links` (in version order) from their stored bytes."""
    prev = GENESIS
    for index, link in enumerate(links):
        expected = index + FIRST_VERSION
        reason = _break(originator_id, link, expected, prev, links[index + 1 : index + 2])
        if reason is not None:
            broken = expected if reason is BreakReason.VERSION_GAP else link.version
            return ChainCheck(index, prev if index else None, broken, reason)
        prev = str(link.hash)
    return ChainCheck(len(links), prev if links else None)


def _break(
    originator_id: UUID | str, link: Link, expected: int, prev: str, after: Sequence[Link]
) -> BreakReason | None:
    if link.version != expected:
        return BreakReason.VERSION_GAP
    if link.topic is None or link.state is None:
        return BreakReason.EVENT_MISSING
    if link.hash is None or link.prev_hash is None:
        return BreakReason.RECORD_MISSING
    if link.prev_hash != prev:
        return BreakReason.LINK_BROKEN
    digest = chain_hash(prev, originator_id, link.version, link.topic, link.state)
    if digest != link.hash:
        # the next row still links to the hash the event gives: its hash row was altered
        relinked = bool(after) and after[0].prev_hash == digest
        return BreakReason.HASH_ALTERED if relinked else BreakReason.EVENT_ALTERED
    if not _describes(link):
        return BreakReason.RECORD_ALTERED
    return None


def _describes(link: Link) -> bool:
    """The hash row's unhashed columns agree with the (hashed) event they describe."""
    if link.record_topic != link.topic:
        return False
    stated = stated_times(link.state or b"")
    if stated is None:
        return True  # not JSON (an encrypted state): nothing more to compare
    recorded_at, occurred_on = stated
    return same_instant(recorded_at, link.recorded_at) and occurred_on == link.occurred_on


def stated_times(state: bytes) -> tuple[str | None, str | None] | None:
    """The record time and business date an event's state says, or None when unreadable."""
    try:
        body = json.loads(state)
    except ValueError:
        return None
    if not isinstance(body, dict):
        return None
    return _tagged(body.get("timestamp")), _tagged(body.get("occurred_on"))


def _tagged(value: object) -> str | None:
    if isinstance(value, dict):
        value = value.get("_data_")
    return value if isinstance(value, str) else None


def same_instant(first: str | None, second: str | None) -> bool:
    if first is None or second is None:
        return first == second
    try:
        return datetime.fromisoformat(first) == datetime.fromisoformat(second)
    except ValueError:
        return False


def merkle_leaf(originator_id: UUID | str, version: int, head_hash: str) -> bytes:
    return f"{originator_id}\n{version}\n{head_hash}".encode()


def merkle_root(leaves: Sequence[bytes]) -> str:
    """RFC 6962 tree hash of leaves in the given order (sort them first): 0x00 before a
    leaf, 0x01 before two children, the empty tree is sha256 of nothing."""
    return _tree(list(leaves)).hex()


def _tree(leaves: list[bytes]) -> bytes:
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return hashlib.sha256(b"\x00" + leaves[0]).digest()
    split = 1 << ((len(leaves) - 1).bit_length() - 1)
    return hashlib.sha256(b"\x01" + _tree(leaves[:split]) + _tree(leaves[split:])).digest()
