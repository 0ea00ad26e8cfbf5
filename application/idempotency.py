"""Exactly once: every command carries a key, stored in the same transaction as its events.

A client may name the key (`clientMutationId`, or the `Idempotency-Key` header); otherwise
the ledger makes one up for the command's own retries. Keys are scoped by the actor who
sends them. Before a command is run again — after a stale save, or after a store error that
left the commit uncertain — the ledger looks its key up: found, the first outcome is the
answer and nothing new is recorded. A key sent again with another command is refused.

Keys are kept at least `KEEP_AT_LEAST_DAYS` (a client retries within a day); an operator
forgets older ones with `kyodo idempotency prune` (`Ledger.forget_command_keys`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum
from typing import Any, Protocol
from uuid import UUID, uuid4

from eventsourcing.persistence import OperationalError

from domain import errors
from domain.commands import Command
from domain.values import Actor

MAX_KEY_LENGTH = 200
KEEP_AT_LEAST_DAYS = 1
"""A key may be forgotten only this many days after its command: a client retries within
one (the exactly-once promise holds for 24 hours at least)."""


@dataclass(frozen=True)
class StoredOutcome:
    """What a command's first successful attempt answered, kept under its key."""

    fingerprint: str
    aggregate_id: UUID
    version: int
    position: int | None
    number: str | None


@dataclass(frozen=True)
class KeyedCommand:
    """The key a command is saved under, and the fingerprint of the command itself."""

    key: str
    fingerprint: str
    given: bool

    @classmethod
    def of(cls, actor: Actor, command: Command, client_key: str | None) -> KeyedCommand:
        if client_key is None:
            return cls(f"kyodo:{uuid4().hex}", fingerprint(command), given=False)
        checked = check_key(client_key)
        scoped = hashlib.sha256(f"{actor.user_id}\n{checked}".encode()).hexdigest()
        return cls(scoped, fingerprint(command), given=True)


@dataclass(frozen=True)
class KeyEntry:
    """Passed through `save()` to the recorder, which writes it with the events and the
    log position it gave them."""

    key: str
    fingerprint: str
    aggregate_id: UUID
    version: int
    number: str | None


class Outcomes(Protocol):
    """The store's table of keys (written by the recorders, read here)."""

    def find(self, key: str) -> StoredOutcome | None: ...

    def forget_before(self, cutoff: datetime) -> int:
        """Delete the keys recorded before `cutoff` (UTC); how many were deleted."""
        ...


class MemoryOutcomes:
    """For a ledger in memory: there, a save cannot be left uncertain."""

    written_with_events = False

    def __init__(self) -> None:
        self._outcomes: dict[str, tuple[StoredOutcome, datetime]] = {}

    def find(self, key: str) -> StoredOutcome | None:
        found = self._outcomes.get(key)
        return None if found is None else found[0]

    def remember(self, entry: KeyEntry, position: int | None) -> None:
        outcome = StoredOutcome(
            entry.fingerprint, entry.aggregate_id, entry.version, position, entry.number
        )
        self._outcomes.setdefault(entry.key, (outcome, datetime.now(UTC)))

    def forget_before(self, cutoff: datetime) -> int:
        old = [key for key, (_, at) in self._outcomes.items() if at < cutoff]
        for key in old:
            del self._outcomes[key]
        return len(old)


class RetentionTooShortError(errors.ValidationError):
    code = "retention_too_short"
    template = "再送キーは{days}日以上保持します。{days}以上の日数を指定してください"


def prune_cutoff(days: int, now: datetime) -> datetime:
    """The moment before which keys may be forgotten, keeping `days` days (at least one)."""
    if days < KEEP_AT_LEAST_DAYS:
        raise RetentionTooShortError(field="days", days=KEEP_AT_LEAST_DAYS)
    return now - timedelta(days=days)


CURRENT: ContextVar[KeyedCommand | None] = ContextVar("kyodo_keyed_command", default=None)
"""The command being handled in this thread (set by `Ledger.handle`, read by its save)."""


class IdempotencyKeyReusedError(errors.ValidationError):
    code = "idempotency_key_reused"
    template = "この再送キーは別の操作に使われています。新しいキーを指定してください"


class IdempotencyKeyInvalidError(errors.ValidationError):
    code = "idempotency_key_invalid"
    template = "再送キーは1〜200文字の英数字と記号で指定してください"


class StoreUnavailableError(Exception):
    """The event store cannot be reached now; whether the command was recorded is settled
    by sending it again with the same key."""

    code = "unavailable"
    message = "データベースに接続できません。しばらくしてから同じ再送キーでもう一度お試しください"
    retry_after_seconds = 2


class NothingSentError(OperationalError):
    """A save that could not reach the store at all (no connection to be had): nothing was
    sent, so nothing can have committed, and no key needs asking."""


class UncertainSaveError(Exception):
    """A save failed in a way that leaves unknown whether it committed (the connection was
    lost after the commit was sent, say): only the command's key can tell."""


def check_key(key: str) -> str:
    if not 0 < len(key) <= MAX_KEY_LENGTH or not key.isascii() or not key.isprintable():
        raise IdempotencyKeyInvalidError(field="clientMutationId")
    return key


def fingerprint(command: Command) -> str:
    """The same command with the same values gives the same fingerprint, across processes."""
    fields = {f.name: getattr(command, f.name) for f in dataclasses.fields(command)}
    canonical = json.dumps(
        [type(command).__name__, fields], default=_plain, sort_keys=True, ensure_ascii=False
    )
    # surrogatepass: a lone surrogate is refused by the rule later, not here by the hash
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (set, frozenset)):
        return sorted(map(str, value))
    return str(value)
