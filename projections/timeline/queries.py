"""Queries over the timeline read model: a case's entries in business-date order, each with
the corrections made to it. Keyset-paginated by (occurred_on, version), forwards or
backwards, and filtered by kind of step and business date, all in SQL."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from projections.engine import Db, ReadConnections, Tables
from projections.engine.keyset import (
    Conditions,
    Items,
    Keyset,
    Listing,
    Page,
    Source,
    Where,
    Window,
)
from projections.engine.rows import children, from_row
from projections.timeline.projection import TimelineReadModel

MAX_PAGE = 500
KEYSET = Keyset(("t.occurred_on", "t.version"), (str, int))
_SOURCE = Source(
    "t.version, t.position, t.occurred_on, t.original_occurred_on, t.recorded_at, t.step, "
    "t.step_label, t.actor_id, t.actor_role, t.source, "
    "CASE WHEN n.name IS NULL OR t.summary_tail IS NULL THEN t.summary "
    "ELSE n.name || t.summary_tail END, t.details",
    "{timeline} t",
    " LEFT JOIN {party_names} n ON n.party_id = t.party_id",
)


def _where(case_id: str, w: TimelineWhere) -> Where:
    def conditions(_: Tables, c: Conditions) -> Conditions:
        c.equal("t.case_id", case_id).one_of("t.step", w.steps)
        if w.occurred_from is not None:
            c.add(f"t.occurred_on >= {c.p}", w.occurred_from.isoformat())
        if w.occurred_to is not None:
            c.add(f"t.occurred_on <= {c.p}", w.occurred_to.isoformat())
        return c

    return conditions


@dataclass(frozen=True)
class Correction:
    """A later correction of an entry, shown on the entry it corrects."""

    version: int
    occurred_on: date
    recorded_at: datetime
    actor_id: str
    actor_role: str
    reason: str
    changes: dict[str, Any]


@dataclass(frozen=True)
class TimelineEntry:
    case_id: str
    version: int
    position: int
    occurred_on: date
    original_occurred_on: date
    recorded_at: datetime
    step: str
    step_label: str
    actor_id: str
    actor_role: str
    source: str
    summary: str
    details: dict[str, Any]
    corrections: tuple[Correction, ...]

    @property
    def cursor(self) -> str:
        return KEYSET.cursor(self.occurred_on.isoformat(), self.version)


@dataclass(frozen=True)
class TimelineWhere:
    """Entries of these kinds of step (None: all), on business dates within the range."""

    steps: tuple[str, ...] | None = None
    occurred_from: date | None = None
    occurred_to: date | None = None


class TimelinePage(Page[TimelineEntry]):
    """A page of a case's timeline; its items are the timeline's entries."""

    @property
    def entries(self) -> tuple[TimelineEntry, ...]:
        return self.items


class TimelineQueries:
    def __init__(self, connections: ReadConnections) -> None:
        self.connections = connections
        self.model = TimelineReadModel()

    def entries(
        self,
        case_id: str,
        first: int | None = 50,
        after: str | None = None,
        *,
        last: int | None = None,
        before: str | None = None,
        where: TimelineWhere | None = None,
        counted: bool = False,
    ) -> TimelinePage:
        """A case's entries matching `where`, oldest business date first: the `first`
        after `after`, or the `last` before `before`; `counted`: with how many match on all
        pages (`total`), read with them."""
        window = Window(None if last is not None else first, after, last, before)
        listing = self._listing(str(case_id))
        page = listing.page(window, _where(str(case_id), where or TimelineWhere()), counted)
        return TimelinePage(page.items, page.has_next_page, page.has_previous_page, page.total)

    def count_entries(self, case_id: str, where: TimelineWhere | None = None) -> int:
        """How many of a case's entries match `where`: one COUNT(*)."""
        listing = self._listing(str(case_id))
        return listing.count(_where(str(case_id), where or TimelineWhere()))

    def entry(self, case_id: str, version: int) -> TimelineEntry | None:
        return self._listing(str(case_id)).one(
            lambda _, c: c.equal("t.case_id", str(case_id)).equal("t.version", version)
        )

    def _listing(self, case_id: str) -> Listing[TimelineEntry]:
        """The listing of one case's entries (each read with its corrections)."""
        sizes = (50, MAX_PAGE)
        return Listing(self.connections, self.model, KEYSET, sizes, _SOURCE, self._items(case_id))

    def _items(self, case_id: str) -> Items[TimelineEntry]:
        def entries(db: Db, t: Tables, rows: Sequence[Any]) -> tuple[TimelineEntry, ...]:
            if not rows:
                return ()
            corrections = children(
                db,
                "SELECT corrected_version, version, occurred_on, recorded_at, actor_id, "
                f"actor_role, reason, changes FROM {t['corrections']}",
                Conditions(self.connections.dialect)
                .equal("case_id", case_id)
                .one_of("corrected_version", [row[0] for row in rows]),
                "version",
                lambda rest: from_row(Correction, rest),
            )
            return tuple(
                from_row(
                    TimelineEntry,
                    row,
                    case_id=case_id,
                    corrections=tuple(corrections.get(row[0], [])),
                )
                for row in rows
            )

        return entries
