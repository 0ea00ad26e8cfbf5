"""The facts the attention list (要対応リスト) needs, per case: who and where, the progress
state, whether closed, the agreed period's end, the latest roundtable's next actions, and the
business date of every step (`steps`), so that the last step, the last activity and the last
review follow corrections of a date. The rules that read them are in `rules.py`.

Corrections count in the dates of the step they correct, never as a step of their own.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.case import Case
from domain.vocabulary import CaseState
from projections.engine import Change, ReadModel, Update, Upsert, Value
from projections.engine.handlers import HandledReadModel, Handlers
from projections.engine.schema import primary_keys

ACTIVITY, REVIEW, OTHER = "activity", "review", "step"
_KINDS = {Case.ActivityCarriedOut: ACTIVITY, Case.ReviewConducted: REVIEW}
_FACILITATOR, _AGREEMENT, _ROUNDTABLE = (
    "facilitator_version",
    "agreement_version",
    "roundtable_version",
)
_CORRECTED: dict[str, dict[str, tuple[str, str | None]]] = {
    "ConsultationReceived": {
        "title": ("title", None),
        "centre": ("centre", None),
        "facilitator_id": ("facilitator_id", _FACILITATOR),
    },
    "FacilitatorAssigned": {"facilitator_id": ("facilitator_id", _FACILITATOR)},
    "AgreementReached": {"period_end": ("period_end", _AGREEMENT)},
    "RoundtableHeld": {
        "next_actions": ("next_actions", _ROUNDTABLE),
        "occurred_on": ("roundtable_on", _ROUNDTABLE),
    },
}
"""Fields of a step that the case row keeps (by step and field): the column, and the column
naming the step's version when only a correction of the latest such step counts."""
_DATES = ("period_end", "roundtable_on")


def _key(e: Any) -> dict[str, Value]:
    return {"case_id": str(e.originator_id)}


def _step(e: Any) -> Change:
    key = {**_key(e), "version": e.originator_version}
    return Upsert("steps", key, {"kind": _KINDS.get(type(e), OTHER), "occurred_on": e.occurred_on})


def _case(e: Any, **values: Value) -> Change:
    return Update("cases", _key(e), set=values)


def _opened(e: Case.ConsultationReceived, position: int) -> list[Change]:
    row: dict[str, Value] = {
        "number": e.number,
        "title": e.title,
        "centre": e.centre,
        "facilitator_id": e.facilitator_id,
        _FACILITATOR: e.originator_version,
        "state": CaseState.INTAKE.value,
        "closed": False,
    }
    return [Upsert("cases", _key(e), row), _step(e)]


def _moved(to: CaseState, *from_states: CaseState) -> Any:
    """A step that moves the progress state (from one of `from_states`, when given)."""

    def changes(e: Any, position: int) -> list[Change]:
        when = {"state": tuple(s.value for s in from_states)} if from_states else {}
        return [Update("cases", _key(e), set={"state": to.value}, when=when), _step(e)]

    return changes


def _assigned(e: Case.FacilitatorAssigned, position: int) -> list[Change]:
    values: dict[str, Value] = {"facilitator_id": e.facilitator_id}
    return [_case(e, **values, **{_FACILITATOR: e.originator_version}), _step(e)]


def _agreed(e: Case.AgreementReached, position: int) -> list[Change]:
    moved = _moved(CaseState.AGREED, CaseState.INTAKE, CaseState.COORDINATING)(e, position)
    agreed = _case(e, period_end=e.period_end, **{_AGREEMENT: e.originator_version})
    return [agreed, *moved]


def _roundtable(e: Case.RoundtableHeld, position: int) -> list[Change]:
    values: dict[str, Value] = {
        "next_actions": e.next_actions,
        "roundtable_on": e.occurred_on,
        _ROUNDTABLE: e.originator_version,
    }
    return [_case(e, **values), _step(e)]


def _closed(e: Any, position: int) -> list[Change]:
    return [_case(e, closed=True), _step(e)]


def _reopened(e: Any, position: int) -> list[Change]:
    return [_case(e, closed=False), _step(e)]


def _plain_step(e: Any, position: int) -> list[Change]:
    return [_step(e)]


def _day(value: Any) -> date | None:
    if isinstance(value, date) or value is None:
        return value
    return date.fromisoformat(str(value))


def _corrected(e: Case.StepCorrected, position: int) -> list[Change]:
    """A corrected date moves the step's date; a corrected field the case row keeps counts
    (for a field of the latest step of its kind only, when it corrects that step)."""
    changes: list[Change] = []
    new_date = e.changes.get("occurred_on")
    if new_date is not None:
        key = {**_key(e), "version": e.corrected_version}
        changes.append(Update("steps", key, set={"occurred_on": _day(new_date)}))
    kept = _CORRECTED.get(e.corrected_step, {})
    for name, value in e.changes.items():
        if name not in kept:
            continue
        column, guard = kept[name]
        new = _day(value) if column in _DATES else value
        when = {} if guard is None else {guard: (e.corrected_version,)}
        changes.append(Update("cases", _key(e), set={column: new}, when=when))
    return changes


_HANDLERS = Handlers(
    {
        Case.ConsultationReceived: _opened,
        Case.FacilitatorAssigned: _assigned,
        Case.HearingHeld: _plain_step,
        Case.PartnersProposed: _moved(CaseState.COORDINATING, CaseState.INTAKE),
        Case.PartyJoined: _moved(CaseState.COORDINATING, CaseState.INTAKE),
        Case.PartyWithdrew: _plain_step,
        Case.RoundtableHeld: _roundtable,
        Case.AgreementReached: _agreed,
        Case.ActivityCarriedOut: _moved(CaseState.IN_PROGRESS),
        Case.ReviewConducted: _moved(CaseState.REVIEWING),
        Case.CaseClosed: _closed,
        Case.CaseReopened: _reopened,
        Case.NominatedAsSuccessCase: _plain_step,
        Case.SuccessCasePublished: _plain_step,
        Case.SuccessCaseWithdrawn: _plain_step,
        Case.PresentedAtMeeting: _plain_step,
        Case.NoteAdded: _plain_step,
        Case.StepCorrected: _corrected,
    }
)


class AttentionReadModel(HandledReadModel, name="attention", version=1, handlers=_HANDLERS):
    """Per case, the dates that make it need attention."""

    label = "要対応リスト"

    schema = (
        "CREATE TABLE IF NOT EXISTS {cases} (case_id TEXT PRIMARY KEY, "
        "number TEXT NOT NULL, title TEXT NOT NULL, centre TEXT NOT NULL, "
        "facilitator_id TEXT NOT NULL, facilitator_version INTEGER NOT NULL, "
        "state TEXT NOT NULL, closed INTEGER NOT NULL, period_end TEXT, "
        "agreement_version INTEGER, next_actions TEXT, roundtable_on TEXT, "
        "roundtable_version INTEGER)",
        "CREATE INDEX IF NOT EXISTS {cases}_centre ON {cases} (centre, closed, facilitator_id)",
        "CREATE TABLE IF NOT EXISTS {steps} (case_id TEXT NOT NULL, "
        "version INTEGER NOT NULL, kind TEXT NOT NULL, occurred_on TEXT NOT NULL, "
        "PRIMARY KEY (case_id, version))",
    )


PRIMARY_KEYS = primary_keys(AttentionReadModel.schema)


READ_MODELS: tuple[ReadModel, ...] = (AttentionReadModel(),)
