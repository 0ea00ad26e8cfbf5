"""Queries over the meetings read model: filtered, keyset-paginated lists, one meeting, a
count. Newest meetings first, by (held_on, meeting_id) descending; a cursor holds that key."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.vocabulary import CENTRE_BY_KEY
from projections.engine import ReadConnections, Tables
from projections.engine.keyset import Conditions, Filtered, Keyset, Listing, Page, Source, Where
from projections.engine.rows import Children, from_row, with_children
from projections.meetings.projection import MeetingsReadModel
from projections.shared import CaseTitle, code_of

MAX_PAGE = 200
KEYSET = Keyset(("held_on", "meeting_id"), (str, str), descending=True)
_SOURCE = Source(
    "meeting_id, title, held_on, fiscal_year, host_centre, attending_centres, position",
    "{meetings}",
)


@dataclass(frozen=True)
class Replication:
    """A case received in a follow-up's municipality that replicates its case: the follow-up
    taken up (`version`: the follow-up's own, in its meeting)."""

    version: int
    case_id: str
    number: str
    title: str
    centre: str
    opened_on: date


@dataclass(frozen=True)
class FollowUpEntry:
    version: int
    case_id: str
    municipality: str
    owner_centre: str
    action: str
    dropped_on: date | None = None  # given up (横展開の見送り) that day, for `drop_reason`
    drop_reason: str | None = None


@dataclass(frozen=True)
class MeetingEntry:
    meeting_id: str
    title: str
    held_on: date
    fiscal_year: int
    host_centre: str
    attending_centres: tuple[str, ...]
    position: int
    presented: tuple[CaseTitle, ...]
    follow_ups: tuple[FollowUpEntry, ...]
    replications: tuple[Replication, ...]

    @property
    def cursor(self) -> str:
        return KEYSET.cursor(self.held_on.isoformat(), self.meeting_id)

    def taken_up(self, follow_up: FollowUpEntry) -> tuple[Replication, ...]:
        """The cases that take the follow-up up, the earliest received first."""
        return tuple(r for r in self.replications if r.version == follow_up.version)


@dataclass(frozen=True)
class MeetingFilter:
    """All given criteria must hold. The centres accept a code or a name; `follow_up_owner`:
    meetings that agreed a follow-up this centre owns; `shared_case`: meetings that shared
    this case (its id)."""

    fiscal_year: int | None = None
    host_centre: str | None = None
    follow_up_owner: str | None = None
    shared_case: str | None = None


MeetingPage = Page[MeetingEntry]


_PRESENTED = Children(
    "presented",
    "SELECT p.meeting_id, p.case_id, COALESCE(c.number, ''), COALESCE(c.title, '') "
    "FROM {presented} p LEFT JOIN {case_titles} c ON c.case_id = p.case_id",
    "p.meeting_id",
    "p.meeting_id, p.version, p.case_id",
    lambda rest: from_row(CaseTitle, rest),
)
_FOLLOW_UPS = Children(
    "follow_ups",
    "SELECT meeting_id, version, case_id, municipality, owner_centre, action, dropped_on, "
    "drop_reason FROM {follow_ups}",
    "meeting_id",
    "meeting_id, version",
    lambda rest: from_row(FollowUpEntry, rest),
)
_REPLICATIONS = Children(
    "replications",
    "SELECT f.meeting_id, f.version, r.case_id, t.number, t.title, r.centre, r.opened_on "
    "FROM {follow_ups} f JOIN {replicas} r "
    "ON r.replicates = f.case_id AND r.municipality = f.municipality "
    "JOIN {case_titles} t ON t.case_id = r.case_id",
    "f.meeting_id",
    "f.meeting_id, f.version, r.opened_on, t.number",
    lambda rest: from_row(Replication, rest),
)


class MeetingQueries(Filtered[MeetingEntry, MeetingFilter]):
    def __init__(self, connections: ReadConnections) -> None:
        model = MeetingsReadModel()
        entries = with_children(
            MeetingEntry, connections.dialect, _PRESENTED, _FOLLOW_UPS, _REPLICATIONS
        )
        listing = Listing(connections, model, KEYSET, (20, MAX_PAGE), _SOURCE, entries)
        super().__init__(listing, _where, MeetingFilter(), "meeting_id")

    list_meetings = Filtered.page
    count_meetings = Filtered.count
    get_meeting = Filtered.get


def _where(f: MeetingFilter) -> Where:
    def conditions(t: Tables, c: Conditions) -> Conditions:
        c.equal("fiscal_year", f.fiscal_year)
        c.equal("host_centre", code_of(CENTRE_BY_KEY, f.host_centre))
        owner = code_of(CENTRE_BY_KEY, f.follow_up_owner)
        for table, column, value in (
            ("follow_ups", "owner_centre", owner),
            ("presented", "case_id", f.shared_case),
        ):
            if value is not None:  # a row of the meeting's in `table` with that value
                c.add(
                    f"EXISTS (SELECT 1 FROM {t[table]} x WHERE x.meeting_id = "
                    f"{t['meetings']}.meeting_id AND x.{column} = {c.p})",
                    value,
                )
        return c

    return conditions
