"""KPI tables (評価指標) per fiscal year and municipality: the pure part and the tables.

Each counted step becomes one `facts` row keyed by (case, version), carrying its business
date's fiscal year (April–March), its value and, for a party joining, the party; a correction
rewrites that row (its date, its value, a closure's result, the case's municipality), a
reopening removes the closure, a withdrawal removes the publication. The figures are summed at query
time (`queries.py`), so every indicator follows corrections without a replay.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, ClassVar

from domain.case import Case
from domain.fiscal import fiscal_year
from domain.kpi_targets import KpiTargets
from domain.vocabulary import MUNICIPALITY_BY_KEY, ClosureResult
from projections.engine import Change, Delete, Dialect, ReadModel, Tables, Update, Upsert, Value

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
)

# The kind of fact each counted step records.
OPENED, JOINED, AGREED, VOLUNTEERS = "opened", "joined", "agreed", "volunteers"
SUCCEEDED, CLOSED_OTHERWISE, PUBLISHED = "succeeded", "closed_otherwise", "published"
ALL_MUNICIPALITIES = ""


class Kpi(ReadModel):
    """Counts per fiscal year and municipality, with targets and baselines beside them."""

    name: ClassVar[str] = "kpi"
    version: ClassVar[int] = 2
    topics: ClassVar[tuple[str, ...]] = tuple(t.TOPIC for t in _TOPICS)
    tables: ClassVar[tuple[str, ...]] = ("cases", "facts", "targets")

    def ddl(self, dialect: Dialect, tables: Tables) -> list[str]:
        t = tables
        number = "DOUBLE PRECISION" if dialect is Dialect.POSTGRES else "REAL"
        return [
            f"CREATE TABLE IF NOT EXISTS {t['cases']} (case_id TEXT PRIMARY KEY, "
            "municipality TEXT NOT NULL, opened_on TEXT NOT NULL)",
            f"CREATE TABLE IF NOT EXISTS {t['facts']} (case_id TEXT NOT NULL, "
            "version INTEGER NOT NULL, kind TEXT NOT NULL, on_date TEXT NOT NULL, "
            "fiscal_year INTEGER NOT NULL, value INTEGER NOT NULL, party_id TEXT, "
            "PRIMARY KEY (case_id, version))",
            f"CREATE INDEX IF NOT EXISTS {t['facts']}_year ON {t['facts']} (fiscal_year, kind)",
            f"CREATE TABLE IF NOT EXISTS {t['targets']} (fiscal_year INTEGER NOT NULL, "
            f"municipality TEXT NOT NULL, indicator TEXT NOT NULL, target {number}, "
            f"baseline {number}, PRIMARY KEY (fiscal_year, municipality, indicator))",
        ]

    def changes(self, event: object, position: int) -> list[Change]:
        if isinstance(event, KpiTargets.KpiTargetSet):
            return [_target(event)]
        if not isinstance(event, Case.Event | Case.ConsultationReceived):
            return []
        case_id = str(event.originator_id)
        if isinstance(event, Case.ConsultationReceived):
            row: dict[str, Value] = {
                "municipality": event.municipality,
                "opened_on": event.occurred_on,
            }
            return [Upsert("cases", {"case_id": case_id}, row), _fact(event, OPENED, 1)]
        if isinstance(event, Case.StepCorrected):
            return _corrected(case_id, event)
        if isinstance(event, Case.CaseReopened):
            return [Delete("facts", {"case_id": case_id, "kind": k}) for k in _CLOSURES]
        if isinstance(event, Case.SuccessCaseWithdrawn):
            return [Delete("facts", {"case_id": case_id, "kind": PUBLISHED})]
        fact = _counted(event)
        return [] if fact is None else [fact]


_CLOSURES = (SUCCEEDED, CLOSED_OTHERWISE)


def _fact(event: Any, kind: str, value: int, party_id: str | None = None) -> Change:
    key = {"case_id": str(event.originator_id), "version": event.originator_version}
    values: dict[str, Value] = {
        "kind": kind,
        "on_date": event.occurred_on,
        "fiscal_year": fiscal_year(event.occurred_on),
        "value": value,
        "party_id": party_id,
    }
    return Upsert("facts", key, values)


def _closure_kind(result: ClosureResult) -> str:
    return SUCCEEDED if result is ClosureResult.SUCCEEDED else CLOSED_OTHERWISE


def _counted(event: object) -> Change | None:
    if isinstance(event, Case.PartyJoined):
        return _fact(event, JOINED, 1, str(event.party.party_id))
    if isinstance(event, Case.AgreementReached):
        return _fact(event, AGREED, 1)
    if isinstance(event, Case.ActivityCarriedOut):
        return _fact(event, VOLUNTEERS, event.volunteers)
    if isinstance(event, Case.CaseClosed):
        return _fact(event, _closure_kind(event.result), 1)
    if isinstance(event, Case.SuccessCasePublished):
        return _fact(event, PUBLISHED, 1)
    return None


def _corrected(case_id: str, event: Case.StepCorrected) -> list[Change]:
    changes: Mapping[str, Any] = event.changes
    key: dict[str, Value] = {"case_id": case_id, "version": event.corrected_version}
    out: list[Change] = []
    on = changes.get("occurred_on")
    if isinstance(on, date):
        out.append(Update("facts", key, {"on_date": on, "fiscal_year": fiscal_year(on)}))
        if event.corrected_step == "ConsultationReceived":
            out.append(Update("cases", {"case_id": case_id}, {"opened_on": on}))
    result = changes.get("result")
    if event.corrected_step == "CaseClosed" and isinstance(result, ClosureResult):
        out.append(Update("facts", key, {"kind": _closure_kind(result)}))
    volunteers = changes.get("volunteers")
    if event.corrected_step == "ActivityCarriedOut" and isinstance(volunteers, int):
        out.append(Update("facts", key, {"value": volunteers}))
    found = MUNICIPALITY_BY_KEY.get(str(changes.get("municipality", "")))
    if event.corrected_step == "ConsultationReceived" and found is not None:
        out.append(Update("cases", {"case_id": case_id}, {"municipality": found.code}))
    return out


def _target(event: KpiTargets.KpiTargetSet) -> Change:
    key: dict[str, Value] = {
        "fiscal_year": event.fiscal_year,
        "municipality": event.municipality or ALL_MUNICIPALITIES,
        "indicator": event.indicator,
    }
    return Upsert("targets", key, {"target": event.target, "baseline": event.baseline})


READ_MODELS: tuple[ReadModel, ...] = (Kpi(),)
