"""The parties' keys and the log of personal-data reads, in tables beside the events.

`application.personal_data.KeyStore` on SQLite and PostgreSQL. The events never hold a key:
a sealed contact names its key by id. Destroying a key deletes its row; SQLite overwrites
the deleted bytes (`secure_delete`), PostgreSQL leaves them to VACUUM (see the ADR,
docs/adr/2026-12-02-personal-data.md, for what copies remain, such as backups).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder
from psycopg.sql import SQL, Composed, Identifier

from application.personal_data import PersonalDataRead, ReadsWanted, new_key

_READ_COLUMNS = "party_id, actor_id, actor_role, reason, correlation_id, read_at"


def _read(row: Any) -> PersonalDataRead:
    position, party_id, actor_id, actor_role, reason, correlation_id, read_at = row
    return PersonalDataRead(
        party_id=UUID(str(party_id)),
        actor_id=actor_id,
        actor_role=actor_role,
        reason=reason,
        correlation_id=correlation_id,
        read_at=read_at if isinstance(read_at, datetime) else datetime.fromisoformat(read_at),
        position=int(position),
    )


class SQLiteKeyStore:
    """Tables `party_keys` and `personal_data_reads` in the ledger's SQLite file."""

    def __init__(self, recorder: SQLiteApplicationRecorder) -> None:
        self.datastore = recorder.datastore
        with self.datastore.transaction(commit=True) as c:
            c.execute(
                "CREATE TABLE IF NOT EXISTS party_keys (key_id TEXT PRIMARY KEY, "
                "party_id TEXT NOT NULL UNIQUE, key BLOB NOT NULL, created_at TEXT NOT NULL)"
            )
            c.execute(
                "CREATE TABLE IF NOT EXISTS personal_data_reads ("
                "position INTEGER PRIMARY KEY AUTOINCREMENT, party_id TEXT NOT NULL, "
                "actor_id TEXT NOT NULL, actor_role TEXT NOT NULL, reason TEXT NOT NULL, "
                "correlation_id TEXT NOT NULL, read_at TEXT NOT NULL)"
            )
            c.execute(
                "CREATE INDEX IF NOT EXISTS personal_data_reads_party "
                "ON personal_data_reads (party_id, position)"
            )
            c.execute(  # a reader's reads, for the auditor
                "CREATE INDEX IF NOT EXISTS personal_data_reads_actor "
                "ON personal_data_reads (actor_id, position)"
            )

    def key_for(self, party_id: UUID) -> tuple[UUID, bytes]:
        with self.datastore.transaction(commit=True) as c:
            c.execute(
                "INSERT OR IGNORE INTO party_keys (key_id, party_id, key, created_at) "
                "VALUES (?, ?, ?, ?)",
                (str(uuid4()), str(party_id), new_key(), _now()),
            )
            c.execute("SELECT key_id, key FROM party_keys WHERE party_id = ?", (str(party_id),))
            key_id, key = c.fetchone()
        return UUID(key_id), bytes(key)

    def key(self, key_id: UUID) -> bytes | None:
        with self.datastore.transaction(commit=False) as c:
            c.execute("SELECT key FROM party_keys WHERE key_id = ?", (str(key_id),))
            row = c.fetchone()
        return None if row is None else bytes(row[0])

    def destroy(self, party_id: UUID) -> int:
        with self.datastore.transaction(commit=True) as c:
            c.execute("PRAGMA secure_delete = ON")
            c.execute("SELECT COUNT(*) FROM party_keys WHERE party_id = ?", (str(party_id),))
            (count,) = c.fetchone()
            c.execute("DELETE FROM party_keys WHERE party_id = ?", (str(party_id),))
        return int(count)

    def record_read(self, read: PersonalDataRead) -> None:
        with self.datastore.transaction(commit=True) as c:
            c.execute(
                f"INSERT INTO personal_data_reads ({_READ_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
                _read_row(read),
            )

    def reads(self, wanted: ReadsWanted) -> list[PersonalDataRead]:
        rest, params = wanted.sql("?", str)
        with self.datastore.transaction(commit=False) as c:
            c.execute(f"SELECT position, {_READ_COLUMNS} FROM personal_data_reads{rest}", params)
            return [_read(row) for row in c.fetchall()]


