"""Verification against the store: every chain recomputed from the stored bytes (the events
table joined to `event_records`), the daily digest, and the record of the last verification.

Chains are read one aggregate at a time (one statement each, so a chain is read whole even
while others are written), which keeps memory bounded on a large ledger.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Protocol
from uuid import UUID

from eventsourcing.application import Application
from psycopg.sql import SQL, Composed, Identifier

from application.proof import (
    ChainVerdict,
    DailyDigest,
    Head,
    LastVerification,
    LedgerVerdict,
    ended_day,
    kind_of,
)
from domain.errors import CaseNotFoundError
from persistence.chain import (
    GENESIS,
    Link,
    chain_hash,
    merkle_leaf,
    merkle_root,
    stated_times,
    verify_chain,
)
from persistence.postgres import PostgresLedgerRecorder
from persistence.recorders import SQLiteLedgerRecorder

OPENING_TOPIC = "kyodo:Case.ConsultationReceived"

_LINK_COLUMNS = (
    "coalesce(e.originator_version, r.originator_version) AS version, e.topic AS topic, "
    "e.state AS state, r.topic AS record_topic, r.prev_hash AS prev_hash, r.hash AS hash, "
    "r.recorded_at AS recorded_at, r.occurred_on AS occurred_on"
)


class ChainStore(Protocol):
    """What verification reads from a store, and where it records a whole-ledger run."""

    def aggregate_ids(self) -> list[UUID]: ...

    def links(self, aggregate_id: UUID) -> list[Link]: ...

    def record(self, verdict: LedgerVerdict) -> None: ...

    def last(self) -> LastVerification | None: ...


class UnsupportedStoreError(RuntimeError):
    """Verification reads SQLite or PostgreSQL stores written by the ledger's recorders."""


def chain_store(ledger: Application[UUID]) -> ChainStore:
    recorder = ledger.recorder
    if isinstance(recorder, SQLiteLedgerRecorder):
        return SQLiteChains(recorder)
    if isinstance(recorder, PostgresLedgerRecorder):
        return PostgresChains(recorder)
    raise UnsupportedStoreError(f"no hash chain in {type(recorder).__name__}")


# --- verification ---------------------------------------------------------------------------


def verdict_of(aggregate_id: UUID, links: Sequence[Link]) -> ChainVerdict:
    """One chain verified, named as people name it (kind, and the case number if any)."""
    check = verify_chain(aggregate_id, links)
    return ChainVerdict(
        aggregate_id=aggregate_id,
        kind=next((kind_of(t) for t in _topics(links)), ""),
        case_number=case_number(links),
        checked_events=check.verified,
        broken_version=check.broken_version,
        reason=check.reason,
    )


def chain_id(store: ChainStore, key: str, find_case: Callable[[str], UUID]) -> UUID:
    """A UUID the store holds (any chain, even one too damaged to load), or the id of a case
    by its number (`find_case`); `CaseNotFoundError` when there is neither."""
    try:
        found = UUID(key.strip())
    except ValueError:
        return find_case(key)
    if not store.links(found):
        raise CaseNotFoundError(case=key)
    return found


def verify_aggregate(store: ChainStore, aggregate_id: UUID) -> ChainVerdict | None:
    """None when the store holds neither an event nor a hash row of `aggregate_id`."""
    links = store.links(aggregate_id)
    return verdict_of(aggregate_id, links) if links else None


def verify_ledger(store: ChainStore, *, record: bool = False) -> LedgerVerdict:
    """Every chain of the ledger; `record` keeps the result for /metrics."""
    chains, events, broken = 0, 0, []
    for aggregate_id in store.aggregate_ids():
        verdict = verdict_of(aggregate_id, store.links(aggregate_id))
        chains += 1
        events += verdict.checked_events
        if not verdict.ok:
            broken.append(verdict)
    result = LedgerVerdict(datetime.now(UTC), chains, events, tuple(broken))
    if record:
        store.record(result)
    return result


def case_number(links: Sequence[Link]) -> str | None:
    """The number a case was opened with, read from its (hashed) first event."""
    first = links[0] if links else None
    if first is None or first.topic != OPENING_TOPIC or first.state is None:
        return None
    try:
        number = json.loads(first.state).get("number")
    except (ValueError, AttributeError):
        return None
    return number if isinstance(number, str) else None


