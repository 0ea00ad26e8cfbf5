"""Helpers for read-side tests: table dumps, fresh rebuilds, read models that fail on purpose."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from application.ledger import Ledger
from domain.case import Case
from projections.case_list.projection import CaseListReadModel
from projections.engine.base import Change, Db, Dialect, ReadModel, Tables, Upsert, Writer
from projections.engine.service import ProjectionService, ServiceOptions
from projections.engine.store import ReadStore
from projections.shared import CASE_TOPICS
from projections.timeline.projection import TimelineReadModel

MINE: list[ReadModel] = [CaseListReadModel(), TimelineReadModel()]


class FailsOnNotes(ReadModel):
    """Counts case events, and cannot process a note (a defect in its pure function)."""

    name = "fails_on_notes"
    version = 1
    topics = CASE_TOPICS
    tables = ("fails_on_notes",)

    def ddl(self, dialect: Dialect, tables: Tables) -> list[str]:
        return [
            f"CREATE TABLE IF NOT EXISTS {tables['fails_on_notes']} "
            "(case_id TEXT PRIMARY KEY, events INTEGER NOT NULL)"
        ]

    def changes(self, event: object, position: int) -> list[Change]:
        if isinstance(event, Case.NoteAdded):
            raise ValueError("notes are not understood here")
        oid = str(getattr(event, "originator_id", ""))
        return [Upsert("fails_on_notes", {"case_id": oid}, increment={"events": 1})]


class WritesBadColumn(FailsOnNotes):
    """Its writer fails in the database on notes: a column that does not exist."""

    name = "writes_bad_column"
    tables = ("writes_bad_column",)

    def ddl(self, dialect: Dialect, tables: Tables) -> list[str]:
        return [
            f"CREATE TABLE IF NOT EXISTS {tables['writes_bad_column']} "
            "(case_id TEXT PRIMARY KEY, events INTEGER NOT NULL)"
        ]

    def changes(self, event: object, position: int) -> list[Change]:
        oid = str(getattr(event, "originator_id", ""))
        column = "no_such_column" if isinstance(event, Case.NoteAdded) else "events"
        return [Upsert("writes_bad_column", {"case_id": oid}, increment={column: 1})]


class CountsEvents(FailsOnNotes):
    """Counts every case event per case: applying an event twice would show."""

    name = "counts_events"
    tables = ("counts_events",)

    def ddl(self, dialect: Dialect, tables: Tables) -> list[str]:
        return [
            f"CREATE TABLE IF NOT EXISTS {tables['counts_events']} "
            "(case_id TEXT PRIMARY KEY, events INTEGER NOT NULL)"
        ]

    def changes(self, event: object, position: int) -> list[Change]:
        oid = str(getattr(event, "originator_id", ""))
        return [Upsert("counts_events", {"case_id": oid}, increment={"events": 1})]


ALL_MODELS: list[ReadModel] = [*MINE, FailsOnNotes(), WritesBadColumn(), CountsEvents()]


def dump(store: ReadStore, model: ReadModel, version: int | None = None) -> dict[str, list[Any]]:
    """Every row of every table of a read model (the active version unless one is given)."""
    tables = store.tables(model) if version is None else Tables(store.prefix, model, version)
    assert tables is not None, f"{model.name} has no active version"
    with store.reading() as db:
        return {
            table: sorted(
                (tuple(row) for row in db.execute(f"SELECT * FROM {tables[table]}").fetchall()),
                key=repr,
            )
            for table in model.tables
        }


def fresh_rebuild(
    store: ReadStore, ledger: Ledger, model: ReadModel, batch_size: int = 10_000
) -> dict[str, list[Any]]:
    """The read model built from position 0 (in one go, or in batches of `batch_size`), in
    tables of a prefix of its own. A batch the database refuses is applied again event by
    event by the runner, which hides a writer's defect behind a right result: here, any
    batch that fails fails the build."""
    fresh = ReadStore(
        store.dialect,
        prefix=f"{store.prefix}fresh{uuid.uuid4().hex[:6]}_",
        sqlite_path=store.sqlite_path,
        database_url=store.database_url,
    )
    refused: list[Exception] = []
    made, own = model.writer, model.__dict__.get("writer")
    model.writer = lambda: _Watched(made(), refused)  # type: ignore[method-assign]
    try:
        service = ProjectionService(
            fresh,
            ledger.recorder,
            ledger.mapper.to_domain_event,
            [model],
            options=ServiceOptions(batch_size=batch_size),
        )
        service.run_until_caught_up()
        assert not refused, f"{model.name}: a batch failed in the database: {refused[0]!r}"
        return dump(fresh, model)
    finally:
        if own is None:
            del model.writer
        else:
            model.writer = own  # type: ignore[method-assign]
        fresh.drop_everything([model])
        fresh.close()


class _Watched:
    """A writer whose refusals are noted (the runner would retry them event by event)."""

    def __init__(self, writer: Writer, refused: list[Exception]) -> None:
        self.writer, self.refused = writer, refused

    def apply(self, db: Db, dialect: Dialect, tables: Tables, changes: Sequence[Change]) -> None:
        try:
            self.writer.apply(db, dialect, tables, changes)
        except Exception as error:
            self.refused.append(error)
            raise
