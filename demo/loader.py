"""Loads the demo data through the ledger's single entry, `handle(context, command)`, in a fixed
order (so that case numbers such as 山口-2024-001 come out the same on every load).

Each command is recorded as written but for its placeholder ids, which one generic walk over
its fields replaces with the ids the ledger gave the parties, cases and meetings before it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar, cast
from uuid import UUID
from zoneinfo import ZoneInfo

from application.ledger import Ledger
from demo.indicators import load_indicators
from demo.notation import CASE, MEETING, PLACEHOLDERS, C, M, P
from demo.plans import load_plan
from demo.pro_bono import PartySteps, load_party_steps, load_pro_bono
from demo.scripts import ALL_CASES, MEETINGS, PARTIES
from domain.commands import Command, PublishSuccessCase
from domain.values import Actor, CommandContext
from domain.vocabulary import CENTRES, MUNICIPALITY_BY_KEY, ActorRole, Source

ContextFactory = Callable[[Actor, str], CommandContext]

CHIEF = Actor("chief-pref-01", ActorRole.CHIEF_FACILITATOR, "pref")
MEETING_ACTOR = Actor("meeting-pref-01", ActorRole.MEETING, None)
CHIEFS_STEPS: tuple[type[Command], ...] = (PublishSuccessCase,)
"""The steps the chief facilitator records; the case's centre records every other."""

TOKYO = ZoneInfo("Asia/Tokyo")

T = TypeVar("T")


def facilitator(centre: str) -> Actor:
    return Actor(f"fac-{centre}-01", ActorRole.FACILITATOR, centre)


def home_centre(municipality: str) -> str:
    code = MUNICIPALITY_BY_KEY[municipality].code
    return next((c.code for c in CENTRES if c.municipality == code), "pref")


def default_context(actor: Actor, correlation_id: str) -> CommandContext:
    return CommandContext(actor, datetime.now(TOKYO).date(), correlation_id, Source.IMPORT)


@dataclass(frozen=True)
class Entry:
    """One command to record: by whom, under which correlation id, and the placeholders that
    stand for the id of what it creates."""

    command: Command
    actor: Actor
    correlation_id: str
    creates: tuple[UUID, ...] = ()


def entries() -> Iterator[Entry]:
    """Parties, then cases (oldest first), then meetings."""
    for key, party in PARTIES.items():
        yield Entry(party, facilitator(home_centre(party.municipality)), f"demo-{key}", (P[key],))
    for case in ALL_CASES:
        own = facilitator(case.opening.centre)
        yield Entry(case.opening, own, f"demo-{case.key}-01", (CASE, C[case.key]))
        for index, step in enumerate(case.steps, start=2):
            actor = CHIEF if isinstance(step, CHIEFS_STEPS) else own
            yield Entry(step, actor, f"demo-{case.key}-{index:02d}")
    for meeting in MEETINGS:
        correlation_id = f"demo-{meeting.key}"
        yield Entry(meeting.opening, MEETING_ACTOR, correlation_id, (MEETING, M[meeting.key]))
        for step in meeting.steps:
            yield Entry(step, MEETING_ACTOR, correlation_id)


def substitute(value: T, ids: Mapping[UUID, UUID]) -> T:
    """`value` with every placeholder id in it, however deep, replaced by its real id."""
    found: Any = value
    if isinstance(value, UUID):
        if value not in ids:
            raise LookupError(f"demo: {PLACEHOLDERS.get(value, value)} is not recorded yet")
        found = ids[value]
    elif isinstance(value, tuple):
        found = tuple(substitute(item, ids) for item in value)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        found = dataclasses.replace(
            value,
            **{
                f.name: substitute(getattr(value, f.name), ids)
                for f in dataclasses.fields(value)
                if f.init
            },
        )
    return cast("T", found)


@dataclass
class Recorded:
    """How many cases, parties and meetings a load or a generation recorded, and how many of
    the cases it published."""

    cases: int = 0
    parties: int = 0
    meetings: int = 0
    published: int = 0


@dataclass
class DemoSummary(Recorded):
    """What a load recorded, with the ids it created by demo key."""

    party_ids: dict[str, UUID] = field(default_factory=dict)
    case_ids: dict[str, UUID] = field(default_factory=dict)
    numbers: dict[str, str] = field(default_factory=dict)
    meeting_ids: dict[str, UUID] = field(default_factory=dict)
    plan_rows: int = 0
    indicators: int = 0
    pro_bono_workers: int = 0


def load_demo(ledger: Ledger, context: ContextFactory | None = None) -> DemoSummary:
    """Record the demo parties, cases (oldest first) and meetings; return what was recorded.

    `context` builds each command's context from an actor and a correlation id; by default
    today's Tokyo date and the `import` source.
    """
    contextualise = context or default_context
    ids: dict[UUID, UUID] = {}
    numbers: dict[UUID, str] = {}
    for entry in entries():
        command = substitute(entry.command, ids)
        result = ledger.handle(contextualise(entry.actor, entry.correlation_id), command)
        for name in entry.creates:
            ids[name] = result.aggregate_id
            numbers[name] = result.number or ""
    case_ids = {c.key: ids[C[c.key]] for c in ALL_CASES}

    def linker(case_id: UUID, correlation_id: str) -> CommandContext:
        return contextualise(facilitator(ledger.get_case(case_id).centre), correlation_id)

    plan = load_plan(ledger, contextualise(CHIEF, "demo-plan-items-004"), linker, case_ids)
    indicators = load_indicators(ledger, contextualise(CHIEF, "demo-plan-indicators"))
    steps = PartySteps(
        ledger, contextualise, facilitator, home_centre, lambda c: substitute(c, ids), ids
    )
    workers = load_pro_bono(steps)
    load_party_steps(steps)
    return DemoSummary(
        parties=len(PARTIES),
        cases=len(ALL_CASES),
        meetings=len(MEETINGS),
        published=sum(isinstance(s, PublishSuccessCase) for c in ALL_CASES for s in c.steps),
        party_ids={key: ids[P[key]] for key in PARTIES},
        case_ids=case_ids,
        numbers={c.key: numbers[C[c.key]] for c in ALL_CASES},
        meeting_ids={m.key: ids[M[m.key]] for m in MEETINGS},
        plan_rows=plan.rows,
        indicators=indicators,
        pro_bono_workers=workers,
    )
