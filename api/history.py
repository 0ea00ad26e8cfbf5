"""What an auditor reads of one stored event of a case or a party, for GraphQL's
`caseHistory` and `partyHistory` and `kyodo audit history` alike: its type, label and summary
(the timeline's sentence, with an organisation's public name in front where the step is about
one party), its dates, who recorded it, the request and the source, and its own fields (a
party's contact details only as how they are kept, never what they say)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from domain.case import step_label
from domain.events import Step
from domain.values import ContactDetails, SealedContact
from domain.vocabulary import ActorRole
from projections.engine.plain import payload
from projections.timeline.summaries import party_subject, summary

NameOf = Callable[[UUID], "str | None"]


@dataclass(frozen=True)
class HistoryRecord:
    version: int
    step: str
    topic: str
    label: str
    summary: str
    occurred_on: date
    recorded_at: datetime
    actor_id: str
    actor_role: ActorRole
    correlation_id: str
    source: str
    details: dict[str, Any]

    @classmethod
    def of(cls, event: Step, name_of: NameOf) -> HistoryRecord:
        meta = event.meta
        return cls(
            version=event.originator_version,
            step=type(event).__name__,
            topic=str(getattr(type(event), "TOPIC", "")),
            label=step_label(event),
            summary=described(event, name_of),
            occurred_on=event.occurred_on,
            recorded_at=event.timestamp,
            actor_id=meta.actor_id,
            actor_role=meta.actor_role,
            correlation_id=meta.correlation_id,
            source=meta.source.value,
            details=_shown(event),
        )

    def as_json(self) -> dict[str, Any]:
        """Plain values (dates ISO 8601, the record time in UTC), for JSON Lines."""
        return {
            **vars(self),
            "occurred_on": self.occurred_on.isoformat(),
            "recorded_at": self.recorded_at.isoformat(),
            "actor_role": self.actor_role.value,
        }


KEPT = {SealedContact: "暗号化して保管", ContactDetails: "平文で保管（暗号化の移行前）"}
"""What a party's contact details show in its history: how they were kept."""


def _shown(event: Step) -> dict[str, Any]:
    details = payload(event)
    contact = getattr(event, "contact", None)
    if "contact" in details and contact is not None:
        details["contact"] = KEPT.get(type(contact), "記録あり")
    return details


def described(event: Step, name_of: NameOf) -> str:
    """The timeline's sentence; a party's public name in front when the step is about one."""
    subject = party_subject(event)
    name = None if subject is None else name_of(UUID(subject[0]))
    return summary(event) if subject is None or name is None else name + subject[1]