def _topics(links: Iterable[Link]) -> Iterator[str]:
    for link in links:
        topic = link.topic or link.record_topic
        if topic:
            yield topic


# --- the daily digest -----------------------------------------------------------------------


def daily_digest(store: ChainStore, day: date, now: datetime | None = None) -> DailyDigest:
    """Every chain's head as of the end of `day` (Asia/Tokyo), hashed from the stored bytes.

    A head is the last version recorded before the day ended; its hash is recomputed from
    the events, so an altered event changes the digest even if its hash row was kept."""
    cutoff = ended_day(day, now or datetime.now(UTC))
    heads, events, intact = [], 0, True
    for aggregate_id in store.aggregate_ids():
        links = recorded_before(store.links(aggregate_id), cutoff)
        if not links:
            continue
        heads.append(Head(aggregate_id, links[-1].version, recompute_head(aggregate_id, links)))
        events += len(links)
        intact = intact and verify_chain(aggregate_id, links).reason is None
    return DailyDigest(day, cutoff, digest_of(heads), len(heads), events, intact)


def digest_of(heads: Iterable[Head]) -> str:
    ordered = sorted(heads, key=lambda h: str(h.aggregate_id))
    return merkle_root([merkle_leaf(h.aggregate_id, h.version, h.hash) for h in ordered])


def recorded_before(links: Sequence[Link], cutoff: datetime) -> list[Link]:
    """The chain's prefix recorded before `cutoff` (record times grow with the version)."""
    prefix = []
    for link in links:
        moment = record_time(link)
        if moment is None or moment >= cutoff:
            break
        prefix.append(link)
    return prefix


def record_time(link: Link) -> datetime | None:
    text = link.recorded_at
    if text is None and link.state is not None:
        text = (stated_times(link.state) or (None, None))[0]
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


def recompute_head(aggregate_id: UUID, links: Sequence[Link]) -> str:
    """The chain's head hash from the events' bytes alone (stored hashes ignored)."""
    digest = GENESIS
    for link in links:
        digest = chain_hash(digest, aggregate_id, link.version, link.topic or "", link.state or b"")
    return digest


# --- the stores -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Last:
    verified_at: Any
    ok: Any
    chains: Any
    events: Any
    broken: Any

    def parsed(self) -> LastVerification:
        at = self.verified_at
        moment = at if isinstance(at, datetime) else datetime.fromisoformat(str(at))
        return LastVerification(
            moment, bool(self.ok), int(self.chains), int(self.events), int(self.broken)
        )


def _row(verdict: LedgerVerdict) -> tuple[str, bool, int, int, int, str | None]:
    first = verdict.broken[0].message if verdict.broken else None
    return (
        verdict.verified_at.isoformat(),
        verdict.ok,
        verdict.chains,
        verdict.checked_events,
        len(verdict.broken),
        first,
    )


class SQLiteChains:
    events, records, verifications = "stored_events", "event_records", "audit_verifications"

    def __init__(self, recorder: SQLiteLedgerRecorder) -> None:
        self.datastore = recorder.datastore

    def aggregate_ids(self) -> list[UUID]:
        rows = self._read(
            f"SELECT originator_id FROM {self.events} "
            f"UNION SELECT originator_id FROM {self.records}"
        )
        return sorted((UUID(str(r[0])) for r in rows), key=str)

    def links(self, aggregate_id: UUID) -> list[Link]:
        rows = self._read(
            f"SELECT {_LINK_COLUMNS} FROM "
            f"(SELECT * FROM {self.events} WHERE originator_id = ?) AS e FULL OUTER JOIN "
            f"(SELECT * FROM {self.records} WHERE originator_id = ?) AS r "
            "ON e.originator_version = r.originator_version ORDER BY version",
            (aggregate_id.hex, aggregate_id.hex),
        )
        return [_link(*row) for row in rows]

    def record(self, verdict: LedgerVerdict) -> None:
        with self.datastore.transaction(commit=True) as c:
            c.execute(
                f"CREATE TABLE IF NOT EXISTS {self.verifications} (verified_at TEXT NOT NULL, "
                "ok INTEGER NOT NULL, chains INTEGER NOT NULL, events INTEGER NOT NULL, "
                "broken INTEGER NOT NULL, first_broken TEXT)"
            )
            c.execute(f"INSERT INTO {self.verifications} VALUES (?,?,?,?,?,?)", _row(verdict))

    def last(self) -> LastVerification | None:
        present = self._read(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (self.verifications,)
        )
        if not present:
            return None
        rows = self._read(
            f"SELECT verified_at, ok, chains, events, broken FROM {self.verifications} "
            "ORDER BY verified_at DESC LIMIT 1"
        )
        return _Last(*rows[0]).parsed() if rows else None

    def _read(self, sql: str, params: tuple[object, ...] = ()) -> list[Any]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(sql, params)
            return list(c.fetchall())


