"""An event a read model cannot process is parked, never a stop: the read model goes on with
the next events, the dead letter is listed, and `retry` or `skip` resolves it. The events are
stored directly, as an old version stored them before the edge refused their text."""

from __future__ import annotations

import pytest

from application.ledger import Ledger
from domain.case import Case
from domain.vocabulary import PartyKind
from projections.engine.base import Change, Dialect, Upsert
from projections.engine.dead_letters import SKIPPED, NotParkedError
from projections.engine.store import ReadStore
from projections.timeline.queries import TimelineQueries
from tests.faults.poison import store_note_with_lone_surrogate, store_note_with_nul
from tests.projections.conftest import ServiceFactory
from tests.projections.support import FailsOnNotes, dump
from tests.support import CaseFixture


class BrokenOnNotes(FailsOnNotes):
    """Cannot process notes until it is mended (a defect fixed by a new release)."""

    name = "broken_on_notes"
    tables = ("broken_on_notes",)
    mended = False

    def ddl(self, dialect: Dialect, tables: object) -> list[str]:
        return [
            f"CREATE TABLE IF NOT EXISTS {tables['broken_on_notes']} "  # type: ignore[index]
            "(case_id TEXT PRIMARY KEY, events INTEGER NOT NULL)"
        ]

    def changes(self, event: object, position: int) -> list[Change]:
        if isinstance(event, Case.NoteAdded) and not self.mended:
            raise ValueError("notes are not understood here")
        oid = str(getattr(event, "originator_id", ""))
        return [Upsert("broken_on_notes", {"case_id": oid}, increment={"events": 1})]


@pytest.fixture
def case(ledger: Ledger) -> CaseFixture:
    fixture = CaseFixture(ledger)
    fixture.open()
    return fixture


def _by_name(statuses: list) -> dict:  # type: ignore[type-arg]
    return {s.name: s for s in statuses}


def test_a_note_no_store_can_write_is_parked_and_every_read_model_goes_on(
    ledger: Ledger, read_store: ReadStore, make_service: ServiceFactory, case: CaseFixture
) -> None:
    poison = store_note_with_lone_surrogate(ledger, case.id)
    case.join("山口食品株式会社", PartyKind.BUSINESS)
    service = make_service()

    service.run_until_caught_up()

    head = ledger.recorder.max_notification_id()
    assert all(s.position == head and s.error is None for s in service.status())
    (letter,) = service.dead_letters("timeline")
    assert (letter.position, letter.topic) == (poison, "kyodo:Case.NoteAdded")
    assert letter.originator_id == str(case.id)
    assert "UnicodeEncodeError" in letter.error
    assert _by_name(service.status())["timeline"].parked == 1
    last = TimelineQueries(read_store).entry(str(case.id), len(ledger.case_history(case.id)))
    assert last is not None
    assert last.step == "PartyJoined"


def test_a_nul_stored_by_an_old_version_never_stops_a_read_model(
    ledger: Ledger, read_store: ReadStore, make_service: ServiceFactory, case: CaseFixture
) -> None:
    poison = store_note_with_nul(ledger, case.id)
    case.join("山口食品株式会社", PartyKind.BUSINESS)
    service = make_service()

    service.run_until_caught_up()

    head = ledger.recorder.max_notification_id()
    assert all(s.position == head and s.error is None for s in service.status())
    parked = {(d.name, d.position) for d in service.dead_letters()}
    if read_store.dialect is Dialect.POSTGRES:  # "text fields cannot contain NUL"
        assert ("timeline", poison) in parked
    else:  # SQLite keeps NUL in text
        assert parked == set()


def test_a_batch_with_a_parked_event_keeps_the_others_exactly_once(
    ledger: Ledger, read_store: ReadStore, make_service: ServiceFactory, case: CaseFixture
) -> None:
    ledger.add_note(case.ctx, case.id, text="電話で確認")
    case.join("山口食品株式会社", PartyKind.BUSINESS)
    model = BrokenOnNotes()
    service = make_service([model], batch_size=2)

    service.run_until_caught_up()

    (status,) = service.status()
    assert (status.position, status.parked) == (ledger.recorder.max_notification_id(), 1)
    rows = dump(read_store, model)["broken_on_notes"]
    assert [row[1] for row in rows] == [len(ledger.case_history(case.id)) - 1]


def test_retry_applies_the_parked_event_and_removes_its_dead_letter(
    ledger: Ledger, read_store: ReadStore, make_service: ServiceFactory, case: CaseFixture
) -> None:
    note = ledger.add_note(case.ctx, case.id, text="電話で確認")
    model = BrokenOnNotes()
    service = make_service([model])
    service.run_until_caught_up()
    model.mended = True

    failed = service.retry(model.name, note.position or 0)

    assert failed == []
    assert service.dead_letters(model.name) == []
    rows = dump(read_store, model)["broken_on_notes"]
    assert [row[1] for row in rows] == [len(ledger.case_history(case.id))]


def test_a_retry_that_fails_again_keeps_the_dead_letter_with_the_new_error(
    ledger: Ledger, make_service: ServiceFactory, case: CaseFixture
) -> None:
    note = ledger.add_note(case.ctx, case.id, text="電話で確認")
    model = BrokenOnNotes()
    service = make_service([model])
    service.run_until_caught_up()

    (failed,) = service.retry(model.name, note.position or 0)

    assert "notes are not understood here" in failed.error
    (letter,) = service.dead_letters(model.name)
    assert letter.error == failed.error


def test_skip_keeps_the_dead_letter_marked_skipped_and_no_longer_parked(
    ledger: Ledger, make_service: ServiceFactory, case: CaseFixture
) -> None:
    note = ledger.add_note(case.ctx, case.id, text="電話で確認")
    model = BrokenOnNotes()
    service = make_service([model])
    service.run_until_caught_up()

    service.skip(model.name, note.position or 0)

    (letter,) = service.dead_letters(model.name)
    assert letter.state == SKIPPED
    assert service.status()[0].parked == 0


def test_retry_or_skip_of_a_position_nothing_parked_is_refused(
    make_service: ServiceFactory, case: CaseFixture
) -> None:
    service = make_service([BrokenOnNotes()])
    service.run_until_caught_up()

    with pytest.raises(NotParkedError):
        service.retry("broken_on_notes", 1)
    with pytest.raises(NotParkedError):
        service.skip("broken_on_notes", 1)


def test_a_rebuild_drops_the_dead_letters_of_the_version_it_retires(
    ledger: Ledger, read_store: ReadStore, make_service: ServiceFactory, case: CaseFixture
) -> None:
    ledger.add_note(case.ctx, case.id, text="電話で確認")
    model = BrokenOnNotes()
    service = make_service([model])
    service.run_until_caught_up()
    model.mended = True

    service.rebuild(model.name)
    service.run_until_caught_up()
    service.run_until_caught_up()

    assert service.dead_letters(model.name) == []


def test_a_read_model_that_cannot_even_park_stops_with_the_reason(
    ledger: Ledger, read_store: ReadStore, make_service: ServiceFactory, case: CaseFixture
) -> None:
    note = ledger.add_note(case.ctx, case.id, text="電話で確認")
    with read_store.transaction() as db:
        db.execute(f"DROP TABLE {read_store.letters.table}")
    service = make_service([BrokenOnNotes()])

    service.run_until_caught_up()

    status = read_store.version("broken_on_notes", 1)
    assert status is not None
    assert status.error is not None
    assert f"could not park the events at {note.position}" in status.error
    assert status.position < (note.position or 0)
