"""Partner suggestions read model: the facts a case's suggestions are ranked on.

Parties: kind, public name, municipality, fields; a pro bono worker's skills, the
municipalities they serve and whether they are in the bank and may be contacted. Cases:
municipality, fields, the success case they replicate, their initiating party, the skills
they need. A party's place in each case (`case_parties`) carries whether that case
succeeded, so that "collaborated successfully in N similar cases" is one indexed count.
Corrections of what these facts hold (a case's municipality, fields, closure result, a
need's skill) are followed.
"""

from __future__ import annotations

from typing import Any

from domain.case import Case
from domain.party import Party
from domain.vocabulary import ClosureResult
from projections.engine import Change, Delete, ReadModel, Update, Upsert, Value, replaced
from projections.engine.handlers import HandledReadModel, Handlers
from projections.shared import public_name


def _party(e: Any) -> dict[str, Value]:
    return {"party_id": str(e.originator_id)}


def _case(e: Any) -> dict[str, Value]:
    return {"case_id": str(e.originator_id)}


def _registered(e: Party.Registered, position: int) -> list[Change]:
    key = _party(e)
    row: dict[str, Value] = {
        "kind": e.kind.value,
        "name": public_name(e),
        "municipality": e.municipality,
        "in_bank": False,
        "contact_consent": False,
    }
    return [Upsert("parties", key, row), *_party_fields(key, e.fields)]


def _party_fields(key: dict[str, Value], fields: tuple[str, ...]) -> list[Change]:
    return replaced("party_fields", "field", key, fields)


def _fields_changed(e: Party.FieldsChanged, position: int) -> list[Change]:
    return _party_fields(_party(e), e.fields)


def _deregistered(e: Party.Deregistered, position: int) -> list[Change]:
    """A group that left the register is no longer a candidate (its cases keep it)."""
    return [Delete("parties", _party(e))]


def _joined_bank(e: Party.ProBonoWorkerRegistered, position: int) -> list[Change]:
    key = _party(e)
    values: dict[str, Value] = {"in_bank": True, "contact_consent": bool(e.contact_consent)}
    return [
        Update("parties", key, set=values),
        *replaced("party_skills", "skill", key, e.skills),
        *replaced("party_areas", "municipality", key, e.municipalities),
    ]


def _in_bank(available: bool) -> Any:
    def changes(e: Any, position: int) -> list[Change]:
        return [Update("parties", _party(e), set={"in_bank": available})]

    return changes


def _opened(e: Case.ConsultationReceived, position: int) -> list[Change]:
    key = _case(e)
    row: dict[str, Value] = {
        "centre": e.centre,
        "municipality": e.municipality,
        "replicates": None if e.replicates is None else str(e.replicates),
        "initiating_party": str(e.initiating_party.party_id),
    }
    return [Upsert("cases", key, row), *_fields(key, e.fields)]


def _fields(key: dict[str, Value], fields: Any) -> list[Change]:
    return replaced("case_fields", "field", key, fields)


def _joined(e: Case.PartyJoined, position: int) -> list[Change]:
    key: dict[str, Value] = {**_case(e), "party_id": str(e.party.party_id)}
    return [Upsert("case_parties", key, {"active": True, "succeeded": False})]


def _withdrew(e: Case.PartyWithdrew, position: int) -> list[Change]:
    key: dict[str, Value] = {**_case(e), "party_id": str(e.party_id)}
    return [Update("case_parties", key, set={"active": False})]


def _succeeded(e: Any, succeeded: bool) -> list[Change]:
    return [Update("case_parties", _case(e), set={"succeeded": succeeded})]


def _closed(e: Case.CaseClosed, position: int) -> list[Change]:
    return _succeeded(e, e.result is ClosureResult.SUCCEEDED)


def _reopened(e: Case.CaseReopened, position: int) -> list[Change]:
    return _succeeded(e, False)


def _need(e: Case.ProBonoNeedDeclared, position: int) -> list[Change]:
    key: dict[str, Value] = {**_case(e), "step": e.originator_version}
    return [Upsert("case_needs", key, {"skill": e.skill})]