class PostgresKeyStore:
    """Tables `<ledger>_party_keys` and `<ledger>_personal_data_reads` beside the events."""

    def __init__(self, recorder: PostgresApplicationRecorder) -> None:
        self.datastore = recorder.datastore
        prefix = recorder.events_table_name.removesuffix("_events")
        schema = self.datastore.schema
        self.keys = Identifier(schema, f"{prefix}_party_keys")
        self.log = Identifier(schema, f"{prefix}_personal_data_reads")
        with self.datastore.transaction(commit=True) as c:
            c.execute(SQL("SELECT pg_advisory_xact_lock(hashtext('kyodo:ddl'))"))
            for statement in self._ddl(prefix):
                c.execute(statement)

    def _ddl(self, prefix: str) -> list[Composed]:
        return [
            SQL(
                "CREATE TABLE IF NOT EXISTS {} (key_id uuid PRIMARY KEY, "
                "party_id uuid NOT NULL UNIQUE, key bytea NOT NULL, "
                "created_at timestamptz NOT NULL)"
            ).format(self.keys),
            SQL(
                "CREATE TABLE IF NOT EXISTS {} (position bigserial PRIMARY KEY, "
                "party_id uuid NOT NULL, actor_id text NOT NULL, actor_role text NOT NULL, "
                "reason text NOT NULL, correlation_id text NOT NULL, "
                "read_at timestamptz NOT NULL)"
            ).format(self.log),
            SQL("CREATE INDEX IF NOT EXISTS {} ON {} (party_id, position)").format(
                Identifier(f"{prefix}_personal_data_reads_party"), self.log
            ),
            SQL("CREATE INDEX IF NOT EXISTS {} ON {} (actor_id, position)").format(
                Identifier(f"{prefix}_personal_data_reads_actor"), self.log
            ),
        ]

    def key_for(self, party_id: UUID) -> tuple[UUID, bytes]:
        with self.datastore.transaction(commit=True) as c:
            c.execute(
                SQL(
                    "INSERT INTO {} (key_id, party_id, key, created_at) VALUES (%s, %s, %s, now()) "
                    "ON CONFLICT (party_id) DO NOTHING"
                ).format(self.keys),
                (uuid4(), party_id, new_key()),
            )
            c.execute(
                SQL("SELECT key_id, key FROM {} WHERE party_id = %s").format(self.keys),
                (party_id,),
            )
            row = c.fetchone()
        assert row is not None
        return UUID(str(row["key_id"])), bytes(row["key"])

    def key(self, key_id: UUID) -> bytes | None:
        with self.datastore.transaction(commit=False) as c:
            c.execute(SQL("SELECT key FROM {} WHERE key_id = %s").format(self.keys), (key_id,))
            row = c.fetchone()
        return None if row is None else bytes(row["key"])

    def destroy(self, party_id: UUID) -> int:
        with self.datastore.transaction(commit=True) as c:
            c.execute(SQL("DELETE FROM {} WHERE party_id = %s").format(self.keys), (party_id,))
            return int(c.rowcount)

    def record_read(self, read: PersonalDataRead) -> None:
        with self.datastore.transaction(commit=True) as c:
            c.execute(
                SQL(
                    "INSERT INTO {} (" + _READ_COLUMNS + ") VALUES (%s, %s, %s, %s, %s, %s)"
                ).format(self.log),
                (read.party_id, *_read_row(read)[1:-1], read.read_at),
            )

    def reads(self, wanted: ReadsWanted) -> list[PersonalDataRead]:
        rest, params = wanted.sql("%s", lambda party_id: party_id)
        query = SQL("SELECT position, " + _READ_COLUMNS + " FROM {}" + rest)
        with self.datastore.transaction(commit=False) as c:
            c.execute(query.format(self.log), params)
            return [_read(tuple(row.values())) for row in c.fetchall()]


def _now() -> str:
    return datetime.now().astimezone().isoformat()


def _read_row(read: PersonalDataRead) -> tuple[str, str, str, str, str, str]:
    return (
        str(read.party_id),
        read.actor_id,
        read.actor_role,
        read.reason,
        read.correlation_id,
        read.read_at.isoformat(),
    )
