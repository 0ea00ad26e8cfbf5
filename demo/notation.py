"""The shape of the demo data: parties, cases as lists of steps, meetings.

Dates are ISO strings so that the data modules read like the facilitators' own notes. Every
step becomes one ledger command; nothing here touches the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from domain.values import Outcome
from domain.vocabulary import ClosureResult, CollaborationForm, PartyKind, PartyRole, ReviewKind


@dataclass(frozen=True)
class PartySpec:
    key: str
    kind: PartyKind
    name: str
    municipality: str
    fields: tuple[str, ...]
    consent: bool = True
    registered: str = "2022-04-01"
    person: str = ""
    email: str = ""


@dataclass(frozen=True)
class Hearing:
    on: str
    summary: str
    party: str | None = None


@dataclass(frozen=True)
class Propose:
    on: str
    parties: tuple[str, ...]
    rationale: str


@dataclass(frozen=True)
class Join:
    on: str
    party: str
    role: PartyRole
    contribution: str


@dataclass(frozen=True)
class Withdraw:
    on: str
    party: str
    reason: str


@dataclass(frozen=True)
class Roundtable:
    on: str
    agenda: str
    attendees: tuple[str, ...]
    count: int
    decisions: str = ""
    next_actions: str = ""


@dataclass(frozen=True)
class Agree:
    """Roles are those the active parties joined with; `duties` adds what each takes on."""

    on: str
    form: CollaborationForm
    start: str
    end: str | None = None
    resources: str = ""
    duties: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Activity:
    on: str
    title: str
    participants: int = 0
    volunteers: int = 0
    outputs: str = ""


@dataclass(frozen=True)
class Review:
    on: str
    summary: str
    outcomes: tuple[Outcome, ...] = ()
    lessons: str = ""
    kind: ReviewKind = ReviewKind.SELF


@dataclass(frozen=True)
class Close:
    on: str
    result: ClosureResult = ClosureResult.SUCCEEDED
    reason: str = ""


@dataclass(frozen=True)
class Reopen:
    on: str
    reason: str


@dataclass(frozen=True)
class Nominate:
    on: str
    reason: str


@dataclass(frozen=True)
class Publish:
    """Recorded by the chief facilitator; `parties` are the keys the story names."""

    on: str
    title: str
    summary: str
    how_started: str
    outcomes: str
    lessons: str
    parties: tuple[str, ...]


@dataclass(frozen=True)
class Note:
    on: str
    text: str


@dataclass(frozen=True)
class Correct:
    on: str
    version: int
    changes: dict[str, Any]
    reason: str


Step = (
    Hearing
    | Propose
    | Join
    | Withdraw
    | Roundtable
    | Agree
    | Activity
    | Review
    | Close
    | Reopen
    | Nominate
    | Publish
    | Note
    | Correct
)


@dataclass(frozen=True)
class CaseSpec:
    key: str
    centre: str
    municipality: str
    title: str
    issue: str
    fields: tuple[str, ...]
    sdgs: tuple[int, ...]
    opened: str
    initiator: str
    steps: tuple[Step, ...]
    replicates: str | None = None


@dataclass(frozen=True)
class FollowUpSpec:
    case: str
    municipality: str
    owner_centre: str
    action: str


@dataclass(frozen=True)
class MeetingSpec:
    key: str
    title: str
    host: str
    attending: tuple[str, ...]
    held_on: str
    presented: tuple[str, ...]
    follow_ups: tuple[FollowUpSpec, ...] = ()
