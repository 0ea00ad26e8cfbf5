"""The connection to PostgreSQL is cut right after a commit (a TCP proxy throws the server's
answer away): the command is recorded once, and its caller gets the first outcome."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from application.idempotency import StoreUnavailableError
from application.ledger import CommandResult, Ledger
from domain.commands.case import AddNote
from persistence.settings import Settings
from persistence.wiring import build_ledger
from tests.faults.pgcluster import Cluster, own_postgres
from tests.faults.pgproxy import PgProxy
from tests.support import CaseFixture

__all__ = ["own_postgres"]


@pytest.fixture
def proxy(own_postgres: Cluster) -> Iterator[PgProxy]:
    proxied = PgProxy(own_postgres.url)
    yield proxied
    proxied.close()


@pytest.fixture
def proxied_ledger(proxy: PgProxy, tmp_path: Path) -> Iterator[Ledger]:
    name = "t" + uuid.uuid4().hex[:12]
    ledger = build_ledger(Settings(database_url=proxy.url, data_dir=tmp_path, ledger_name=name))
    yield ledger
    ledger.close()


def _sent_until_answered(
    ledger: Ledger, given: CaseFixture, note: AddNote, key: str, seconds: float = 15
) -> CommandResult:
    """As a client does: the same command under the same key until the store answers."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return ledger.handle(given.ctx, note, key)
        except StoreUnavailableError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _events(ledger: Ledger, case_id: uuid.UUID) -> list[str]:
    return [type(e).__name__ for e in ledger.repository.event_store.get(case_id)]


@pytest.mark.parametrize("key", ["client-key-1", None])
def test_an_answer_lost_after_the_commit_records_the_note_once(
    proxy: PgProxy, proxied_ledger: Ledger, key: str | None
) -> None:
    given = CaseFixture(proxied_ledger)
    given.open()
    proxy.drop_after_commit()

    result = proxied_ledger.handle(given.ctx, AddNote(case_id=given.id, text="一度だけ"), key)

    assert proxy.dropped_commits == 1
    assert result.version == 2
    assert _events(proxied_ledger, given.id) == ["ConsultationReceived", "NoteAdded"]


def test_when_the_store_cannot_tell_the_same_key_settles_it_later(
    proxy: PgProxy, proxied_ledger: Ledger
) -> None:
    """The answer is lost and the database stays away: the caller hears "unavailable";
    sent again under its key once the database is back, the note is not recorded again."""
    given = CaseFixture(proxied_ledger)
    given.open()
    note = AddNote(case_id=given.id, text="届いたか分からない")
    proxy.drop_after_commit()
    original = proxy._drops

    def drop_and_go_away(seen: bytes) -> bool:
        dropped = original(seen)
        if dropped:
            proxy.cut()  # every connection, and the ones to come
        return dropped

    proxy._drops = drop_and_go_away  # type: ignore[method-assign]
    with pytest.raises(StoreUnavailableError):
        proxied_ledger.handle(given.ctx, note, "uncertain-1")
    proxy.restore()

    again = _sent_until_answered(proxied_ledger, given, note, "uncertain-1")

    assert again.version == 2
    assert _events(proxied_ledger, given.id) == ["ConsultationReceived", "NoteAdded"]


@pytest.mark.parametrize("key", ["k-away", None])
def test_with_the_store_away_a_command_fails_within_two_seconds(
    proxy: PgProxy, proxied_ledger: Ledger, key: str | None
) -> None:
    """No blanket retries (the library's: 10 tries, each waiting for the pool, 11.8 s)."""
    given = CaseFixture(proxied_ledger)
    given.open()
    proxy.cut()

    started = time.monotonic()
    with pytest.raises(StoreUnavailableError) as refused:
        proxied_ledger.handle(given.ctx, AddNote(case_id=given.id, text="届かない"), key)

    elapsed = time.monotonic() - started
    # what waited, should it ever take longer (once, 2.007 s: not reproduced since)
    causes = []
    error: BaseException | None = refused.value
    while error is not None:
        causes.append(repr(error))
        error = error.__cause__ or error.__context__
    assert elapsed < 2.0, f"{elapsed:.3f} s: {' <- '.join(causes)}"
