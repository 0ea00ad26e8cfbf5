"""The record-time index of `event_records` (written with the events, `recorders.py`), read
for replays: the last version of an aggregate recorded at or before a moment, found through
the index on (originator_id, recorded_at) without reading any event."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from psycopg.sql import SQL, Identifier

from persistence.recorders import PostgresLedgerRecorder, SQLiteLedgerRecorder


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


class PostgresRecordTimes:
    def __init__(self, recorder: PostgresLedgerRecorder) -> None:
        self.recorder = recorder
        table = Identifier(recorder.datastore.schema, recorder.records_table)
        self._sql = SQL(
            "SELECT MAX(originator_version) AS version FROM {} "
            "WHERE originator_id = %s AND recorded_at <= %s"
        ).format(table)

    def version_recorded_by(self, aggregate_id: UUID, moment: datetime) -> int | None:
        with self.recorder.datastore.transaction(commit=False) as curs:
            curs.execute(self._sql, (aggregate_id, moment))
            row = curs.fetchone()
        return None if row is None or row["version"] is None else int(row["version"])


def record_times(recorder: Any) -> SQLiteRecordTimes | PostgresRecordTimes | None:
    """The index of the ledger's store; None for a store without one (in memory)."""
    if isinstance(recorder, SQLiteLedgerRecorder):
        return SQLiteRecordTimes(recorder)
    if isinstance(recorder, PostgresLedgerRecorder):
        return PostgresRecordTimes(recorder)
    return None
