"""What a live timeline needs beyond `queries.py`: the timeline's committed
position, and a case's entries committed after a position (in position order).

A subscriber notes the position BEFORE its catch-up query; every entry committed later has
a larger position (positions are notification ids, projected in order), so following
"entries after that position" leaves no gap, whatever their business dates.
"""

from __future__ import annotations

from projections.engine.store import ReadStore
from projections.timeline.projection import TimelineReadModel
from projections.timeline.queries import TimelineEntry, TimelineQueries

MAX_FOLLOW = 100


class TimelineFollow:
    def __init__(self, store: ReadStore) -> None:
        self.store = store
        self.model = TimelineReadModel()
        self.queries = TimelineQueries(store)

    def position(self) -> int:
        """The active timeline's committed position (0 before its first build)."""
        row = self.store.active(self.model.name)
        return 0 if row is None else row.position

    def positions_after(self, case_id: str, position: int) -> list[tuple[int, int]]:
        """(version, position) of a case's entries committed after `position`, oldest first
        (at most MAX_FOLLOW; ask again from the last one)."""
        p = self.store.dialect.param
        with self.store.reading() as db:
            t = self.store.tables(self.model, db)
            if t is None:
                return []
            rows = db.execute(
                f"SELECT version, position FROM {t['timeline']} "
                f"WHERE case_id = {p} AND position > {p} ORDER BY position LIMIT {MAX_FOLLOW}",
                (str(case_id), position),
            ).fetchall()
        return [(int(version), int(at)) for version, at in rows]

    def entries_after(self, case_id: str, position: int) -> list[TimelineEntry]:
        """A case's entries committed after `position`, in position order."""
        found = []
        for version, _ in self.positions_after(case_id, position):
            entry = self.queries.entry(case_id, version)
            if entry is None:  # the active version switched meanwhile: ask again later
                break
            found.append(entry)
        return found