def _corrected(e: Case.StepCorrected, position: int) -> list[Change]:
    changes, key = e.changes, _case(e)
    if e.corrected_step == "ConsultationReceived":
        found: list[Change] = []
        if "municipality" in changes:
            found.append(Update("cases", key, set={"municipality": changes["municipality"]}))
        if "fields" in changes:
            found += _fields(key, changes["fields"])
        return found
    if e.corrected_step == "CaseClosed" and "result" in changes:
        return _succeeded(e, changes["result"] is ClosureResult.SUCCEEDED)
    if e.corrected_step == "ProBonoNeedDeclared" and "skill" in changes:
        step: dict[str, Value] = {**key, "step": e.corrected_version}
        return [Update("case_needs", step, set={"skill": changes["skill"]})]
    return []


_HANDLERS = Handlers(
    {
        Party.Registered: _registered,
        Party.Deregistered: _deregistered,
        Party.FieldsChanged: _fields_changed,
        Party.ProBonoWorkerRegistered: _joined_bank,
        Party.ProBonoWorkPaused: _in_bank(False),
        Party.ProBonoWorkResumed: _in_bank(True),
        Party.ProBonoBankLeft: _in_bank(False),
        Case.ConsultationReceived: _opened,
        Case.PartyJoined: _joined,
        Case.PartyWithdrew: _withdrew,
        Case.CaseClosed: _closed,
        Case.CaseReopened: _reopened,
        Case.ProBonoNeedDeclared: _need,
        Case.StepCorrected: _corrected,
    }
)


_PARTY_FACTS = (
    ("party_fields", "field"),
    ("party_skills", "skill"),
    ("party_areas", "municipality"),
)
"""A party's facts kept one row per value: their tables and value columns."""


class SuggestionsReadModel(HandledReadModel, name="suggestions", version=1, handlers=_HANDLERS):
    label = "協働相手の候補"
    schema = (
        "CREATE TABLE IF NOT EXISTS {parties} (party_id TEXT PRIMARY KEY, "
        "kind TEXT NOT NULL, name TEXT NOT NULL, municipality TEXT NOT NULL, "
        "in_bank INTEGER NOT NULL, contact_consent INTEGER NOT NULL)",
        "CREATE INDEX IF NOT EXISTS {parties}_municipality ON {parties} (municipality, party_id)",
        # `{{{name}}}` leaves the fact's table as `{party_fields}` (…) for the engine to fill.
        *(
            f"CREATE TABLE IF NOT EXISTS {{{name}}} (party_id TEXT NOT NULL, "
            f"{column} TEXT NOT NULL, PRIMARY KEY (party_id, {column}))"
            for name, column in _PARTY_FACTS
        ),
        *(
            f"CREATE INDEX IF NOT EXISTS {{{name}}}_by ON {{{name}}} ({column}, party_id)"
            for name, column in _PARTY_FACTS
        ),
        "CREATE TABLE IF NOT EXISTS {cases} (case_id TEXT PRIMARY KEY, "
        "centre TEXT NOT NULL, municipality TEXT NOT NULL, replicates TEXT, "
        "initiating_party TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS {case_fields} (case_id TEXT NOT NULL, "
        "field TEXT NOT NULL, PRIMARY KEY (case_id, field))",
        "CREATE INDEX IF NOT EXISTS {case_fields}_by ON {case_fields} (field, case_id)",
        "CREATE TABLE IF NOT EXISTS {case_needs} (case_id TEXT NOT NULL, "
        "step INTEGER NOT NULL, skill TEXT NOT NULL, PRIMARY KEY (case_id, step))",
        "CREATE TABLE IF NOT EXISTS {case_parties} (case_id TEXT NOT NULL, "
        "party_id TEXT NOT NULL, active INTEGER NOT NULL, succeeded INTEGER NOT NULL, "
        "PRIMARY KEY (case_id, party_id))",
        "CREATE INDEX IF NOT EXISTS {case_parties}_by "
        "ON {case_parties} (party_id, succeeded, case_id)",
    )


READ_MODELS: tuple[ReadModel, ...] = (SuggestionsReadModel(),)
