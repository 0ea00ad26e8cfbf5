"""Timeline per case (経過記録): one entry per event, in business-date order, with the
record time beside it, who recorded it, a Japanese one-line summary and the details.

A step whose subject is one party (joined, withdrew) keeps the party's id and the rest of
the sentence, so that queries show the party's public name (organisations only; a pro bono
worker is shown by the kind of party).

A correction is an entry in its own place AND a row of `corrections` keyed by the entry it
corrects, which the queries attach to that entry. A corrected business date moves the
entry (`occurred_on`); the date first recorded stays in `original_occurred_on`.
Queries live in `queries.py`.
"""

from __future__ import annotations

from typing import Any

from domain.case import STEP_LABELS, Case
from domain.party import Party
from projections.engine import Change, ReadModel, Update, Upsert, Value
from projections.engine.plain import dumps, event_name, payload_text
from projections.engine.schema import primary_keys
from projections.shared import CASE_TOPICS, party_named, party_names_ddl
from projections.timeline.summaries import party_subject, summary


class TimelineReadModel(ReadModel, name="timeline", version=2):
    label = "案件の経過"
    topics = (Party.Registered.TOPIC, *CASE_TOPICS)
    schema = (
        "CREATE TABLE IF NOT EXISTS {timeline} (case_id TEXT NOT NULL, "
        "version INTEGER NOT NULL, position {bigint} NOT NULL, "
        "occurred_on TEXT NOT NULL, "
        "original_occurred_on TEXT NOT NULL, recorded_at TEXT NOT NULL, "
        "step TEXT NOT NULL, step_label TEXT NOT NULL, actor_id TEXT NOT NULL, "
        "actor_role TEXT NOT NULL, source TEXT NOT NULL, correlation_id TEXT NOT NULL, "
        "summary TEXT NOT NULL, party_id TEXT, summary_tail TEXT, details TEXT NOT NULL, "
        "PRIMARY KEY (case_id, version))",
        "CREATE INDEX IF NOT EXISTS {timeline}_order ON {timeline} (case_id, occurred_on, version)",
        "CREATE TABLE IF NOT EXISTS {corrections} (case_id TEXT NOT NULL, "
        "corrected_version INTEGER NOT NULL, version INTEGER NOT NULL, "
        "occurred_on TEXT NOT NULL, recorded_at TEXT NOT NULL, actor_id TEXT NOT NULL, "
        "actor_role TEXT NOT NULL, reason TEXT NOT NULL, changes TEXT NOT NULL, "
        "PRIMARY KEY (case_id, corrected_version, version))",
        party_names_ddl("name"),
    )

    def changes(self, event: object, position: int) -> list[Change]:
        if isinstance(event, Party.Registered):
            return [party_named(event)]
        if not isinstance(event, Case.Event | Case.ConsultationReceived):
            return []
        result: list[Change] = [_entry(event, position)]
        if isinstance(event, Case.StepCorrected):
            result += _correction(event)
        return result


PRIMARY_KEYS = primary_keys(TimelineReadModel.schema)


def _entry(event: Any, position: int) -> Change:
    step = event_name(event)
    meta = event.meta
    subject = party_subject(event)
    row: dict[str, Value] = {
        "position": position,
        "occurred_on": event.occurred_on,
        "original_occurred_on": event.occurred_on,
        "recorded_at": event.timestamp,
        "step": step,
        "step_label": STEP_LABELS.get(step, step),
        "actor_id": meta.actor_id,
        "actor_role": meta.actor_role.value,
        "source": meta.source.value,
        "correlation_id": meta.correlation_id,
        "summary": summary(event),
        "party_id": None if subject is None else subject[0],
        "summary_tail": None if subject is None else subject[1],
        "details": payload_text(event),
    }
    key: dict[str, Value] = {
        "case_id": str(event.originator_id),
        "version": event.originator_version,
    }
    return Upsert("timeline", key, row)


def _correction(event: Case.StepCorrected) -> list[Change]:
    case_id = str(event.originator_id)
    row: dict[str, Value] = {
        "occurred_on": event.occurred_on,
        "recorded_at": event.timestamp,
        "actor_id": event.meta.actor_id,
        "actor_role": event.meta.actor_role.value,
        "reason": event.reason,
        "changes": dumps(event.changes),
    }
    key: dict[str, Value] = {
        "case_id": case_id,
        "corrected_version": event.corrected_version,
        "version": event.originator_version,
    }
    result: list[Change] = [Upsert("corrections", key, row)]
    new_date = event.changes.get("occurred_on")
    if new_date is not None:
        target: dict[str, Value] = {"case_id": case_id, "version": event.corrected_version}
        result.append(Update("timeline", target, set={"occurred_on": new_date}))
    return result
