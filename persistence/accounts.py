"""Accounts and revoked tokens, in tables beside the events (SQLite or PostgreSQL).

`accounts`: one row per user (role, centre, the name colleagues know them by, when added,
and `revoked_before`: every token of the user issued until then is refused). The name lives
here, never in the events: the ledger records who did what by user id, and the name shown
beside it can be corrected or cleared like any other row. `account_tokens`: one row per
token issued by kyodo (its id, the `jti` claim), with `revoked_at` once revoked. Every
server process reads the revocations again at most `REVOCATIONS_SECONDS` after the last
read, so a revocation made by another process (the CLI, another API process) is in force
within that time.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder

log = logging.getLogger("kyodo.accounts")

REVOCATIONS_SECONDS = 1.0


@dataclass(frozen=True)
class IssuedToken:
    token_id: str
    user_id: str
    issued_at: datetime
    expires_at: datetime
    revoked_at: datetime | None


@dataclass(frozen=True)
class Account:
    user_id: str
    role: str
    centre: str | None
    added_at: datetime
    revoked_before: datetime | None
    tokens: tuple[IssuedToken, ...] = ()
    name: str | None = None


_DDL = (
    "CREATE TABLE IF NOT EXISTS {accounts} (user_id TEXT PRIMARY KEY, role TEXT NOT NULL, "
    "centre TEXT, added_at TEXT NOT NULL, revoked_before BIGINT, name TEXT)",
    "CREATE TABLE IF NOT EXISTS {tokens} (token_id TEXT PRIMARY KEY, user_id TEXT NOT NULL, "
    "issued_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, revoked_at BIGINT)",
)


@dataclass
class AccountStore:
    """The two tables, through the ledger's own datastore (`?` or `%s` placeholders)."""

    transaction: Callable[[bool], Any]
    mark: str
    accounts: str = "accounts"
    tokens: str = "account_tokens"
    prelude: Sequence[str] = ()
    _ready: bool = False

    @contextmanager
    def _cursor(self, commit: bool) -> Iterator[Any]:
        if not self._ready:  # the tables, made by the first use of each process (committed)
            with self.transaction(True) as cursor:
                for statement in (*self.prelude, *_DDL):
                    cursor.execute(statement.format(accounts=self.accounts, tokens=self.tokens))
                self._add_name_column(cursor)
            self._ready = True
        with self.transaction(commit) as cursor:
            yield cursor

    def _add_name_column(self, cursor: Any) -> None:
        """The `name` column, on a table made before it (PostgreSQL says IF NOT EXISTS;
        SQLite is asked which columns the table has)."""
        if self.mark == "%s":
            cursor.execute(f"ALTER TABLE {self.accounts} ADD COLUMN IF NOT EXISTS name TEXT")
            return
        cursor.execute(f"PRAGMA table_info({self.accounts})")
        if "name" not in {row[1] for row in cursor.fetchall()}:
            cursor.execute(f"ALTER TABLE {self.accounts} ADD COLUMN name TEXT")

    def _rows(
        self, sql: str, params: tuple[Any, ...] = (), commit: bool = False
    ) -> list[tuple[Any, ...]]:
        query = sql.format(accounts=self.accounts, tokens=self.tokens).replace("?", self.mark)
        with self._cursor(commit) as c:
            c.execute(query, params)
            if not query.lstrip().upper().startswith("SELECT"):
                return []
            return [tuple(r.values()) if isinstance(r, dict) else tuple(r) for r in c.fetchall()]

    def add(self, user_id: str, role: str, centre: str | None, name: str | None = None) -> None:
        """The account, or its new role and centre; its name too when one is given (an
        account's name stays as it was when a token is issued without one)."""
        self._rows(
            "INSERT INTO {accounts} (user_id, role, centre, added_at, name) "
            "VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (user_id) DO UPDATE SET role = excluded.role, centre = excluded.centre, "
            "name = coalesce(excluded.name, {accounts}.name)",
            (user_id, role, centre, datetime.now(UTC).isoformat(), name),
            commit=True,
        )

    def set_name(self, user_id: str, name: str | None) -> bool:
        """The account's name becomes `name` (None: no name; the user is then shown by id);
        False when there is no such account."""
        found = self._rows("SELECT user_id FROM {accounts} WHERE user_id = ?", (user_id,))
        if found:
            self._rows(
                "UPDATE {accounts} SET name = ? WHERE user_id = ?", (name, user_id), commit=True
            )
        return bool(found)

    def names(self) -> dict[str, str]:
        """Each user's name, for the users that have one."""
        return {a.user_id: str(a.name) for a in self.named()}

    def named(self) -> list[Account]:
        """The accounts that have a name (their tokens left out), by user id."""
        return [
            Account(
                str(u),
                str(role),
                centre,
                datetime.fromisoformat(added),
                _at_or_none(before),
                (),
                name,
            )
            for u, role, centre, added, before, name in self._rows(
                "SELECT user_id, role, centre, added_at, revoked_before, name FROM {accounts} "
                "WHERE name IS NOT NULL ORDER BY user_id"
            )
        ]

    def record_token(self, token_id: str, user_id: str, issued: int, expires: int) -> None:
        self._rows(
            "INSERT INTO {tokens} (token_id, user_id, issued_at, expires_at) VALUES (?, ?, ?, ?)",
            (token_id, user_id, issued, expires),
            commit=True,
        )

    def revoke_token(self, token_id: str) -> bool:
        found = self._rows("SELECT token_id FROM {tokens} WHERE token_id = ?", (token_id,))
        self._rows(
            "UPDATE {tokens} SET revoked_at = ? WHERE token_id = ? AND revoked_at IS NULL",
            (int(time.time()), token_id),
            commit=True,
        )
        return bool(found)

    def revoke_user(self, user_id: str, now: int | None = None) -> bool:
        """Every token of the user issued until `now`, kyodo's or a provider's, is refused."""
        now = int(time.time()) if now is None else now
        found = self._rows("SELECT user_id FROM {accounts} WHERE user_id = ?", (user_id,))
        if not found:
            self._rows(
                "INSERT INTO {accounts} (user_id, role, centre, added_at) VALUES (?, '', NULL, ?)",
                (user_id, datetime.now(UTC).isoformat()),
                commit=True,
            )
        self._rows(
            "UPDATE {accounts} SET revoked_before = ? WHERE user_id = ?", (now, user_id), True
        )
        self._rows(
            "UPDATE {tokens} SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
            (now, user_id),
            commit=True,
        )
        return bool(found)

    def list(self) -> list[Account]:
        tokens: dict[str, list[IssuedToken]] = {}
        for token_id, user_id, issued, expires, revoked in self._rows(
            "SELECT token_id, user_id, issued_at, expires_at, revoked_at FROM {tokens} "
            "ORDER BY issued_at, token_id"
        ):
            tokens.setdefault(user_id, []).append(
                IssuedToken(token_id, user_id, _at(issued), _at(expires), _at_or_none(revoked))
            )
        return [
            Account(
                user_id=user_id,
                role=role,
                centre=centre,
                added_at=datetime.fromisoformat(added),
                revoked_before=_at_or_none(before),
                tokens=tuple(tokens.get(user_id, ())),
                name=name,
            )
            for user_id, role, centre, added, before, name in self._rows(
                "SELECT user_id, role, centre, added_at, revoked_before, name FROM {accounts} "
                "ORDER BY user_id"
            )
        ]

    def revoked(self) -> tuple[frozenset[str], dict[str, int]]:
        ids = self._rows("SELECT token_id FROM {tokens} WHERE revoked_at IS NOT NULL")
        users = self._rows(
            "SELECT user_id, revoked_before FROM {accounts} WHERE revoked_before IS NOT NULL"
        )
        return frozenset(str(i) for (i,) in ids), {str(u): int(b) for u, b in users}


