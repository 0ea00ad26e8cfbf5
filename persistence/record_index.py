"""The record-time index of `event_records` (written with the events, `recorders.py`), read
for replays: the last version of an aggregate recorded at or before a moment, found through
the index on (originator_id, recorded_at) without reading any event; and each version's
topic and business date (by the primary key), so that a replay to a business date reads
only the events it keeps."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from persistence.recorders import SQLiteLedgerRecorder

if TYPE_CHECKING:
    from persistence.postgres import PostgresRecordTimes


class SQLiteRecordTimes:
    def __init__(self, recorder: SQLiteLedgerRecorder) -> None:
        self.recorder = recorder

    def version_recorded_by(self, aggregate_id: UUID, moment: datetime) -> int | None:
        # Record times are stored as UTC ISO text (`datetime.isoformat()`), which sorts
        # like the instants it names.
        sql = (
            f"SELECT MAX(originator_version) FROM {self.recorder.records_table} "
            "WHERE originator_id = ? AND recorded_at <= ?"
        )
        with self.recorder.datastore.transaction(commit=False) as c:
            c.execute(sql, (aggregate_id.hex, moment.astimezone(UTC).isoformat()))
            row = c.fetchone()
        return None if row is None or row[0] is None else int(row[0])

    def dated_versions(self, aggregate_id: UUID) -> list[tuple[int, str, date | None]]:
        sql = (
            f"SELECT originator_version, topic, occurred_on FROM {self.recorder.records_table} "
            "WHERE originator_id = ? ORDER BY originator_version"
        )
        with self.recorder.datastore.transaction(commit=False) as c:
            c.execute(sql, (aggregate_id.hex,))
            rows = c.fetchall()
        return [(int(v), str(t), date.fromisoformat(on) if on else None) for v, t, on in rows]


def record_times(recorder: Any) -> SQLiteRecordTimes | PostgresRecordTimes | None:
    """The index of the ledger's store; None for a store without one (in memory)."""
    if isinstance(recorder, SQLiteLedgerRecorder):
        return SQLiteRecordTimes(recorder)
    from persistence.postgres import PostgresLedgerRecorder, PostgresRecordTimes

    if isinstance(recorder, PostgresLedgerRecorder):
        return PostgresRecordTimes(recorder)
    return None
