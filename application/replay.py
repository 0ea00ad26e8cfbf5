"""Replay for auditors: a case's stored events page by page, and the case as it stood on
either time axis.

- At a version: the repository's own replay (a snapshot, then the events after it).
- As known at a moment (record time): the events recorded at or before it. The versions of
  one case are recorded in order, so they are a prefix; the record-time index (written with
  the events, `RecordTimes`) names its last version without reading any event.
- As of a business date: every step whose business date (as corrected, by every correction
  known now) is on or before the date, folded in the order they were recorded, including
  steps recorded after that date; a correction comes with the step it corrects. The index
  gives each version's business date and type, so only the corrections are read to decide;
  the case is then loaded at the longest prefix of versions kept (from a snapshot) and only
  the kept versions after it are read.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol, cast
from uuid import UUID
from zoneinfo import ZoneInfo

from application.ledger import Ledger
from domain import errors
from domain.case import Case, CaseEvent
from domain.events import Step
from domain.party import Party

TOKYO = ZoneInfo("Asia/Tokyo")


class RecordTimes(Protocol):
    """The record-time index of a store: the last version of an aggregate recorded at or
    before a moment (None: none was), and each version's stored topic and business date."""

    def version_recorded_by(self, aggregate_id: UUID, moment: datetime) -> int | None: ...

    def dated_versions(self, aggregate_id: UUID) -> list[tuple[int, str, date | None]]: ...


# --- refusals: the caller's mistakes, each with a stable code and a Japanese message ---------


class AsOfAxisError(errors.ValidationError):
    code = "as_of_axis"
    template = "版・記録日時・業務日のうち、ちょうど一つを指定してください"


class NoSuchVersionError(errors.ValidationError):
    code = "no_such_version"
    template = "第{version}版はありません（この案件は第1版から第{head}版までです）"


class NotYetRecordedError(errors.ValidationError):
    code = "not_yet_recorded"
    template = "{moment}の時点では、この案件はまだ記録されていません"


class BeforeOpeningError(errors.ValidationError):
    code = "before_opening"
    template = "{day}は、この案件の相談受付日（{opened}）より前です"


# --- results -------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryPage:
    """Events of one case (or party) in stored order, and whether more lie on either side."""

    events: tuple[Step, ...]
    has_next_page: bool
    has_previous_page: bool


@dataclass(frozen=True)
class CaseAsOf:
    """A case as it stood, and which of its stored versions made it so."""

    case: Case
    axis: str
    versions: tuple[int, ...]
    head: int


@dataclass(frozen=True)
class AsOf:
    """Exactly one of a version, a record time or a business date."""

    version: int | None = None
    recorded_at: datetime | None = None
    occurred_on: date | None = None

    def __post_init__(self) -> None:
        given = [v for v in (self.version, self.recorded_at, self.occurred_on) if v is not None]
        if len(given) != 1:
            raise AsOfAxisError(field="version")


class CaseReplay:
    """Reads a case's stored history; `times` is the store's record-time index, if any."""

    def __init__(self, ledger: Ledger, times: RecordTimes | None = None) -> None:
        self.ledger = ledger
        self.times = times

    def opening(self, case_id: UUID) -> Case.ConsultationReceived:
        """The case's first event (its centre decides who may read it)."""
        first = list(self.ledger.repository.event_store.get(case_id, limit=1))
        if not first or not isinstance(first[0], Case.ConsultationReceived):
            raise errors.CaseNotFoundError(case=str(case_id))
        return first[0]

    def registration(self, party_id: UUID) -> Party.Registered:
        """A party's first event (its centre decides who may read its history)."""
        first = list(self.ledger.repository.event_store.get(party_id, limit=1))
        if not first or not isinstance(first[0], Party.Registered):
            raise errors.PartyNotFoundError(party=str(party_id))
        return first[0]

    def public_name(self, party_id: UUID) -> str | None:
        """A party as public records name it: an organisation by its name, a natural person
        by the kind of party only (None: no such party)."""
        try:
            party = self.ledger.get_party(party_id)
        except errors.PartyNotFoundError:
            return None
        return party.kind.ja if party.kind.is_natural_person else party.name

    def head(self, case_id: UUID) -> int:
        last = list(self.ledger.repository.event_store.get(case_id, desc=True, limit=1))
        if not last:
            raise errors.CaseNotFoundError(case=str(case_id))
        return int(last[0].originator_version)

    def history(
        self,
        case_id: UUID,
        size: int,
        *,
        after: int | None = None,
        before: int | None = None,
        backwards: bool = False,
    ) -> HistoryPage:
        """`size` events of a case or a party after version `after` (or, backwards, the
        last `size` before `before`), reading one more to know whether the page has a next
        one."""
        store = self.ledger.repository.event_store
        upper = None if before is None else before - 1
        found = list(store.get(case_id, gt=after, lte=upper, desc=backwards, limit=size + 1))
        more = len(found) > size
        page = found[:size]
        if backwards:
            page.reverse()
            return HistoryPage(_steps(page), before is not None, more)
        return HistoryPage(_steps(page), more, after is not None)

    def as_of(self, case_id: UUID, when: AsOf) -> CaseAsOf:
        self.opening(case_id)
        if when.version is not None:
            return self.at_version(case_id, when.version)
        if when.recorded_at is not None:
            return self.as_known_at(case_id, when.recorded_at)
        assert when.occurred_on is not None
        return self.as_of_date(case_id, when.occurred_on)

    def at_version(self, case_id: UUID, version: int) -> CaseAsOf:
        head = self.head(case_id)
        if not 1 <= version <= head:
            raise NoSuchVersionError(field="version", version=version, head=head)
        case = self.ledger.get_case(case_id, version=version)
        return CaseAsOf(case, "version", tuple(range(1, version + 1)), head)

    def as_known_at(self, case_id: UUID, moment: datetime) -> CaseAsOf:
        """The case from the events recorded at or before `moment`."""
        head = self.head(case_id)
        if self.times is not None:
            version = self.times.version_recorded_by(case_id, moment)
        else:
            version = _last_recorded_by(self.ledger.case_history(case_id), moment)
        if version is None:
            shown = moment.astimezone(TOKYO).strftime("%Y-%m-%d %H:%M:%S")
            raise NotYetRecordedError(field="recordedAt", moment=f"{shown}（日本時間）")
        case = self.ledger.get_case(case_id, version=version)
        return CaseAsOf(case, "recorded_at", tuple(range(1, version + 1)), head)

    def as_of_date(self, case_id: UUID, day: date) -> CaseAsOf:
        """The case from every step dated on or before `day`, whenever it was recorded."""
        steps = self._dated_steps(case_id)
        if steps is None:  # no index (in memory), or one that misses versions: read them all
            events = self.ledger.case_history(case_id)
            steps = [Dated.of(e) for e in events]
        kept, opened = kept_versions(steps, day)
        if day < opened:
            raise BeforeOpeningError(
                field="occurredOn", day=day.isoformat(), opened=opened.isoformat()
            )
        prefix = _prefix(kept)
        case = self.ledger.get_case(case_id, version=prefix)
        rest: list[CaseEvent] = []
        for low, high in _runs(sorted(v for v in kept if v > prefix)):
            rest += _events(self.ledger.repository.event_store.get(case_id, gt=low - 1, lte=high))
        case, applied = fold(rest, case)
        return CaseAsOf(case, "occurred_on", (*range(1, prefix + 1), *applied), len(steps))

    def _dated_steps(self, case_id: UUID) -> list[Dated] | None:
        """Each version's business date from the index; the corrections read from the store."""
        rows = [] if self.times is None else self.times.dated_versions(case_id)
        complete = [v for v, _, on in rows if on is not None] == list(range(1, len(rows) + 1))
        if not rows or not complete:
            return None
        store = self.ledger.repository.event_store
        steps: list[Dated] = []
        for version, topic, on in rows:
            assert on is not None
            correction = None
            if topic == Case.StepCorrected.TOPIC:
                found = list(store.get(case_id, gt=version - 1, lte=version))
                correction = found[0] if isinstance(found[0], Case.StepCorrected) else None
            steps.append(Dated(version, on, correction))
        return steps


