"""Pro bono worker bank read model: one row per worker in the bank (status, availability),
their skills and municipalities, every registration (the indicator 「プロボノワーカーバンクの
登録者数（累計）」 counts first registrations), each case's needs (by the step that declared
them, corrections followed) and each worker's match with a case.

No personal data: a worker is known by their party id; their name is sealed on the party.
"""

from __future__ import annotations

from typing import Any

from domain.case import Case
from domain.party import Party
from projections.engine import Change, Delete, ReadModel, Update, Upsert, Value
from projections.engine.handlers import HandledReadModel, Handlers

_NEED_COLUMNS = {"skill": "skill", "hours": "hours", "description": "description"}


def _key(e: Any) -> dict[str, Value]:
    return {"party_id": str(e.originator_id)}


def _registered(e: Party.ProBonoWorkerRegistered, position: int) -> list[Change]:
    key = _key(e)
    row: dict[str, Value] = {
        "status": "active",
        "registered_on": e.occurred_on,
        "years_of_experience": e.years_of_experience,
        "hours_per_month": e.hours_per_month,
        "available_until": e.available_until,
        "contact_consent": bool(e.contact_consent),
        "position": position,
    }
    return [
        Upsert("workers", key, row),
        Upsert("registrations", {**key, "registered_on": e.occurred_on}),
        Delete("skills", key),
        *(Upsert("skills", {**key, "skill": s}) for s in e.skills),
        Delete("areas", key),
        *(Upsert("areas", {**key, "municipality": m}) for m in e.municipalities),
    ]


def _status(status: str) -> Any:
    def changes(e: Any, position: int) -> list[Change]:
        return [Update("workers", _key(e), set={"status": status, "position": position})]

    return changes


def _match(status: str, **columns: str) -> Any:
    """A match's new state; `columns` copies event fields (column=field)."""

    def changes(e: Any, position: int) -> list[Change]:
        key: dict[str, Value] = {**_key(e), "case_id": str(e.case_id)}
        values: dict[str, Value] = {"status": status, "changed_on": e.occurred_on}
        values.update({column: getattr(e, name) for column, name in columns.items()})
        return [Update("matches", key, set=values)]

    return changes


def _proposed(e: Party.ProBonoMatchProposed, position: int) -> list[Change]:
    key: dict[str, Value] = {**_key(e), "case_id": str(e.case_id)}
    values: dict[str, Value] = {
        "skill": e.skill,
        "hours": e.hours,
        "hours_given": None,
        "status": "proposed",
        "proposed_on": e.occurred_on,
        "changed_on": e.occurred_on,
    }
    return [Upsert("matches", key, values)]


def _need(e: Case.ProBonoNeedDeclared, position: int) -> list[Change]:
    key: dict[str, Value] = {"case_id": str(e.originator_id), "step": e.originator_version}
    values: dict[str, Value] = {
        "skill": e.skill,
        "hours": e.hours,
        "description": e.description,
        "declared_on": e.occurred_on,
    }
    return [Upsert("needs", key, values)]


def _corrected(e: Case.StepCorrected, position: int) -> list[Change]:
    if e.corrected_step != "ProBonoNeedDeclared":
        return []
    values: dict[str, Value] = {
        column: e.changes[name] for column, name in _NEED_COLUMNS.items() if name in e.changes
    }
    if "occurred_on" in e.changes:
        values["declared_on"] = e.changes["occurred_on"]
    key: dict[str, Value] = {"case_id": str(e.originator_id), "step": e.corrected_version}
    return [Update("needs", key, set=values)] if values else []


_HANDLERS = Handlers(
    {
        Party.ProBonoWorkerRegistered: _registered,
        Party.ProBonoWorkPaused: _status("paused"),
        Party.ProBonoWorkResumed: _status("active"),
        Party.ProBonoBankLeft: _status("left"),
        Party.ProBonoMatchProposed: _proposed,
        Party.ProBonoMatchAccepted: _match("accepted"),
        Party.ProBonoMatchDeclined: _match("declined"),
        Party.ProBonoMatchCompleted: _match("completed", hours_given="hours_given"),
        Case.ProBonoNeedDeclared: _need,
        Case.StepCorrected: _corrected,
    }
)


class ProBonoBankReadModel(HandledReadModel, name="pro_bono", version=1, handlers=_HANDLERS):
    label = "プロボノバンク"
    schema = (
        "CREATE TABLE IF NOT EXISTS {workers} (party_id TEXT PRIMARY KEY, "
        "status TEXT NOT NULL, registered_on TEXT NOT NULL, "
        "years_of_experience INTEGER NOT NULL, hours_per_month INTEGER NOT NULL, "
        "available_until TEXT, contact_consent INTEGER NOT NULL, "
        "position {bigint} NOT NULL)",
        "CREATE TABLE IF NOT EXISTS {skills} (party_id TEXT NOT NULL, "
        "skill TEXT NOT NULL, PRIMARY KEY (party_id, skill))",
        "CREATE INDEX IF NOT EXISTS {skills}_skill ON {skills} (skill, party_id)",
        "CREATE TABLE IF NOT EXISTS {areas} (party_id TEXT NOT NULL, "
        "municipality TEXT NOT NULL, PRIMARY KEY (party_id, municipality))",
        "CREATE TABLE IF NOT EXISTS {registrations} (party_id TEXT NOT NULL, "
        "registered_on TEXT NOT NULL, PRIMARY KEY (party_id, registered_on))",
        "CREATE TABLE IF NOT EXISTS {needs} (case_id TEXT NOT NULL, "
        "step INTEGER NOT NULL, skill TEXT NOT NULL, hours INTEGER NOT NULL, "
        "description TEXT NOT NULL, declared_on TEXT NOT NULL, PRIMARY KEY (case_id, step))",
        "CREATE TABLE IF NOT EXISTS {matches} (party_id TEXT NOT NULL, "
        "case_id TEXT NOT NULL, skill TEXT NOT NULL, hours INTEGER NOT NULL, "
        "hours_given INTEGER, status TEXT NOT NULL, proposed_on TEXT NOT NULL, "
        "changed_on TEXT NOT NULL, PRIMARY KEY (party_id, case_id))",
        "CREATE INDEX IF NOT EXISTS {matches}_case ON {matches} (case_id)",
    )


READ_MODELS: tuple[ReadModel, ...] = (ProBonoBankReadModel(),)
