"""The runner on SQLite and PostgreSQL: catch-up in batches, read-your-writes, status, and
failure isolation (an event a read model cannot process is parked, ADR 2026-12-02)."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from typing import Any

import psycopg
import pytest

from application.ledger import Ledger
from domain.vocabulary import PartyKind
from projections.case_list.projection import CaseListReadModel
from projections.case_list.queries import CaseListQueries
from projections.engine.base import Dialect
from projections.engine.status import status_of
from projections.engine.store import ReadStore
from tests.projections.conftest import ServiceFactory
from tests.projections.support import MINE, FailsOnNotes, WritesBadColumn, dump, fresh_rebuild
from tests.support import CaseFixture


def open_cases(ledger: Ledger, count: int) -> list[CaseFixture]:
    cases = []
    for i in range(count):
        case = CaseFixture(ledger)
        case.open(title=f"案件{i}")
        case.join("山口食品株式会社", PartyKind.BUSINESS)
        cases.append(case)
    return cases


def test_catch_up_in_small_batches_equals_one_big_batch(
    ledger: Ledger, read_store: ReadStore, make_service: ServiceFactory
) -> None:
    open_cases(ledger, 5)
    service = make_service(batch_size=3)
    service.run_until_caught_up()
    for model in MINE:
        assert dump(read_store, model) == fresh_rebuild(read_store, ledger, model)
    head = ledger.recorder.max_notification_id()
    assert {s.position for s in service.status()} == {head}


def test_a_batch_commits_its_rows_and_position_together(
    ledger: Ledger, read_store: ReadStore, make_service: ServiceFactory
) -> None:
    open_cases(ledger, 3)
    service = make_service(batch_size=4)
    projector = service._reconcile(CaseListReadModel())[0]
    projector.run_batch()
    position = read_store.active("case_list")
    assert position is not None
    assert 0 < position.position < (ledger.recorder.max_notification_id() or 0)
    page = CaseListQueries(read_store).list_cases()
    assert page.items
    assert all(item.position <= position.position for item in page.items)


def test_wait_for_returns_when_the_read_models_have_the_write(
    ledger: Ledger, read_store: ReadStore, make_service: ServiceFactory
) -> None:
    service = make_service()
    service.start()
    case = CaseFixture(ledger)
    case.open()
    assert case.last is not None
    assert service.wait_for(case.last.position, timeout=20)
    found = CaseListQueries(read_store).get_case(str(case.id))
    assert found is not None
    assert found.title == "子ども食堂の立ち上げ"


def test_wait_for_gives_up_after_its_timeout_when_nothing_runs(
    ledger: Ledger, make_service: ServiceFactory
) -> None:
    service = make_service()
    service.run_until_caught_up()
    case = CaseFixture(ledger)
    case.open()
    assert case.last is not None
    assert not service.wait_for(case.last.position, timeout=0.1)


def test_a_read_model_short_of_a_position_it_has_no_event_before_has_processed_it(
    ledger: Ledger, read_store: ReadStore, make_service: ServiceFactory
) -> None:
    """Read models are woken only for topics they follow; one that follows none of the
    latest events is tracked short of the head, and a wait must not wait for it."""
    service = make_service()
    case = CaseFixture(ledger)
    case.open()
    service.run_until_caught_up()
    note = ledger.add_note(case.ctx, case.id, text="追う話題の読み取りモデルだけが進む")
    followers = [n for n, m in service.models.items() if note_topic(ledger) in m.topics]
    others = [n for n in service.models if n not in followers]
    assert followers
    assert others
    assert not service.wait_for(note.position, timeout=0.1)  # nothing has run yet
    service.run_until_caught_up(followers)
    rows = {n: read_store.active(n) for n in others}
    short = [n for n, row in rows.items() if row is not None and row.position < note.position]
    assert short  # not run, and so tracked short of the note
    assert service.wait_for(note.position, timeout=0.1)


def note_topic(ledger: Ledger) -> str:
    [notification] = ledger.recorder.select_notifications(ledger.recorder.max_notification_id(), 1)
    return notification.topic


def test_status_shows_lag_in_events_and_seconds(
    ledger: Ledger, read_store: ReadStore, make_service: ServiceFactory
) -> None:
    service = make_service()
    service.run_until_caught_up()
    case = CaseFixture(ledger)
    case.open()
    oldest = ledger.case_history(case.id)[0]
    model = CaseListReadModel()
    row = read_store.active(model.name)
    assert row is not None
    later = oldest.timestamp + timedelta(seconds=42)
    status = status_of(
        model, row, read_store, ledger.recorder, ledger.mapper.to_domain_event, later
    )
    head = ledger.recorder.max_notification_id() or 0
    assert status.head == head
    assert status.lag_events == head - row.position > 0
    assert status.lag_seconds == pytest.approx(42.0, abs=1.0)
    service.run_until_caught_up()
    assert all(s.lag_events == 0 and s.lag_seconds == 0 for s in service.status())


def test_an_event_a_read_model_cannot_process_is_parked_and_that_read_model_goes_on(
    ledger: Ledger,
    read_store: ReadStore,
    make_service: ServiceFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    case = CaseFixture(ledger)
    case.open()
    note = ledger.add_note(case.ctx, case.id, text="電話で確認")
    case.join("山口食品株式会社", PartyKind.BUSINESS)
    service = make_service([*MINE, FailsOnNotes()])
    with caplog.at_level("WARNING", logger="kyodo.projections"):
        service.run_until_caught_up()
    (said,) = [r.getMessage() for r in caplog.records if "parked" in r.getMessage()]
    assert said.startswith("projection fails_on_notes v1: 1 event(s) parked, the first at ")
    assert f"position {note.position}: " in said
    assert "notes are not understood here" in said
    head = ledger.recorder.max_notification_id()
    by_name = {s.name: s for s in service.status()}
    assert by_name["case_list"].position == head
    assert by_name["timeline"].position == head
    parked = by_name["fails_on_notes"]
    assert (parked.position, parked.error, parked.parked) == (head, None, 1)
    (letter,) = service.dead_letters("fails_on_notes")
    assert letter.position == note.position
    assert letter.topic == "kyodo:Case.NoteAdded"
    assert letter.originator_id == str(case.id)
    assert letter.originator_version == 2
    assert "notes are not understood here" in letter.error
    assert service.wait_for(head, timeout=5, names=["fails_on_notes"])


def test_a_change_the_database_refuses_is_parked_and_the_read_model_goes_on(
    ledger: Ledger,
    read_store: ReadStore,
    make_service: ServiceFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    case = CaseFixture(ledger)
    case.open()
    note = ledger.add_note(case.ctx, case.id, text="電話で確認")
    case.join("山口食品株式会社", PartyKind.BUSINESS)
    service = make_service([WritesBadColumn()])
    with caplog.at_level("WARNING", logger="kyodo.projections"):
        service.run_until_caught_up()
    said = [r.getMessage() for r in caplog.records if r.name == "kyodo.projections"]
    # the batch refused, said before it is applied event by event; then the one event parked
    head = ledger.recorder.max_notification_id()
    assert said[0].startswith(
        f"projection writes_bad_column v1: the database refused the batch after position 0 "
        f"up to {head} ("
    )
    assert "no_such_column" in said[0]
    assert said[0].endswith("); applying it event by event")
    assert said[1].startswith(
        f"projection writes_bad_column v1: 1 event(s) parked, the first at position "
        f"{note.position}: "
    )
    (status,) = service.status()
    assert (status.position, status.error, status.parked) == (
        ledger.recorder.max_notification_id(),
        None,
        1,
    )
    (letter,) = service.dead_letters()
    assert letter.position == note.position
    rows = dump(read_store, WritesBadColumn())["writes_bad_column"]
    assert [row[1] for row in rows] == [2]  # the opening and the joining, once each


def test_a_round_that_fails_in_the_database_is_retried_by_the_background_thread(
    ledger: Ledger, read_store: ReadStore, make_service: ServiceFactory
) -> None:
    service = make_service()
    real_step = service.step
    failures: list[str] = []

    def flaky_step(name: str, max_batches: int | None = None) -> bool:
        if not failures:
            failures.append(name)
            raise sqlite3.OperationalError("database is locked")
        return real_step(name, max_batches)

    service.step = flaky_step  # type: ignore[method-assign]
    service.start()
    case = CaseFixture(ledger)
    case.open()
    assert case.last is not None
    assert service.wait_for(case.last.position, timeout=20)
    assert failures


def test_connection_trouble_is_transient_but_a_refused_change_is_not(
    read_store: ReadStore,
) -> None:
    assert read_store.is_transient(sqlite3.OperationalError("database is locked"))
    assert not read_store.is_transient(sqlite3.OperationalError("no such column: x"))
    assert not read_store.is_transient(ValueError("a defect"))
    if read_store.dialect is Dialect.POSTGRES:
        assert read_store.is_transient(psycopg.OperationalError("server closed the connection"))
        assert not read_store.is_transient(psycopg.errors.UndefinedColumn("no such column"))


class CountedLog:
    """The ledger's log, counting the questions for its head and its selections."""

    def __init__(self, log: Any) -> None:
        self.log = log
        self.heads = 0
        self.asked: list[tuple[str, ...]] = []
        """The topics of each selection of notifications."""
        self.starts: list[int | None] = []
        """Where each selection started."""

    def max_notification_id(self) -> int | None:
        self.heads += 1
        found: int | None = self.log.max_notification_id()
        return found

    def select_notifications(self, *args: Any, **kwargs: Any) -> Any:
        self.asked.append(tuple(kwargs.get("topics", ())))
        self.starts.append(args[0] if args else kwargs.get("start"))
        return self.log.select_notifications(*args, **kwargs)


