"""The hash chain never restarts silently: a version after the first needs its previous hash."""

from __future__ import annotations

from uuid import uuid4

import pytest
from eventsourcing.persistence import StoredEvent

from application.ledger import Ledger
from persistence.chain import GENESIS, ChainBrokenError, chain_hash, derive_records

TOPIC = "tests.chain:Happened"


def _event(originator_id: object, version: int) -> StoredEvent:
    return StoredEvent(
        originator_id=originator_id,  # type: ignore[arg-type]
        originator_version=version,
        topic=TOPIC,
        state=f"state {version}".encode(),
    )


def test_a_missing_previous_hash_is_an_error_naming_aggregate_and_version() -> None:
    oid = uuid4()
    with pytest.raises(ChainBrokenError) as raised:
        derive_records([_event(oid, 3)], (), lambda _id, _version: None)
    assert raised.value.originator_id == str(oid)
    assert raised.value.version == 3
    assert str(oid) in str(raised.value)
    assert "version 3" in str(raised.value)


def test_only_the_first_version_starts_at_genesis() -> None:
    oid = uuid4()
    first, second = derive_records([_event(oid, 1), _event(oid, 2)], (), lambda _id, _version: None)
    assert first.prev_hash == GENESIS
    assert second.prev_hash == first.hash
    [third] = derive_records([_event(oid, 3)], (), lambda _id, _version: second.hash)
    assert third.prev_hash == second.hash
    assert third.hash == chain_hash(second.hash, oid, 3, TOPIC, b"state 3")


def test_the_recorder_refuses_an_event_whose_previous_link_is_missing(ledger: Ledger) -> None:
    """Both recorders: the error surfaces and neither the event nor a record is written."""
    oid = uuid4()
    recorder = ledger.recorder
    with pytest.raises(ChainBrokenError) as raised:
        recorder.insert_events([_event(oid, 2)], index_entries=())
    assert raised.value.originator_id == str(oid)
    assert raised.value.version == 2
    assert list(recorder.select_events(oid)) == []
    recorder.insert_events([_event(oid, 1), _event(oid, 2)], index_entries=())
    assert [e.originator_version for e in recorder.select_events(oid)] == [1, 2]
    recorder.insert_events([_event(oid, 3)], index_entries=())
    assert [e.originator_version for e in recorder.select_events(oid)] == [1, 2, 3]


def test_the_recorder_stores_the_very_bytes_it_chained(ledger: Ledger) -> None:
    """Both recorders: states that a query's text must quote (quotes, backslashes, `%s`,
    `;`, a NUL, any byte) come back byte for byte, in batches of one and of many."""
    oid = uuid4()
    awkward = [
        b"'; COMMIT; --",
        b"\\x00 \\\\ %s %(name)s $1",
        bytes(range(256)),
        "「メモ」\t\n".encode(),
    ]
    batch = [StoredEvent(oid, v + 1, TOPIC, awkward[v % 4] + bytes([v])) for v in range(20)]
    recorder = ledger.recorder
    recorder.insert_events(batch[:1], index_entries=())
    recorder.insert_events(batch[1:], index_entries=())
    stored = list(recorder.select_events(oid))
    assert [bytes(e.state) for e in stored] == [e.state for e in batch]
    assert [e.topic for e in stored] == [TOPIC] * 20
