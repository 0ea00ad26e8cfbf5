"""Queries over the meetings read model: filtered, keyset-paginated lists, one meeting, a
count. Newest meetings first, by (held_on, meeting_id) descending; a cursor holds that key."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from domain.vocabulary import CENTRE_BY_KEY
from projections.engine.base import Db, ReadConnections, Tables
from projections.engine.keyset import (
    Keyset,
    Page,
    Window,
    count_rows,
    read_window,
)
from projections.meetings.projection import MeetingsReadModel

MAX_PAGE = 200
KEYSET = Keyset(("held_on", "meeting_id"), (str, str), descending=True)
_COLUMNS = "meeting_id, title, held_on, fiscal_year, host_centre, attending_centres, position"


@dataclass(frozen=True)
class PresentedCase:
    case_id: str
    number: str
    title: str


@dataclass(frozen=True)
class FollowUpEntry:
    case_id: str
    municipality: str
    owner_centre: str
    action: str


@dataclass(frozen=True)
class MeetingEntry:
    meeting_id: str
    title: str
    held_on: date
    fiscal_year: int
    host_centre: str
    attending_centres: tuple[str, ...]
    position: int
    presented: tuple[PresentedCase, ...]
    follow_ups: tuple[FollowUpEntry, ...]

    @property
    def cursor(self) -> str:
        return KEYSET.cursor(self.held_on.isoformat(), self.meeting_id)


@dataclass(frozen=True)
class MeetingFilter:
    """All given criteria must hold. The host centre accepts a code or a name."""

    fiscal_year: int | None = None
    host_centre: str | None = None


MeetingPage = Page[MeetingEntry]


class MeetingQueries:
    def __init__(self, connections: ReadConnections) -> None:
        self.connections = connections
        self.model = MeetingsReadModel()

    def list_meetings(
        self, where: MeetingFilter | None = None, window: Window | None = None
    ) -> MeetingPage:
        window = window or Window()
        size = window.size(20, MAX_PAGE)
        p = self.connections.dialect.param
        with self.connections.reading() as db:
            t = self.connections.tables(self.model, db)
            if t is None:
                return MeetingPage((), False, False)
            parts, params = self._where(where or MeetingFilter())
            select = f"SELECT {_COLUMNS} FROM {t['meetings']}"
            page = read_window(db, select, parts, params, KEYSET, window, size, p)
            items = self._entries(db, t, page.rows)
        return MeetingPage(items, page.has_next_page, page.has_previous_page)

    def count_meetings(self, where: MeetingFilter | None = None) -> int:
        with self.connections.reading() as db:
            t = self.connections.tables(self.model, db)
            if t is None:
                return 0
            parts, params = self._where(where or MeetingFilter())
            return count_rows(db, t["meetings"], parts, params)

    def get_meeting(self, meeting_id: str) -> MeetingEntry | None:
        p = self.connections.dialect.param
        with self.connections.reading() as db:
            t = self.connections.tables(self.model, db)
            if t is None:
                return None
            rows = db.execute(
                f"SELECT {_COLUMNS} FROM {t['meetings']} WHERE meeting_id = {p}", (meeting_id,)
            ).fetchall()
            found = self._entries(db, t, rows)
        return found[0] if found else None

    def _where(self, f: MeetingFilter) -> tuple[list[str], list[Any]]:
        p = self.connections.dialect.param
        parts: list[str] = []
        params: list[Any] = []
        if f.fiscal_year is not None:
            parts.append(f"fiscal_year = {p}")
            params.append(f.fiscal_year)
        if f.host_centre is not None:
            found = CENTRE_BY_KEY.get(f.host_centre)
            parts.append(f"host_centre = {p}")
            params.append(f.host_centre if found is None else found.code)
        return parts, params

    def _entries(self, db: Db, t: Tables, rows: Sequence[Any]) -> tuple[MeetingEntry, ...]:
        if not rows:
            return ()
        ids = [row[0] for row in rows]
        marks = ", ".join(self.connections.dialect.param for _ in ids)
        presented: dict[str, list[PresentedCase]] = {}
        for row in db.execute(
            "SELECT p.meeting_id, p.case_id, COALESCE(c.number, ''), COALESCE(c.title, '') "
            f"FROM {t['presented']} p LEFT JOIN {t['case_titles']} c ON c.case_id = p.case_id "
            f"WHERE p.meeting_id IN ({marks}) ORDER BY p.meeting_id, p.version, p.case_id",
            ids,
        ).fetchall():
            presented.setdefault(row[0], []).append(PresentedCase(*row[1:]))
        follow_ups: dict[str, list[FollowUpEntry]] = {}
        for row in db.execute(
            "SELECT meeting_id, case_id, municipality, owner_centre, action "
            f"FROM {t['follow_ups']} WHERE meeting_id IN ({marks}) ORDER BY meeting_id, version",
            ids,
        ).fetchall():
            follow_ups.setdefault(row[0], []).append(FollowUpEntry(*row[1:]))
        return tuple(
            _entry(row, presented.get(row[0], []), follow_ups.get(row[0], [])) for row in rows
        )


def _entry(
    row: Any, presented: list[PresentedCase], follow_ups: list[FollowUpEntry]
) -> MeetingEntry:
    return MeetingEntry(
        meeting_id=row[0],
        title=row[1],
        held_on=date.fromisoformat(row[2]),
        fiscal_year=int(row[3]),
        host_centre=row[4],
        attending_centres=tuple(json.loads(row[5])),
        position=int(row[6]),
        presented=tuple(presented),
        follow_ups=tuple(follow_ups),
    )