def test_a_short_batch_reaches_the_head_without_asking_for_it_again(
    ledger: Ledger, read_store: ReadStore, make_service: ServiceFactory
) -> None:
    """A batch that read fewer events than a batch holds moved the position to the head it
    read: the round ends there, after one question for the head, not a second to learn it
    is there. An event saved after that head is read by the next round, which it wakes."""
    open_cases(ledger, 2)
    service = make_service(batch_size=500)
    projector = service._reconcile(CaseListReadModel())[0]
    log = projector.log = CountedLog(projector.log)

    assert service._catch_up(projector, None)
    assert log.heads == 1
    assert projector.position() == ledger.recorder.max_notification_id()

    later = open_cases(ledger, 1)[0]
    assert later.last is not None
    assert projector.catch_up()
    assert log.heads == 2
    assert projector.position() == later.last.position


def test_a_round_trusts_the_stores_copy_of_the_tracking_rows(
    ledger: Ledger, read_store: ReadStore, make_service: ServiceFactory
) -> None:
    """Each round of each read model read its tracking rows from the database again (a
    transaction of its own, per event saved); it now takes the store's copy, which follows
    this store's own moves and is read again when older than `versions_ttl`."""
    open_cases(ledger, 1)
    service = make_service()
    service.run_until_caught_up()
    read_store.versions_ttl = 60.0
    names = ["case_list", "timeline", "attention"]
    for name in names:
        read_store.versions(name)  # a fresh copy
    before = read_store.tracking_reads
    for _ in range(5):
        later = open_cases(ledger, 1)[0]
        for name in names:
            service.step(name)
        assert later.last is not None
        positions = {n: read_store.active(n, cached=True) for n in names}
        assert {n: r and r.position for n, r in positions.items()} == dict.fromkeys(
            names, later.last.position
        )
    assert read_store.tracking_reads == before


