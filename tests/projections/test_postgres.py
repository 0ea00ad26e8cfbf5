"""PostgreSQL only: one active worker per read model (advisory lock, with takeover by a
standby when the active worker dies) and live follow through LISTEN/NOTIFY."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from application.ledger import Ledger
from persistence.settings import Settings
from projections.engine.locks import AdvisoryLocks
from projections.engine.store import ReadStore
from projections.wiring import conninfo
from tests.projections.conftest import ServiceFactory
from tests.projections.test_crash import environment
from tests.support import CaseFixture

ROOT = Path(__file__).resolve().parents[2]
only_postgres = pytest.mark.parametrize("settings", ["postgres"], indirect=True)


def eventually(check: Callable[[], bool], timeout: float = 90.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return False


def reached(store: ReadStore, name: str, position: int | None) -> Callable[[], bool]:
    def check() -> bool:
        row = store.active(name)
        return row is not None and row.position >= (position or 0)

    return check


@only_postgres
def test_a_standby_takes_over_when_the_active_worker_dies(
    settings: Settings, ledger: Ledger, read_store: ReadStore, make_service: ServiceFactory
) -> None:
    case = CaseFixture(ledger)
    case.open()
    assert case.last is not None
    worker = subprocess.Popen(
        [sys.executable, "-c", "from api.cli import main; main()", "project"],
        cwd=ROOT,
        env=environment(settings),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert eventually(reached(read_store, "case_list", case.last.position))
        standby = make_service(poll=0.05)
        standby.start()
        lock = f"{read_store.prefix}case_list"
        assert not AdvisoryLocks(conninfo(settings)).try_acquire(lock)
    finally:
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
    note = ledger.add_note(case.ctx, case.id, text="引き継ぎ後の記録")
    assert eventually(reached(read_store, "case_list", note.position))
    assert eventually(reached(read_store, "timeline", note.position))


@only_postgres
def test_listen_notify_wakes_the_runner_long_before_it_would_poll(
    ledger: Ledger, read_store: ReadStore, make_service: ServiceFactory
) -> None:
    case = CaseFixture(ledger)
    case.open()
    assert case.last is not None
    service = make_service(poll=300.0)
    service.start()
    assert eventually(reached(read_store, "timeline", case.last.position))
    note = ledger.add_note(case.ctx, case.id, text="通知で届く")
    assert eventually(reached(read_store, "timeline", note.position), timeout=60.0)


@only_postgres
def test_a_save_names_its_topics_and_wakes_only_the_read_models_that_follow_one(
    settings: Settings, ledger: Ledger, make_service: ServiceFactory
) -> None:
    import psycopg

    from persistence.notices import payload_topics
    from projections.engine.listen import relay

    case = CaseFixture(ledger)
    case.open()
    service = make_service()  # not started: the test reads its wake-up events
    channel = ledger.recorder.channel_name  # type: ignore[attr-defined]
    with psycopg.connect(conninfo(settings), autocommit=True) as listener:
        listener.execute(f'LISTEN "{channel}"')
        ledger.add_note(case.ctx, case.id, text="通知に話題を添える")
        [note] = list(listener.notifies(timeout=10, stop_after=1))
    topics = payload_topics(note.payload)
    assert topics is not None
    assert {t.rsplit(".", 1)[-1] for t in topics} == {"NoteAdded"}, topics

    events = service._wake  # the events each read model's thread sleeps on
    for event in events.values():
        event.clear()
    relay(service, note.channel, note.payload)
    woken = {name for name, event in events.items() if event.is_set()}
    assert woken == {n for n, m in service.models.items() if not topics.isdisjoint(m.topics)}
    assert "timeline" in woken
    assert "party_directory" not in woken  # follows no topic of a note
    for event in events.values():
        event.clear()
    relay(service, note.channel, "")  # another writer's NOTIFY, without topics
    assert all(event.is_set() for event in events.values())


@only_postgres
def test_while_listen_is_up_the_read_models_poll_ten_times_less_often(
    ledger: Ledger, read_store: ReadStore, make_service: ServiceFactory
) -> None:
    service = make_service(poll=0.2)
    assert not service.listening
    service.start()
    assert eventually(lambda: service.listening, timeout=30.0)
    assert service._poll_interval() == pytest.approx(2.0)
    case = CaseFixture(ledger)
    case.open()  # woken by the save's NOTIFY, not by the (now longer) poll
    assert case.last is not None
    assert eventually(reached(read_store, "case_list", case.last.position), timeout=30.0)


@only_postgres
def test_nothing_can_be_written_through_a_reading_connection(
    ledger: Ledger, read_store: ReadStore, make_service: ServiceFactory
) -> None:
    """Reads run in a read-only transaction: a write sent through `reading()` (a defect, an
    injection) is refused and changes nothing."""
    import psycopg

    CaseFixture(ledger).open()
    make_service().run_until_caught_up(["case_list"])

    def count() -> int:
        with read_store.reading() as db:
            tables = read_store.tables("case_list", db)
            assert tables is not None
            row = db.execute(f"SELECT COUNT(*) AS n FROM {tables['case_list']}").fetchone()
            return int(row["n"] if isinstance(row, dict) else row[0])

    before = count()
    with read_store.reading() as db:
        tables = read_store.tables("case_list", db)
        assert tables is not None
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            db.execute(f"DELETE FROM {tables['case_list']}")
    assert count() == before == 1


@only_postgres
def test_a_read_repeated_is_prepared_once_on_its_connection(
    ledger: Ledger, read_store: ReadStore, make_service: ServiceFactory
) -> None:
    """A read ends its transaction without forgetting the connection's statements: the same
    query, run again and again through `reading()`, is prepared by psycopg (at its fifth run on
    a connection) instead of being parsed and planned by PostgreSQL every time. A read that
    ended with a rollback never was: psycopg forgets its counts at every rollback."""
    CaseFixture(ledger).open()
    make_service().run_until_caught_up(["case_list"])
    prepared = []
    for _ in range(30):
        with read_store.reading() as db:
            tables = read_store.tables("case_list", db)
            assert tables is not None
            query = f"SELECT COUNT(*) FROM {tables['case_list']} WHERE state = %s"
            assert db.execute(query, ["intake"]).fetchone() is not None
            rows = db.execute(
                "SELECT statement FROM pg_prepared_statements WHERE statement LIKE %s",
                [f"%FROM {tables['case_list']} WHERE state = $1%"],
            ).fetchall()
            prepared.append(len(rows))
    assert max(prepared) == 1


@only_postgres
def test_a_rounds_position_is_notified_by_the_commit_that_moves_it(
    settings: Settings, ledger: Ledger, read_store: ReadStore, make_service: ServiceFactory
) -> None:
    """The active version's batch sends its NOTIFY in its own transaction: one transaction
    for a one-event round, not a second one for the NOTIFY; the listeners get the read
    model and its new position once."""
    import psycopg

    from projections.engine.advances import advance_channel, decode_advance

    CaseFixture(ledger).open()
    service = make_service()
    service.run_until_caught_up()
    case = CaseFixture(ledger)
    case.open()
    assert case.last is not None
    opened: list[int] = []
    transaction = read_store.transaction

    def counted() -> Any:
        opened.append(1)
        return transaction()

    with psycopg.connect(conninfo(settings), autocommit=True) as listener:
        listener.execute(f'LISTEN "{advance_channel(read_store.prefix)}"')
        read_store.transaction = counted  # type: ignore[method-assign]
        try:
            service.step("case_list")
        finally:
            read_store.transaction = transaction  # type: ignore[method-assign]
        heard = [decode_advance(n.payload) for n in listener.notifies(timeout=1.0, stop_after=2)]

    assert opened == [1]
    assert heard == [("case_list", case.last.position)]


class _CountedSession:
    """A lock session's connection, counting the statements sent through it."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self.sent: list[str] = []

    def execute(self, query: str, *args: Any) -> Any:
        self.sent.append(query)
        return self.conn.execute(query, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.conn, name)


@only_postgres
def test_the_lock_session_is_asked_whether_it_lives_once_a_second_not_every_round(
    settings: Settings,
) -> None:
    """Every round of every read model asked the lock session `SELECT 1` (a round trip per
    event saved and read model); a second's rounds now ask once. A session lost meanwhile
    shows at the next question, and a broken connection at once."""
    locks = AdvisoryLocks(conninfo(settings))
    try:
        assert locks.try_acquire("timeline")
        counted = locks._conn = _CountedSession(locks._conn)
        for _ in range(20):
            assert locks.try_acquire("timeline")
            assert locks.try_acquire("case_list")
        assert counted.sent.count("SELECT 1") <= 1
        counted.conn.close()  # the client knows it is broken: a new session at once
        assert locks.try_acquire("timeline")
        assert locks._conn is not counted
    finally:
        locks.release_all()