def _at(seconds: int) -> datetime:
    return datetime.fromtimestamp(int(seconds), UTC)


def _at_or_none(seconds: int | None) -> datetime | None:
    return None if seconds is None else _at(seconds)


def account_store(recorder: Any) -> AccountStore:
    """The store beside the ledger's events: PostgreSQL tables prefixed like the events'."""
    if isinstance(recorder, PostgresApplicationRecorder):
        prefix = recorder.events_table_name.removesuffix("_events")
        schema = recorder.datastore.schema or "public"
        return AccountStore(
            transaction=lambda commit: recorder.datastore.transaction(commit=commit),
            mark="%s",
            accounts=f'"{schema}"."{prefix}_accounts"',
            tokens=f'"{schema}"."{prefix}_account_tokens"',
            prelude=("SELECT pg_advisory_xact_lock(hashtext('kyodo:ddl'))",),
        )
    assert isinstance(recorder, SQLiteApplicationRecorder)
    return AccountStore(
        transaction=lambda commit: recorder.datastore.transaction(commit=commit), mark="?"
    )


@dataclass
class CachedRevocations:
    """`api.auth.Revocations` over the store, read again by the first check that finds the set
    older than `seconds` (one small query a second per process; checks meanwhile go on with
    the set in hand). Revocations made in this process count at once (`revoked_token`,
    `revoked_user`). Should the store not answer, the last set read stays in force (logged:
    with the database away the request is refused anyway, 503), and until it answers again
    it is read in a background thread, so that no request waits for it."""

    store: Callable[[], AccountStore]
    seconds: float = REVOCATIONS_SECONDS
    _ids: frozenset[str] = frozenset()
    _users: dict[str, int] = field(default_factory=dict)
    _here: tuple[frozenset[str], dict[str, int]] = (frozenset(), {})
    _read: float | None = None
    _reading: bool = False
    _answered: bool = True
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def refused(self, user_id: str, token_id: str | None, issued_at: int | None) -> bool:
        self._refresh()
        here_ids, here_users = self._here
        if token_id is not None and (token_id in self._ids or token_id in here_ids):
            return True
        before = max(self._users.get(user_id, -1), here_users.get(user_id, -1))
        return before >= 0 and (issued_at is None or issued_at <= before)

    def revoked_token(self, token_id: str) -> None:
        ids, users = self._here
        self._here = (ids | {token_id}, users)

    def revoked_user(self, user_id: str, until: int) -> None:
        ids, users = self._here
        self._here = (ids, {**users, user_id: until})

    def due(self) -> bool:
        """Whether the next check reads the store (a query: an async caller runs that check
        in a worker thread, not on its event loop)."""
        read = self._read
        return not self._reading and (read is None or time.monotonic() - read >= self.seconds)

    def _refresh(self) -> None:
        with self._lock:
            if not self.due():
                return
            self._reading = True
        if self._answered:
            self._load()
        else:
            threading.Thread(target=self._load, name="revocations", daemon=True).start()

    def _load(self) -> None:
        try:
            self._ids, self._users = self.store().revoked()
            self._answered = True
        except Exception as error:  # the store away: the last revocations read hold
            log.warning("revocations not read", extra={"error": str(error)[:200]})
            self._answered = False
        finally:
            with self._lock:
                self._read = time.monotonic()
                self._reading = False
