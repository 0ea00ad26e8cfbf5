"""Information-sharing meetings (情報共有・検討会議): title, date, host and attending centres,
the cases presented and the follow-ups agreed (and given up). Queries live in `queries.py`.

The number and title of each case are kept here from the cases' own events (opening, and a
correction of the title), so that a meeting's page needs no other read model; so are the cases
that replicate another (横展開元): where and when each was received, and by which centre, so
that a follow-up shows whether its municipality has taken it up.
"""

from __future__ import annotations

import json
from typing import Any

from domain.case import Case
from domain.fiscal import fiscal_year
from domain.meeting import Meeting
from projections.engine import Change, ReadModel, Update, Upsert, Value
from projections.engine.handlers import HandledReadModel, Handlers
from projections.engine.schema import primary_keys
from projections.shared import CASE_TITLES_DDL, case_retitled, case_titled


def _key(e: Any) -> dict[str, Value]:
    return {"meeting_id": str(e.originator_id)}


def _held(e: Meeting.MeetingHeld, position: int) -> list[Change]:
    row: dict[str, Value] = {
        "title": e.title,
        "held_on": e.occurred_on,
        "fiscal_year": fiscal_year(e.occurred_on),
        "host_centre": e.host_centre,
        "attending_centres": json.dumps(list(e.attending_centres), ensure_ascii=False),
        "position": position,
    }
    return [Upsert("meetings", _key(e), row)]


def _presented(e: Meeting.CasePresented, position: int) -> list[Change]:
    """Presenting a case twice keeps its first place in the meeting's order."""
    key = {**_key(e), "case_id": str(e.case_id)}
    return [
        Upsert("presented", key, {}, increment={"version": 0}),
        Update("presented", key, set={"version": e.originator_version}, when={"version": (0,)}),
        *_moved(e, position),
    ]


def _follow_up(e: Meeting.FollowUpAgreed, position: int) -> list[Change]:
    f = e.follow_up
    row: dict[str, Value] = {
        "case_id": str(f.case_id),
        "municipality": f.municipality,
        "owner_centre": f.owner_centre,
        "action": f.action,
    }
    key = {**_key(e), "version": e.originator_version}
    return [Upsert("follow_ups", key, row), *_moved(e, position)]


def _dropped(e: Meeting.FollowUpDropped, position: int) -> list[Change]:
    """A follow-up given up: the day and the reason on its row (the agreement stays)."""
    key = {**_key(e), "case_id": str(e.case_id), "municipality": e.municipality}
    row: dict[str, Value] = {"dropped_on": e.occurred_on, "drop_reason": e.reason}
    return [Update("follow_ups", key, set=row), *_moved(e, position)]


def _opened(e: Case.ConsultationReceived, position: int) -> list[Change]:
    """A case's number and title; where and when it was received, if it replicates another."""
    if e.replicates is None:
        return case_titled(e)
    row: dict[str, Value] = {
        "replicates": str(e.replicates),
        "municipality": e.municipality,
        "centre": e.centre,
        "opened_on": e.occurred_on,
    }
    return [*case_titled(e), Upsert("replicas", {"case_id": str(e.originator_id)}, row)]


def _corrected(e: Case.StepCorrected, position: int) -> list[Change]:
    """A corrected opening's title, and its municipality and date where it replicates a case
    (no row: no change)."""
    changes = case_retitled(e)
    if e.corrected_step != "ConsultationReceived":
        return changes
    moved = {
        column: e.changes[field]
        for column, field in (("municipality", "municipality"), ("opened_on", "occurred_on"))
        if field in e.changes
    }
    if moved:
        changes.append(Update("replicas", {"case_id": str(e.originator_id)}, set=moved))
    return changes


def _moved(e: Any, position: int) -> list[Change]:
    return [Update("meetings", _key(e), set={"position": position})]


_HANDLERS = Handlers(
    {
        Meeting.MeetingHeld: _held,
        Meeting.CasePresented: _presented,
        Meeting.FollowUpAgreed: _follow_up,
        Meeting.FollowUpDropped: _dropped,
        Case.ConsultationReceived: _opened,
        Case.StepCorrected: _corrected,
    }
)


class MeetingsReadModel(HandledReadModel, name="meetings", version=2, handlers=_HANDLERS):
    label = "会議"
    schema = (
        "CREATE TABLE IF NOT EXISTS {meetings} (meeting_id TEXT PRIMARY KEY, "
        "title TEXT NOT NULL, held_on TEXT NOT NULL, fiscal_year INTEGER NOT NULL, "
        "host_centre TEXT NOT NULL, attending_centres TEXT NOT NULL, "
        "position {bigint} NOT NULL)",
        "CREATE INDEX IF NOT EXISTS {meetings}_held ON {meetings} (held_on, meeting_id)",
        "CREATE TABLE IF NOT EXISTS {presented} (meeting_id TEXT NOT NULL, "
        "case_id TEXT NOT NULL, version INTEGER NOT NULL, "
        "PRIMARY KEY (meeting_id, case_id))",
        "CREATE TABLE IF NOT EXISTS {follow_ups} (meeting_id TEXT NOT NULL, "
        "version INTEGER NOT NULL, case_id TEXT NOT NULL, municipality TEXT NOT NULL, "
        "owner_centre TEXT NOT NULL, action TEXT NOT NULL, dropped_on TEXT, drop_reason TEXT, "
        "PRIMARY KEY (meeting_id, version))",
        CASE_TITLES_DDL,
        "CREATE TABLE IF NOT EXISTS {replicas} (case_id TEXT PRIMARY KEY, "
        "replicates TEXT NOT NULL, municipality TEXT NOT NULL, centre TEXT NOT NULL, "
        "opened_on TEXT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS {replicas}_of ON {replicas} (replicates, municipality)",
    )


PRIMARY_KEYS = primary_keys(MeetingsReadModel.schema)


READ_MODELS: tuple[ReadModel, ...] = (MeetingsReadModel(),)