class PostgresChains:
    def __init__(self, recorder: PostgresLedgerRecorder) -> None:
        self.datastore = recorder.datastore
        schema = recorder.datastore.schema
        self.events = Identifier(schema, recorder.events_table_name)
        self.records = recorder.records
        prefix = recorder.events_table_name.removesuffix("_events")
        self.verifications_name = f"{schema}.{prefix}_audit_verifications"
        self.verifications = Identifier(schema, f"{prefix}_audit_verifications")

    def aggregate_ids(self) -> list[UUID]:
        rows = self._read(
            SQL("SELECT originator_id FROM {} UNION SELECT originator_id FROM {}").format(
                self.events, self.records
            )
        )
        return sorted((UUID(str(r["originator_id"])) for r in rows), key=str)

    def links(self, aggregate_id: UUID) -> list[Link]:
        sql = SQL(
            "SELECT " + _LINK_COLUMNS + " FROM "
            "(SELECT * FROM {} WHERE originator_id = %s) AS e FULL OUTER JOIN "
            "(SELECT * FROM {} WHERE originator_id = %s) AS r "
            "ON e.originator_version = r.originator_version ORDER BY version"
        ).format(self.events, self.records)
        rows = self._read(sql, (aggregate_id, aggregate_id))
        return [_link(*row.values()) for row in rows]

    def record(self, verdict: LedgerVerdict) -> None:
        with self.datastore.transaction(commit=True) as curs:
            # the recorders' DDL lock: two first runs at once must not race on the catalogue
            curs.execute(SQL("SELECT pg_advisory_xact_lock(hashtext('kyodo:ddl'))"))
            curs.execute(
                SQL(
                    "CREATE TABLE IF NOT EXISTS {} (verified_at timestamptz NOT NULL, "
                    "ok boolean NOT NULL, chains bigint NOT NULL, events bigint NOT NULL, "
                    "broken bigint NOT NULL, first_broken text)"
                ).format(self.verifications)
            )
            curs.execute(
                SQL("INSERT INTO {} VALUES (%s,%s,%s,%s,%s,%s)").format(self.verifications),
                _row(verdict),
            )

    def last(self) -> LastVerification | None:
        present = self._read(SQL("SELECT to_regclass(%s) AS t"), (self.verifications_name,))
        if not present or present[0]["t"] is None:
            return None
        rows = self._read(
            SQL(
                "SELECT verified_at, ok, chains, events, broken FROM {} "
                "ORDER BY verified_at DESC LIMIT 1"
            ).format(self.verifications)
        )
        return _Last(*rows[0].values()).parsed() if rows else None

    def _read(self, sql: Composed | SQL, params: tuple[object, ...] = ()) -> list[Any]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(sql, params)
            return list(curs.fetchall())


def _link(
    version: int,
    topic: str | None,
    state: Any,
    record_topic: str | None,
    prev_hash: str | None,
    hash_: str | None,
    recorded_at: Any,
    occurred_on: Any,
) -> Link:
    return Link(
        version=int(version),
        topic=topic,
        state=None if state is None else bytes(state),
        record_topic=record_topic,
        prev_hash=prev_hash,
        hash=hash_,
        recorded_at=_iso(recorded_at),
        occurred_on=_iso(occurred_on),
    )


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)
