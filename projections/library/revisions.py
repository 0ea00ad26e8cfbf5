"""The library's revisions: every rendered state of each published entry, with the position
and record time of the event that produced it, so that the library can be shown as it stood
at any moment (`as_of.py`).

`Library.changes` puts a `moment` marker before each event's changes. The writer applies an
event's changes, renders the entries they touch, and appends a revision for each entry that
differs from its latest one (an entry that is no longer published is a revision without an
entry). Cases that were never published leave no revision. Rebuilt from position 0, the
revisions come out the same: positions and record times are the events' own.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from projections.engine import Change, Db, Dialect, Tables, Upsert
from projections.library.entry import LibraryEntry

MOMENTS = "moments"
"""Changes on this logical table are markers, not rows: where one event's changes begin."""

REVISIONS_DDL = (
    "case_id TEXT NOT NULL, position {bigint} NOT NULL, recorded_at TEXT NOT NULL, "
    "entry TEXT, PRIMARY KEY (case_id, position)"
)


def moment(position: int, recorded_at: datetime) -> Change:
    """The marker that opens an event's changes."""
    return Upsert(MOMENTS, {"position": position}, {"recorded_at": recorded_at})


@dataclass(frozen=True)
class Moment:
    position: int
    recorded_at: datetime


def by_moment(changes: Sequence[Change]) -> Iterator[tuple[Moment | None, list[Change]]]:
    """The changes of each event, after the marker that opened them (None: unmarked)."""
    current: Moment | None = None
    segment: list[Change] = []
    for change in changes:
        if change.table != MOMENTS or not isinstance(change, Upsert):
            segment.append(change)
            continue
        if segment or current is not None:
            yield current, segment
        position, recorded_at = change.key["position"], change.values["recorded_at"]
        assert isinstance(position, int)
        assert isinstance(recorded_at, datetime)
        current, segment = Moment(position, recorded_at), []
    if segment or current is not None:
        yield current, segment


REVISED = (
    "INSERT INTO {table} (case_id, position, recorded_at, entry) VALUES ({p},{p},{p},{p}) "
    "ON CONFLICT (case_id, position) DO UPDATE SET entry = excluded.entry"
)
"""A revision's statement (`revision` gives its parameters)."""


def revision(
    db: Db,
    dialect: Dialect,
    tables: Tables,
    case_id: str,
    at: Moment,
    text: str | None,
    latest: dict[str, str | None] | None = None,
) -> list[Any] | None:
    """The revision to append (the parameters of `REVISED`) when the entry, as its JSON
    `text` (None: no entry), differs from the case's latest one, else None. `latest`, the
    latest entries (None: none, or withdrawn) of the cases met in this transaction, is read
    before the table and kept up to date here, so the revisions of a batch can be written
    together after it (a case met again in the batch is compared with its revision there,
    not read again)."""
    p, table = dialect.param, tables["revisions"]
    known = {} if latest is None else latest
    if case_id not in known:
        row = db.execute(
            f"SELECT entry FROM {table} WHERE case_id = {p} ORDER BY position DESC LIMIT 1",
            [case_id],
        ).fetchone()
        known[case_id] = None if row is None else _at(row, 0)
    if known[case_id] == text:
        return None
    known[case_id] = text
    return [case_id, at.position, at.recorded_at.astimezone(UTC).isoformat(), text]


def entries_as_of(db: Db, dialect: Dialect, tables: Tables, before: datetime) -> list[LibraryEntry]:
    """The entries published as recorded before `before`: each case's latest revision."""
    p, table, cutoff = dialect.param, tables["revisions"], before.astimezone(UTC).isoformat()
    rows = db.execute(
        f"SELECT r.entry FROM {table} r WHERE r.recorded_at < {p} AND r.position = "
        f"(SELECT MAX(s.position) FROM {table} s WHERE s.case_id = r.case_id "
        f"AND s.recorded_at < {p}) AND r.entry IS NOT NULL ORDER BY r.case_id",
        [cutoff, cutoff],
    ).fetchall()
    return [LibraryEntry.from_json(_at(row, 0)) for row in rows]


def _at(row: Any, index: int) -> Any:
    return list(row.values())[index] if isinstance(row, Mapping) else row[index]