def _events(found: Iterable[Any]) -> tuple[CaseEvent, ...]:
    return tuple(cast("CaseEvent", e) for e in found)


def _steps(found: Iterable[Any]) -> tuple[Step, ...]:
    return tuple(cast("Step", e) for e in found)


def _last_recorded_by(events: Sequence[CaseEvent], moment: datetime) -> int | None:
    recorded = [e.originator_version for e in events if e.timestamp <= moment]
    return max(recorded) if recorded else None


@dataclass(frozen=True)
class Dated:
    """A version of a case, its business date as recorded, and the correction it is, if any."""

    version: int
    occurred_on: date
    correction: Case.StepCorrected | None = None

    @classmethod
    def of(cls, event: CaseEvent) -> Dated:
        correction = event if isinstance(event, Case.StepCorrected) else None
        return cls(event.originator_version, event.occurred_on, correction)


def kept_versions(steps: Sequence[Dated], day: date) -> tuple[set[int], date]:
    """The versions that had happened by `day` as corrected by every correction (a correction
    is kept when the step it corrects is), and the case's opening date as corrected."""
    dates = {s.version: s.occurred_on for s in steps}
    for step in steps:
        new_date = None if step.correction is None else step.correction.changes.get("occurred_on")
        if step.correction is not None and isinstance(new_date, date):
            dates[step.correction.corrected_version] = new_date
    kept: set[int] = set()
    for step in steps:
        if step.correction is not None:
            if step.correction.corrected_version in kept:
                kept.add(step.version)
        elif dates[step.version] <= day:
            kept.add(step.version)
    return kept, dates[1]


def dated_by(events: Sequence[CaseEvent], day: date) -> list[CaseEvent]:
    """The steps that had happened by `day` (as corrected), in recorded order."""
    kept, _ = kept_versions([Dated.of(e) for e in events], day)
    return [e for e in events if e.originator_version in kept]


def _prefix(kept: set[int]) -> int:
    """The longest run of versions 1, 2, … all kept."""
    prefix = 0
    while prefix + 1 in kept:
        prefix += 1
    return prefix


def _runs(versions: Sequence[int]) -> list[tuple[int, int]]:
    """Sorted versions as (first, last) runs of consecutive ones: one read per run."""
    runs: list[tuple[int, int]] = []
    for version in versions:
        if runs and runs[-1][1] == version - 1:
            runs[-1] = (runs[-1][0], version)
        else:
            runs.append((version, version))
    return runs


def fold(events: Sequence[CaseEvent], start: Case | None = None) -> tuple[Case, tuple[int, ...]]:
    """Apply a selection of a case's events in order to `start` (None: from nothing),
    skipping versions left out. A step that cannot stand without one left out (a withdrawal
    whose joining is dated later) is left out too; the versions applied come back."""
    case: Any = start
    applied: list[int] = []
    for event in events:
        if case is not None:
            case._version = event.originator_version - 1  # a left-out version is no gap
        try:
            case = event.mutate(case)
        except KeyError:
            continue
        applied.append(event.originator_version)
    assert isinstance(case, Case)
    return case, tuple(applied)
