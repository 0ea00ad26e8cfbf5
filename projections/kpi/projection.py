"""KPI tables (評価指標) per fiscal year and municipality: the pure part and the tables.

Each counted step becomes one `facts` row keyed by (case, version), carrying its business
date's fiscal year (April–March), its value and, for a party joining, the party; a correction
gives that row a new version (its date, its value, a closure's result, the case's
municipality), a reopening ends the closure, a withdrawal ends the publication. The figures
are summed at query time (`queries.py`), so every indicator follows corrections without a
replay.

The pro bono bank's registrations are kept in `workers`, one row per registration and
municipality the worker can serve: the cumulative count of people registered by a fiscal
year's end is read from it. The groups the centres registered (団体登録; not governments nor
individuals) are kept in `groups`, one row each, with the day and fiscal year they left the
register (登録の抹消), for the count of groups registered at a year's end.

`cases`, `facts`, `workers`, `groups` and `targets` are temporal tables
(`projections.engine.base.Begin`): every version of a row is kept with the positions it was
valid between, so the table can be read as it stood at any position — at the closing of a
fiscal year (the figures as reported), or at the end of any past day (`moments` maps
positions to record times). `closings` holds each closed year's position; `moments` also
names the step at each position, so that the events that changed a closed year's figures
can be listed.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, ClassVar

from domain.case import Case, step_label
from domain.fiscal import fiscal_year
from domain.kpi_targets import KpiTargets
from domain.party import Party
from domain.vocabulary import MUNICIPALITY_BY_KEY, ClosureResult, PartyKind
from projections.engine import Begin, Change, ReadModel, Retire, Supersede, Upsert, Value

_TOPICS = (
    Case.ConsultationReceived,
    Case.PartyJoined,
    Case.AgreementReached,
    Case.ActivityCarriedOut,
    Case.CaseClosed,
    Case.CaseReopened,
    Case.SuccessCasePublished,
    Case.SuccessCaseWithdrawn,
    Case.StepCorrected,
    KpiTargets.KpiTargetSet,
    KpiTargets.FiscalYearClosed,
    Party.ProBonoWorkerRegistered,
    Party.Registered,
    Party.Deregistered,
)

# The kind of fact each counted step records.
OPENED, JOINED, AGREED, VOLUNTEERS = "opened", "joined", "agreed", "volunteers"
SUCCEEDED, CLOSED_OTHERWISE, PUBLISHED = "succeeded", "closed_otherwise", "published"
ALL_MUNICIPALITIES = ""


NOT_GROUPS = frozenset({PartyKind.MUNICIPALITY, PartyKind.PREFECTURE, PartyKind.PRO_BONO_WORKER})
"""Parties the count of registered groups leaves out: governments and individuals."""


class Kpi(ReadModel, name="kpi", version=5):
    """Counts per fiscal year and municipality, with targets and baselines beside them."""

    label = "評価指標"

    topics: ClassVar[tuple[str, ...]] = tuple(t.TOPIC for t in _TOPICS)
    schema: ClassVar[tuple[str, ...]] = (
        "CREATE TABLE IF NOT EXISTS {cases} (case_id TEXT NOT NULL, "
        "municipality TEXT NOT NULL, opened_on TEXT NOT NULL, {valid}, "
        "PRIMARY KEY (case_id, valid_from))",
        "CREATE TABLE IF NOT EXISTS {facts} (case_id TEXT NOT NULL, "
        "version INTEGER NOT NULL, kind TEXT NOT NULL, on_date TEXT NOT NULL, "
        "fiscal_year INTEGER NOT NULL, value INTEGER NOT NULL, party_id TEXT, {valid}, "
        "PRIMARY KEY (case_id, version, valid_from))",
        "CREATE INDEX IF NOT EXISTS {facts}_year ON {facts} (fiscal_year, kind)",
        "CREATE TABLE IF NOT EXISTS {workers} (worker_id TEXT NOT NULL, "
        "version INTEGER NOT NULL, municipality TEXT NOT NULL, on_date TEXT NOT NULL, "
        "fiscal_year INTEGER NOT NULL, {valid}, "
        "PRIMARY KEY (worker_id, version, municipality, valid_from))",
        "CREATE TABLE IF NOT EXISTS {groups} (party_id TEXT NOT NULL, "
        "municipality TEXT NOT NULL, on_date TEXT NOT NULL, fiscal_year INTEGER NOT NULL, "
        "left_on TEXT, left_year INTEGER, {valid}, PRIMARY KEY (party_id, valid_from))",
        "CREATE TABLE IF NOT EXISTS {targets} (fiscal_year INTEGER NOT NULL, "
        "municipality TEXT NOT NULL, indicator TEXT NOT NULL, target {double}, "
        "baseline {double}, {valid}, "
        "PRIMARY KEY (fiscal_year, municipality, indicator, valid_from))",
        "CREATE TABLE IF NOT EXISTS {closings} (fiscal_year INTEGER NOT NULL, "
        "municipality TEXT NOT NULL, position {bigint} NOT NULL, closed_on TEXT NOT NULL, "
        "closed_at TEXT NOT NULL, closed_by TEXT NOT NULL, "
        "PRIMARY KEY (fiscal_year, municipality))",
        "CREATE TABLE IF NOT EXISTS {moments} (position {bigint} PRIMARY KEY, "
        "recorded_at TEXT NOT NULL, case_id TEXT, version INTEGER NOT NULL, "
        "step TEXT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS {moments}_at ON {moments} (recorded_at)",
    )

    def changes(self, event: object, position: int) -> list[Change]:
        changes = _changes(event, position)
        return [_moment(event, position), *changes] if changes else []


def _changes(event: object, at: int) -> list[Change]:
    if isinstance(event, KpiTargets.KpiTargetSet):
        return _target(event, at)
    if isinstance(event, KpiTargets.FiscalYearClosed):
        return [_closing(event, at)]
    if isinstance(event, Party.ProBonoWorkerRegistered):
        return _registered(event, at)
    if isinstance(event, Party.Registered):
        return _group(event, at)
    if isinstance(event, Party.Deregistered):
        left: dict[str, Value] = {
            "left_on": event.occurred_on,
            "left_year": fiscal_year(event.occurred_on),
        }
        return [Supersede("groups", {"party_id": str(event.originator_id)}, left, at, GROUPS)]
    if not isinstance(event, Case.Event | Case.ConsultationReceived):
        return []
    case_id = str(event.originator_id)
    if isinstance(event, Case.ConsultationReceived):
        row: dict[str, Value] = {"municipality": event.municipality, "opened_on": event.occurred_on}
        return [Begin("cases", {"case_id": case_id}, row, at), _fact(event, OPENED, 1, at)]
    if isinstance(event, Case.StepCorrected):
        return _corrected(case_id, event, at)
    if isinstance(event, Case.CaseReopened):
        return [Retire("facts", {"case_id": case_id, "kind": k}, at) for k in _CLOSURES]
    if isinstance(event, Case.SuccessCaseWithdrawn):
        return [Retire("facts", {"case_id": case_id, "kind": PUBLISHED}, at)]
    fact = _counted(event, at)
    return [] if fact is None else [fact]


def _moment(event: Any, at: int) -> Change:
    """When the event at this position was recorded, and what it was (a step of a case)."""
    of_case = isinstance(event, Case.Event | Case.ConsultationReceived)
    values: dict[str, Value] = {
        "recorded_at": event.timestamp,
        "case_id": str(event.originator_id) if of_case else None,
        "version": event.originator_version,
        "step": step_label(event),
    }
    return Upsert("moments", {"position": at}, values)


_CLOSURES = (SUCCEEDED, CLOSED_OTHERWISE)


CASE_COLUMNS = ("case_id", "municipality", "opened_on")
GROUPS = ("party_id", "municipality", "on_date", "fiscal_year", "left_on", "left_year")
FACT_COLUMNS = ("case_id", "version", "kind", "on_date", "fiscal_year", "value", "party_id")


def _fact(event: Any, kind: str, value: int, at: int, party_id: str | None = None) -> Change:
    key = {"case_id": str(event.originator_id), "version": event.originator_version}
    values: dict[str, Value] = {
        "kind": kind,
        "on_date": event.occurred_on,
        "fiscal_year": fiscal_year(event.occurred_on),
        "value": value,
        "party_id": party_id,
    }
    return Begin("facts", key, values, at)


def _closure_kind(result: ClosureResult) -> str:
    return SUCCEEDED if result is ClosureResult.SUCCEEDED else CLOSED_OTHERWISE


def _counted(event: object, at: int) -> Change | None:
    if isinstance(event, Case.PartyJoined):
        return _fact(event, JOINED, 1, at, str(event.party.party_id))
    if isinstance(event, Case.AgreementReached):
        return _fact(event, AGREED, 1, at)
    if isinstance(event, Case.ActivityCarriedOut):
        return _fact(event, VOLUNTEERS, event.volunteers, at)
    if isinstance(event, Case.CaseClosed):
        return _fact(event, _closure_kind(event.result), 1, at)
    if isinstance(event, Case.SuccessCasePublished):
        return _fact(event, PUBLISHED, 1, at)
    return None


def _corrected(case_id: str, event: Case.StepCorrected, at: int) -> list[Change]:
    """The corrected fields, each in the table that holds it; one new version per row."""
    changes: Mapping[str, Any] = event.changes
    step = event.corrected_step
    fact: dict[str, Value] = {}
    case: dict[str, Value] = {}
    on = changes.get("occurred_on")
    if isinstance(on, date):
        fact.update(on_date=on, fiscal_year=fiscal_year(on))
        if step == "ConsultationReceived":
            case["opened_on"] = on
    result = changes.get("result")
    if step == "CaseClosed" and isinstance(result, ClosureResult):
        fact["kind"] = _closure_kind(result)
    volunteers = changes.get("volunteers")
    if step == "ActivityCarriedOut" and isinstance(volunteers, int):
        fact["value"] = volunteers
    found = MUNICIPALITY_BY_KEY.get(str(changes.get("municipality", "")))
    if step == "ConsultationReceived" and found is not None:
        case["municipality"] = found.code
    key: dict[str, Value] = {"case_id": case_id, "version": event.corrected_version}
    out: list[Change] = []
    if fact:
        out.append(Supersede("facts", key, fact, at, FACT_COLUMNS))
    if case:
        out.append(Supersede("cases", {"case_id": case_id}, case, at, CASE_COLUMNS))
    return out


def _registered(event: Party.ProBonoWorkerRegistered, at: int) -> list[Change]:
    """A registration in the pro bono bank, once per municipality the worker can serve."""
    values: dict[str, Value] = {
        "on_date": event.occurred_on,
        "fiscal_year": fiscal_year(event.occurred_on),
    }
    return [
        Begin(
            "workers",
            {
                "worker_id": str(event.originator_id),
                "version": event.originator_version,
                "municipality": municipality,
            },
            values,
            at,
        )
        for municipality in event.municipalities
    ]


def _group(event: Party.Registered, at: int) -> list[Change]:
    """A group registered with a support centre (団体登録), at its registration date."""
    if event.kind in NOT_GROUPS:
        return []
    values: dict[str, Value] = {
        "municipality": event.municipality,
        "on_date": event.occurred_on,
        "fiscal_year": fiscal_year(event.occurred_on),
    }
    return [Begin("groups", {"party_id": str(event.originator_id)}, values, at)]


def _target(event: KpiTargets.KpiTargetSet, at: int) -> list[Change]:
    key: dict[str, Value] = {
        "fiscal_year": event.fiscal_year,
        "municipality": event.municipality or ALL_MUNICIPALITIES,
        "indicator": event.indicator,
    }
    values: dict[str, Value] = {"target": event.target, "baseline": event.baseline}
    return [Retire("targets", key, at), Begin("targets", key, values, at)]


def _closing(event: KpiTargets.FiscalYearClosed, at: int) -> Change:
    key: dict[str, Value] = {
        "fiscal_year": event.fiscal_year,
        "municipality": event.municipality or ALL_MUNICIPALITIES,
    }
    values: dict[str, Value] = {
        "position": at,
        "closed_on": event.occurred_on,
        "closed_at": event.timestamp,
        "closed_by": event.meta.actor_id,
    }
    return Upsert("closings", key, values)


READ_MODELS: tuple[ReadModel, ...] = (Kpi(),)
