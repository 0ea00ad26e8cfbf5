"""Case list and case detail (案件一覧・案件詳細): one row per case, its fields, SDGs and
parties with roles. Queries live in `queries.py`.

Corrections are followed: of the opening step's fields, of the facilitator set by the step
that set the current one (`facilitator_version`), of a closure's result while that closure
stands (`closed_version`), and of a party's joining and leaving (`joined_version`,
`left_version` on its row).

The title and the issue statement are also kept normalised for the free-text filter, in a
narrow table of their own (`texts`: `projections.text.normalise`, NFKC and kana folded; each
in its own column, so that a word never matches across the two). Written at opening and by a
correction only, it stays compact, while `case_list` rows are rewritten by every step: a
substring scan of `texts` reads a few tens of MB where one of `case_list` would read its
every page (docs/adr/2026-12-03-bundle-download-and-case-text.md).

Party names come from Party events. A pro bono worker is a natural person: the read model
keeps only the label of the party's kind for them, whatever name was registered, so no
personal name can ever reach a list.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain.case import Case
from domain.fiscal import fiscal_year
from domain.party import Party
from domain.vocabulary import CaseState
from projections.engine import Change, ReadModel, Update, Upsert, Value, replaced
from projections.engine.schema import primary_keys
from projections.shared import CASE_TOPICS, party_named, party_names_ddl
from projections.text import normalise

_PROGRESS = (
    CaseState.INTAKE,
    CaseState.COORDINATING,
    CaseState.AGREED,
    CaseState.IN_PROGRESS,
    CaseState.REVIEWING,
)
_CORRECTABLE = {"title", "issue_statement", "municipality", "centre"}
_SEARCHED = ("title", "issue_statement")
"""The texts the free-text filter reads, kept normalised in `texts`."""


class CaseListReadModel(ReadModel, name="case_list", version=3):
    label = "案件一覧"
    topics = (Party.Registered.TOPIC, *CASE_TOPICS)
    schema = (
        "CREATE TABLE IF NOT EXISTS {case_list} (case_id TEXT PRIMARY KEY, "
        "number TEXT NOT NULL, title TEXT NOT NULL, municipality TEXT NOT NULL, "
        "centre TEXT NOT NULL, facilitator_id TEXT NOT NULL, initiating_party_id TEXT, "
        "state TEXT NOT NULL, progress_state TEXT NOT NULL, result TEXT, "
        "opened_on TEXT NOT NULL, fiscal_year INTEGER NOT NULL, last_step_on TEXT NOT NULL, "
        "last_recorded_at TEXT, version INTEGER NOT NULL, "
        "position {bigint} NOT NULL, nominated INTEGER NOT NULL DEFAULT 0, "
        "published INTEGER NOT NULL DEFAULT 0, replicates TEXT, issue_statement TEXT, "
        "facilitator_version INTEGER NOT NULL DEFAULT 1, closed_version INTEGER)",
        "CREATE INDEX IF NOT EXISTS {case_list}_opened ON {case_list} (opened_on, case_id)",
        "CREATE INDEX IF NOT EXISTS {case_list}_number ON {case_list} (number)",
        "CREATE INDEX IF NOT EXISTS {case_list}_state ON {case_list} (state)",
        # The list's filters, in the list's order (newest first): a page and its count
        # read only the rows they show (bench/case_list_scale.py).
        "CREATE INDEX IF NOT EXISTS {case_list}_centre_state_opened ON {case_list} "
        "(centre, state, opened_on DESC, case_id DESC)",
        "CREATE INDEX IF NOT EXISTS {case_list}_centre_opened ON {case_list} "
        "(centre, opened_on DESC, case_id DESC)",
        "CREATE INDEX IF NOT EXISTS {case_list}_state_opened ON {case_list} "
        "(state, opened_on DESC, case_id DESC)",
        "CREATE INDEX IF NOT EXISTS {case_list}_centre_year_opened ON {case_list} "
        "(centre, fiscal_year, opened_on DESC, case_id DESC)",
        "CREATE TABLE IF NOT EXISTS {fields} (case_id TEXT NOT NULL, "
        "field TEXT NOT NULL, PRIMARY KEY (case_id, field))",
        "CREATE INDEX IF NOT EXISTS {fields}_field ON {fields} (field, case_id)",
        "CREATE TABLE IF NOT EXISTS {sdgs} (case_id TEXT NOT NULL, "
        "sdg INTEGER NOT NULL, PRIMARY KEY (case_id, sdg))",
        "CREATE INDEX IF NOT EXISTS {sdgs}_sdg ON {sdgs} (sdg, case_id)",
        "CREATE TABLE IF NOT EXISTS {parties} (case_id TEXT NOT NULL, "
        "party_id TEXT NOT NULL, kind TEXT NOT NULL, role TEXT NOT NULL, "
        "contribution TEXT NOT NULL, active INTEGER NOT NULL, joined_on TEXT NOT NULL, "
        "left_on TEXT, joined_version INTEGER NOT NULL, left_version INTEGER, "
        "PRIMARY KEY (case_id, party_id))",
        party_names_ddl("kind", "name", "municipality"),
        "CREATE TABLE IF NOT EXISTS {texts} (case_id TEXT PRIMARY KEY, "
        "title TEXT NOT NULL, issue_statement TEXT NOT NULL)",
    )

    def changes(self, event: object, position: int) -> list[Change]:
        if isinstance(event, Party.Registered):
            return [party_named(event, kind=event.kind.value, municipality=event.municipality)]
        if not isinstance(event, Case.Event | Case.ConsultationReceived):
            return []
        handler = _HANDLERS.get(type(event), _nothing)
        return [*handler(event), _touched(event, position)]


PRIMARY_KEYS = primary_keys(CaseListReadModel.schema)


def _key(event: Any) -> dict[str, Value]:
    return {"case_id": str(event.originator_id)}


def _touched(event: Any, position: int) -> Change:
    """Every step moves the case's version, position and last business date."""
    return Update(
        "case_list",
        _key(event),
        set={
            "version": event.originator_version,
            "position": position,
            "last_recorded_at": event.timestamp,
        },
        greatest={"last_step_on": event.occurred_on},
    )


