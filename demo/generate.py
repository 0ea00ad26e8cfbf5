"""Generated demo data at scale: `kyodo demo generate --cases N [--seed S]`.

Each generated case follows one of the demo's own case scripts (`demo/data/cases`), moved in
time, told in another of the city's areas (地区), with parties drawn from variants of the
demo's parties, and cut after a random step so that every state occurs. Meetings present the
published cases and agree follow-ups, as the demo's meetings do.

The commands are the ledger's own and go through the aggregates' own rules (and the
permission table), but on a bulk path: the aggregates of a batch of cases are built in
memory and saved together in one `save()` (one transaction, one table lock), instead of one
load and one save per step. The centre's case numbering is kept in memory between batches:
generate into a ledger nobody else writes to at the same time.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, TypeVar, cast
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate

from application.handling import step_context
from application.ledger import Ledger
from application.permissions import authorise_case_write
from application.snapshots import AggregateSnapshot
from demo.loader import CHIEF, CHIEFS_STEPS, MEETING_ACTOR, Recorded, facilitator, home_centre
from demo.notation import CASE, PLACEHOLDERS, DemoCase
from demo.scripts import ALL_CASES, MEETINGS, PARTIES
from domain import errors
from domain.case import Case
from domain.commands import (
    AgreeFollowUp,
    Command,
    PresentAtMeeting,
    ReceiveConsultation,
    RegisterParty,
)
from domain.context import StepContext
from domain.fiscal import fiscal_year
from domain.meeting import Meeting
from domain.numbering import CaseNumbering, numbering_id
from domain.party import Party
from domain.values import Actor, CommandContext, PartyRef

T = TypeVar("T")
ContextFactory = Callable[[Actor, str], CommandContext]

AREAS = (
    "大殿", "白石", "湯田", "仁保", "小郡", "秋穂", "阿知須", "徳地", "阿東", "大内",
    "宮野", "吉敷", "平川", "大歳", "陶", "名田島", "鋳銭司", "嘉川", "佐山", "小鯖", "秋穂二島",
)  # fmt: skip
"""The areas of 山口市's 21 community centres (地域交流センター): where a case is told."""

CASES_PER_PARTY = 20
CASES_PER_SAVE = 100
MEETING_EVERY = 200
"""A meeting per this many cases; it presents the published cases among them."""
LONGEST_SHIFT = 3 * 365


@dataclass
class GenerateSummary(Recorded):
    events: int = 0
    states: dict[str, int] = field(default_factory=dict)


class MemoryDirectory:
    """The domain's `Directory` over what this generation has built (no database reads)."""

    def __init__(self) -> None:
        self.parties: dict[UUID, Party] = {}
        self.meetings: dict[UUID, Meeting] = {}

    def party_ref(self, party_id: UUID) -> PartyRef:
        party = self.parties.get(party_id)
        if party is None:
            raise errors.PartyNotFoundError(party=str(party_id))
        return PartyRef(party_id=party_id, kind=party.kind)

    def publication_consent(self, party_id: UUID) -> bool:
        return self.parties[party_id].publication_consent

    def meeting(self, meeting_id: UUID) -> Meeting:
        found = self.meetings.get(meeting_id)
        if found is None:
            raise errors.MeetingNotFoundError(meeting=str(meeting_id))
        return found


def rewrite(value: T, ids: dict[UUID, UUID | None], shift: timedelta) -> T:
    """`value` with its placeholder ids replaced and its dates moved, however deep."""
    found: Any = value
    if isinstance(value, UUID):
        found = ids.get(value, value)
    elif isinstance(value, date):
        found = value + shift
    elif isinstance(value, tuple):
        found = tuple(rewrite(item, ids, shift) for item in value)
    elif isinstance(value, dict):
        found = {key: rewrite(item, ids, shift) for key, item in value.items()}
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: rewrite(getattr(value, f.name), ids, shift)
            for f in dataclasses.fields(value)
            if f.init
        }
        found = dataclasses.replace(value, **changes)
    return cast("T", found)