def test_a_wait_the_announced_positions_answer_asks_the_database_nothing(
    ledger: Ledger, read_store: ReadStore, make_service: ServiceFactory
) -> None:
    """Every read model announced a position at or past the one waited for: the wait reads
    no tracking row and asks the log nothing (it read every read model's rows before)."""
    case = open_cases(ledger, 1)[0]
    service = make_service()
    service.run_until_caught_up()
    log = service.log = CountedLog(service.log)
    before = read_store.tracking_reads
    assert case.last is not None

    assert service.wait_for(case.last.position, timeout=5)
    assert (read_store.tracking_reads - before, log.asked) == (0, [])


def test_a_wait_asks_the_log_once_for_all_read_models(
    ledger: Ledger, read_store: ReadStore, make_service: ServiceFactory
) -> None:
    """Waiting for a case nobody has processed yet (no service runs): each round of the wait
    looks again, but whether an event a read model follows lies before the position is one
    question for all of them, asked once, not once per read model and round."""
    open_cases(ledger, 1)
    service = make_service()
    service.run_until_caught_up()
    case = open_cases(ledger, 1)[0]
    log = service.log = CountedLog(service.log)
    assert case.last is not None

    assert not service.wait_for(case.last.position, timeout=0.8)  # three rounds or more
    assert len(log.asked) == 1


def test_a_wait_sees_an_advance_it_did_not_hear_at_its_next_look_at_the_store(
    ledger: Ledger, read_store: ReadStore, make_service: ServiceFactory
) -> None:
    """Another service (another process) moved the read models: this one heard nothing, and
    its own announced positions are older. The wait finds the tracking rows past the
    position at its next look at the store."""
    waiting = make_service()
    waiting.run_until_caught_up()
    case = open_cases(ledger, 1)[0]
    assert case.last is not None
    make_service().run_until_caught_up()  # its advances are its own

    assert waiting.wait_for(case.last.position, timeout=20)  # False had it timed out


def test_a_wait_looks_past_what_an_earlier_wait_found_quiet(
    ledger: Ledger, read_store: ReadStore, make_service: ServiceFactory
) -> None:
    """The read models that follow no note stay at their positions while notes come. The
    first wait looks at the log from there; the next one only at what came after the first
    wait's position (each wait looked at every note since again)."""
    case = open_cases(ledger, 1)[0]
    service = make_service()
    service.run_until_caught_up()
    log = service.log = CountedLog(service.log)
    notes = []
    for text in ("一回目", "二回目"):
        notes.append(ledger.add_note(case.ctx, case.id, text=text))
        followers = [n for n, m in service.models.items() if note_topic(ledger) in m.topics]
        assert 0 < len(followers) < len(service.models)
        service.run_until_caught_up(followers)
        assert service.wait_for(notes[-1].position, timeout=5)

    assert log.starts[-1] == notes[0].position
    assert log.starts[0] < notes[0].position