def _opened(e: Case.ConsultationReceived) -> list[Change]:
    key = _key(e)
    row: dict[str, Value] = {
        "number": e.number,
        "title": e.title,
        "issue_statement": e.issue_statement,
        "municipality": e.municipality,
        "centre": e.centre,
        "facilitator_id": e.facilitator_id,
        "initiating_party_id": str(e.initiating_party.party_id),
        "state": CaseState.INTAKE.value,
        "progress_state": CaseState.INTAKE.value,
        "result": None,
        "opened_on": e.occurred_on,
        "fiscal_year": fiscal_year(e.occurred_on),
        "last_step_on": e.occurred_on,
        "version": e.originator_version,
        "position": 0,
        "replicates": None if e.replicates is None else str(e.replicates),
    }
    texts = _searched({"title": e.title, "issue_statement": e.issue_statement})
    return [
        Upsert("case_list", key, row),
        Upsert("texts", key, texts),
        *_fields(key, e.fields),
        *_sdgs(key, e.sdgs),
    ]


def _searched(texts: dict[str, Any]) -> dict[str, Value]:
    """The searched texts among `texts`, normalised."""
    return {k: normalise(str(texts[k])) for k in _SEARCHED if k in texts}


def _fields(key: dict[str, Value], fields: Any) -> list[Change]:
    return replaced("fields", "field", key, fields)


def _sdgs(key: dict[str, Value], sdgs: Any) -> list[Change]:
    return replaced("sdgs", "sdg", key, (int(s) for s in sdgs))


def _progress(to: CaseState, *from_states: CaseState) -> Callable[[Any], list[Change]]:
    """Move the progress state; with `from_states`, only from one of those."""

    def changes(event: Any) -> list[Change]:
        allowed = from_states or _PROGRESS
        when = {"progress_state": tuple(s.value for s in allowed)}
        values = {"state": to.value, "progress_state": to.value}
        return [Update("case_list", _key(event), set=values, when=when)]

    return changes


def _joined(e: Case.PartyJoined) -> list[Change]:
    row: dict[str, Value] = {
        "kind": e.party.kind.value,
        "role": e.role.value,
        "contribution": e.contribution,
        "active": True,
        "joined_on": e.occurred_on,
        "left_on": None,
        "joined_version": e.originator_version,
        "left_version": None,
    }
    party = Upsert("parties", {**_key(e), "party_id": str(e.party.party_id)}, row)
    return [party, *_progress(CaseState.COORDINATING, CaseState.INTAKE)(e)]


def _withdrew(e: Case.PartyWithdrew) -> list[Change]:
    key = {**_key(e), "party_id": str(e.party_id)}
    values: dict[str, Value] = {
        "active": False,
        "left_on": e.occurred_on,
        "left_version": e.originator_version,
    }
    return [Update("parties", key, set=values)]


def _closed(e: Case.CaseClosed) -> list[Change]:
    values: dict[str, Value] = {
        "state": CaseState.CLOSED.value,
        "result": e.result.value,
        "closed_version": e.originator_version,
    }
    return [Update("case_list", _key(e), set=values)]