def last_date(script: DemoCase) -> date:
    dates = [getattr(c, "occurred_on", None) for c in (script.opening, *script.steps)]
    return max(d for d in dates if isinstance(d, date))


class Generator:
    """Builds cases batch by batch and saves each batch in one transaction."""

    def __init__(self, ledger: Ledger, context: ContextFactory, seed: int, today: date) -> None:
        self.ledger = ledger
        self.context = context
        self.random = random.Random(seed)
        self.today = today
        self.directory = MemoryDirectory()
        self.numberings: dict[tuple[str, int], CaseNumbering] = {}
        self.variants: dict[str, list[UUID]] = {}
        self.published: list[UUID] = []
        self.recent: list[Case] = []
        self.centres: dict[UUID, str] = {}
        """Each generated case's centre (benchmarks act as its facilitator)."""
        self.summary = GenerateSummary()
        self.scripts = [s for s in ALL_CASES if last_date(s) <= today]
        self._steps: dict[tuple[str, str], StepContext] = {}

    # --- parties --------------------------------------------------------------------------

    def register_parties(self, per_key: int) -> None:
        """`per_key` variants of each demo party (the first one as the demo has it)."""
        pending: list[Aggregate] = []
        for key, command in PARTIES.items():
            for index in range(per_key):
                area = AREAS[index % len(AREAS)]
                named = command if index == 0 else self._variant(command, area, index)
                step = self._step(facilitator(home_centre(command.municipality)), "party")
                party = Party.register_party(named, step, self.ledger.sealer.seal)
                self.directory.parties[party.id] = party
                self.variants.setdefault(key, []).append(party.id)
                pending.append(party)
        self._save(pending)
        self.summary.parties += len(pending)

    @staticmethod
    def _variant(command: RegisterParty, area: str, index: int) -> RegisterParty:
        round_ = index // len(AREAS)
        suffix = f"（{area}地区）" if round_ == 0 else f"（{area}地区 {round_ + 1}）"
        return dataclasses.replace(command, name=command.name + suffix)

    # --- cases ----------------------------------------------------------------------------

    def batches(self, cases: int) -> Iterator[int]:
        """Generate `cases` cases; yields the number saved after each batch."""
        done = 0
        while done < cases:
            size = min(CASES_PER_SAVE, cases - done)
            self.recent = []
            built = [self._case() for _ in range(size)]
            pending: list[Aggregate] = [c for c in built if c is not None]
            if (done // MEETING_EVERY) != ((done + size) // MEETING_EVERY):
                pending.extend(self._meeting())
            pending.extend(self.numberings.values())
            self._save(pending)
            done += size
            yield done
        self._snapshot_numberings()

    def _case(self) -> Case | None:
        script = self.random.choice(self.scripts)
        latest = (self.today - last_date(script)).days
        shift = timedelta(days=self.random.randint(max(latest - LONGEST_SHIFT, -9999), latest))
        case_id = uuid4()
        ids: dict[UUID, UUID | None] = {CASE: case_id}
        for placeholder, name in PLACEHOLDERS.items():
            kind, _, key = name.partition(":")
            if kind == "party" and key in self.variants:
                ids[placeholder] = self.random.choice(self.variants[key])
            elif kind == "case":
                ids[placeholder] = None
        opening = rewrite(script.opening, ids, shift)
        replicates = self.random.choice(self.published) if self.published else None
        area = self.random.choice(AREAS)
        opening = dataclasses.replace(
            opening, title=f"{opening.title}（{area}地区）", replicates=replicates
        )
        try:
            case = self._open(opening, case_id)
        except errors.DomainError:
            return None
        steps = script.steps[: self._cut(len(script.steps))]
        for command in steps:
            if not self._apply(case, rewrite(command, ids, shift), opening.centre):
                break
        self._count(case)
        return case

    def _cut(self, steps: int) -> int:
        """How many of a script's steps a case has taken: a third of them all."""
        return steps if self.random.random() < 0.4 else self.random.randint(0, steps)

    def _open(self, command: ReceiveConsultation, case_id: UUID) -> Case:
        actor = facilitator(command.centre)
        authorise_case_write(actor, command.centre)
        key = (command.centre, fiscal_year(command.occurred_on))
        numbering = self.numberings.get(key) or self._numbering(*key)
        self.numberings[key] = numbering
        return Case.receive_consultation(
            command, self._step(actor, "case"), case_id=case_id, number=numbering.issue(case_id)
        )

    def _numbering(self, centre: str, year: int) -> CaseNumbering:
        found = self.ledger.get_or_none(numbering_id(centre, year))
        return found if isinstance(found, CaseNumbering) else CaseNumbering.start(centre, year)

    def _apply(self, case: Case, command: Command, centre: str) -> bool:
        """Let the case's rule decide; False (and nothing recorded) where it refuses."""
        if isinstance(command, PresentAtMeeting):
            return False  # meetings present cases below
        actor = CHIEF if isinstance(command, CHIEFS_STEPS) else facilitator(centre)
        try:
            getattr(case, command.verb())(command, self._step(actor, "case"))
        except errors.DomainError:
            return False
        return True

    def _count(self, case: Case) -> None:
        self.summary.cases += 1
        self.centres[case.id] = case.centre
        state = case.state.value
        self.summary.states[state] = self.summary.states.get(state, 0) + 1
        if case.published:
            self.summary.published += 1
            self.published.append(case.id)
            self.recent.append(case)

    # --- meetings -------------------------------------------------------------------------

    def _meeting(self) -> list[Aggregate]:
        """A meeting that presents recent published cases and agrees a follow-up."""
        template = self.random.choice(MEETINGS)
        held_on = self.today - timedelta(days=self.random.randint(0, 60))
        opening = dataclasses.replace(template.opening, occurred_on=held_on)
        meeting = Meeting.hold_meeting(opening, self._step(MEETING_ACTOR, "meeting"))
        self.directory.meetings[meeting.id] = meeting
        presented: list[Aggregate] = [meeting]
        for case in self.recent[-4:]:
            step = self._step(CHIEF, "case")
            try:
                case.present_at_meeting(PresentAtMeeting(meeting.id, case.id), step)
            except errors.DomainError:
                continue
            presented.append(case)
        for shown in presented[1:2]:
            follow_up = self._follow_up(template.steps, meeting.id, shown.id)
            if follow_up is not None:
                meeting.agree_follow_up(follow_up, self._step(MEETING_ACTOR, "meeting"))
        self.summary.meetings += 1
        return presented

    @staticmethod
    def _follow_up(steps: tuple[Command, ...], meeting: UUID, case: UUID) -> AgreeFollowUp | None:
        found = next((s for s in steps if isinstance(s, AgreeFollowUp)), None)
        if found is None:
            return None
        return dataclasses.replace(found, meeting_id=meeting, case_id=case)

    # --- saving ---------------------------------------------------------------------------

    def _step(self, actor: Actor, kind: str) -> StepContext:
        key = (actor.user_id, kind)
        if key not in self._steps:
            ctx = self.context(actor, f"demo-generate-{kind}-{actor.user_id}")
            general = step_context(self.ledger, ctx)
            self._steps[key] = dataclasses.replace(general, directory=self.directory)
        return self._steps[key]

    def _snapshot_numberings(self) -> None:
        """The next case a centre opens loads its numbering from here, not from every
        number issued in the year."""
        if self.ledger.snapshots is not None:
            self.ledger.snapshots.put([AggregateSnapshot.take(n) for n in self.numberings.values()])

    def _save(self, aggregates: list[Aggregate]) -> None:
        if aggregates:
            self.summary.events += len(self.ledger.save(*aggregates))
