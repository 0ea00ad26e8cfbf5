"""The chain recomputed from the stored bytes, independently of the code under test."""

from __future__ import annotations

import hashlib
import sqlite3
from collections import defaultdict
from typing import Any
from uuid import UUID

import psycopg
from psycopg.sql import SQL, Identifier

from persistence.settings import Settings
from tests.conftest import POSTGRES_URL

GENESIS = "0" * 64


def _rows(settings: Settings) -> tuple[list[Any], dict[tuple[str, int], str]]:
    events_sql = "SELECT originator_id, originator_version, topic, state FROM {} ORDER BY 1, 2"
    hashes_sql = "SELECT originator_id, originator_version, hash FROM {}"
    if settings.database_url is None:
        with sqlite3.connect(settings.sqlite_path) as conn:
            events = conn.execute(events_sql.format("stored_events")).fetchall()
            hashes = conn.execute(hashes_sql.format("event_records")).fetchall()
    else:
        name = settings.ledger_name.lower()
        with psycopg.connect(POSTGRES_URL) as conn:
            events = conn.execute(
                SQL(events_sql).format(Identifier(f"{name}_events"))  # type: ignore[arg-type]
            ).fetchall()
            hashes = conn.execute(
                SQL(hashes_sql).format(Identifier(f"{name}_event_records"))  # type: ignore[arg-type]
            ).fetchall()
    return events, {(str(UUID(str(o))), int(v)): h for o, v, h in hashes}


def chain_breaks(settings: Settings) -> list[tuple[str, int]]:
    """(aggregate, version) of every event whose hash does not follow from the stored bytes."""
    events, hashes = _rows(settings)
    by_aggregate: dict[str, list[Any]] = defaultdict(list)
    for originator_id, version, topic, state in events:
        by_aggregate[str(UUID(str(originator_id)))].append((int(version), topic, bytes(state)))
    broken = []
    for originator_id, rows in by_aggregate.items():
        prev = GENESIS
        for version, topic, state in sorted(rows):
            head = f"{prev}\n{originator_id}\n{version}\n{topic}\n".encode()
            digest = hashlib.sha256(head + state).hexdigest()
            if hashes.get((originator_id, version)) != digest:
                broken.append((originator_id, version))
            prev = digest
    return broken