def _reopened(e: Case.CaseReopened) -> list[Change]:
    """Back to the state before closure, which `progress_state` kept."""
    values: dict[str, Value] = {"result": None, "nominated": False, "closed_version": None}
    reset: Change = Update("case_list", _key(e), set=values)
    return [reset] + [
        Update("case_list", _key(e), set={"state": s.value}, when={"progress_state": (s.value,)})
        for s in _PROGRESS
    ]


def _flag(column: str, value: bool) -> Callable[[Any], list[Change]]:
    return lambda e: [Update("case_list", _key(e), set={column: value})]


def _corrected(e: Case.StepCorrected) -> list[Change]:
    """A correction changes what the list shows where the corrected step still counts."""
    handler = _CORRECTIONS.get(e.corrected_step)
    return [] if handler is None else handler(e)


def _opening_corrected(e: Case.StepCorrected) -> list[Change]:
    key = _key(e)
    values: dict[str, Value] = {k: v for k, v in e.changes.items() if k in _CORRECTABLE}
    on = e.changes.get("occurred_on")
    if on is not None:
        values.update(opened_on=on, fiscal_year=fiscal_year(on))
    result: list[Change] = [Update("case_list", key, set=values)] if values else []
    if texts := _searched(e.changes):
        result.append(Update("texts", key, set=texts))
    if "fields" in e.changes:
        result += _fields(key, e.changes["fields"])
    if "sdgs" in e.changes:
        result += _sdgs(key, e.changes["sdgs"])
    return result + _facilitator_corrected(e)


def _facilitator_corrected(e: Case.StepCorrected) -> list[Change]:
    if "facilitator_id" not in e.changes:
        return []
    setting = {"facilitator_version": (e.corrected_version,)}
    values = {"facilitator_id": e.changes["facilitator_id"]}
    return [Update("case_list", _key(e), set=values, when=setting)]


def _result_corrected(e: Case.StepCorrected) -> list[Change]:
    result = e.changes.get("result")
    if result is None:
        return []
    standing = {"closed_version": (e.corrected_version,)}
    values = {"result": getattr(result, "value", result)}
    return [Update("case_list", _key(e), set=values, when=standing)]


def _party_corrected(version_column: str, columns: dict[str, str]) -> Callable[[Any], list[Change]]:
    """A correction of a party's joining or leaving: its row names the step's version."""

    def changes(e: Case.StepCorrected) -> list[Change]:
        values: dict[str, Value] = {
            column: getattr(e.changes[name], "value", e.changes[name])
            for name, column in columns.items()
            if name in e.changes
        }
        key = {**_key(e), version_column: e.corrected_version}
        return [Update("parties", key, set=values)] if values else []

    return changes


_CORRECTIONS: dict[str, Callable[[Any], list[Change]]] = {
    "ConsultationReceived": _opening_corrected,
    "FacilitatorAssigned": _facilitator_corrected,
    "CaseClosed": _result_corrected,
    "PartyJoined": _party_corrected(
        "joined_version",
        {"role": "role", "contribution": "contribution", "occurred_on": "joined_on"},
    ),
    "PartyWithdrew": _party_corrected("left_version", {"occurred_on": "left_on"}),
}


def _facilitator(e: Case.FacilitatorAssigned) -> list[Change]:
    values: dict[str, Value] = {
        "facilitator_id": e.facilitator_id,
        "facilitator_version": e.originator_version,
    }
    return [Update("case_list", _key(e), set=values)]


def _nothing(event: Any) -> list[Change]:
    return []


_HANDLERS: dict[type[Any], Callable[[Any], list[Change]]] = {
    Case.ConsultationReceived: _opened,
    Case.FacilitatorAssigned: _facilitator,
    Case.PartnersProposed: _progress(CaseState.COORDINATING, CaseState.INTAKE),
    Case.PartyJoined: _joined,
    Case.PartyWithdrew: _withdrew,
    Case.AgreementReached: _progress(CaseState.AGREED, CaseState.INTAKE, CaseState.COORDINATING),
    Case.ActivityCarriedOut: _progress(CaseState.IN_PROGRESS),
    Case.ReviewConducted: _progress(CaseState.REVIEWING),
    Case.CaseClosed: _closed,
    Case.CaseReopened: _reopened,
    Case.NominatedAsSuccessCase: _flag("nominated", True),
    Case.SuccessCasePublished: _flag("published", True),
    Case.SuccessCaseWithdrawn: _flag("published", False),
    Case.StepCorrected: _corrected,
}
