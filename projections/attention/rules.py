"""What needs a facilitator's attention on a given day (pure: no database, no clock).

A case needs attention, for one or more reasons, when on `as_of`:

- **idle** (記録が途絶えている): no step for N days, N per progress state (`Thresholds.idle`);
- **next_action_due** (次の行動の期日): a date written in the latest roundtable's next actions
  (`2025-05-10`, `2025/5/10`, `2025年5月10日`, `令和7年5月10日`, or `5月10日`: the first such
  day on or after the roundtable) has come, and nothing was recorded on or after it. A next
  action without a date makes no reminder of its own: the agreed period's end and the
  review after the last activity stand for it;
- **period_ending** (協働期間の終了): the agreed period ends within N days (30), or has ended,
  while the case is agreed or in progress (not yet reviewed);
- **review_due** (振り返り待ち): an activity was carried out, and N days (30) later no review
  has been recorded after it.

Closed cases never need attention.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from domain.fiscal import japanese_date
from domain.vocabulary import CaseState, Labelled

IDLE_ENV = "KYODO_ATTENTION_IDLE_DAYS"
REVIEW_ENV = "KYODO_ATTENTION_REVIEW_DAYS"
PERIOD_ENV = "KYODO_ATTENTION_PERIOD_DAYS"


class AttentionReason(Labelled):
    IDLE = "idle", "記録が途絶えている", "No step for a while"
    NEXT_ACTION_DUE = "next_action_due", "次の行動の期日", "A next action's date has come"
    PERIOD_ENDING = "period_ending", "協働期間の終了", "The agreed period ends"
    REVIEW_DUE = "review_due", "振り返り待ち", "A review is due after the last activity"


DEFAULT_IDLE_DAYS: Mapping[CaseState, int] = {
    CaseState.INTAKE: 14,
    CaseState.COORDINATING: 30,
    CaseState.AGREED: 60,
    CaseState.IN_PROGRESS: 60,
    CaseState.REVIEWING: 30,
}


def _days(raw: str, name: str) -> int:
    if not raw.strip().isdigit() or int(raw) < 1:
        raise ValueError(f"{name} must be a positive number of days (got {raw!r})")
    return int(raw)


@dataclass(frozen=True)
class Thresholds:
    """How many days make each reason (the defaults above; settings override them)."""

    idle: Mapping[CaseState, int] = field(default_factory=lambda: dict(DEFAULT_IDLE_DAYS))
    review_after: int = 30
    period_ahead: int = 30

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Thresholds:
        """`KYODO_ATTENTION_IDLE_DAYS=intake=14,coordinating=30,…` (any states),
        `KYODO_ATTENTION_REVIEW_DAYS=30`, `KYODO_ATTENTION_PERIOD_DAYS=30`."""
        idle = dict(DEFAULT_IDLE_DAYS)
        for item in filter(None, (i.strip() for i in env.get(IDLE_ENV, "").split(","))):
            state, _, days = item.partition("=")
            found = next((s for s in DEFAULT_IDLE_DAYS if s.value == state.strip()), None)
            if found is None:
                known = ", ".join(s.value for s in DEFAULT_IDLE_DAYS)
                raise ValueError(f"{IDLE_ENV}: unknown state {state.strip()!r} ({known})")
            idle[found] = _days(days, IDLE_ENV)
        review = env.get(REVIEW_ENV, "").strip()
        period = env.get(PERIOD_ENV, "").strip()
        return cls(
            idle=idle,
            review_after=_days(review, REVIEW_ENV) if review else 30,
            period_ahead=_days(period, PERIOD_ENV) if period else 30,
        )


@dataclass(frozen=True)
class CaseFacts:
    """What the read model keeps of an open case (`queries.py` reads it)."""

    case_id: str
    number: str
    title: str
    centre: str
    facilitator_id: str
    state: str
    period_end: date | None
    next_actions: str | None
    roundtable_on: date | None
    last_step_on: date
    activity_on: date | None
    review_on: date | None


@dataclass(frozen=True)
class Reason:
    """Why a case needs attention: since when (`due_on`), and a sentence in Japanese."""

    reason: AttentionReason
    due_on: date
    message: str


@dataclass(frozen=True)
class AttentionCase:
    case_id: str
    number: str
    title: str
    centre: str
    facilitator_id: str
    state: CaseState
    reasons: tuple[Reason, ...]

    @property
    def due_on(self) -> date:
        return min(r.due_on for r in self.reasons)


_ISO = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})")
_KANJI = re.compile(r"(?:(\d{4})年|令和(\d{1,2}|元)年)?(\d{1,2})月(\d{1,2})日")
_REIWA = 2018


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def action_dates(text: str, held_on: date) -> list[date]:
    """The dates written in a roundtable's next actions, in order; a month and day without a
    year is the first such day on or after the roundtable."""
    folded = unicodedata.normalize("NFKC", text)
    found = [_day(int(y), int(m), int(d)) for y, m, d in _ISO.findall(folded)]
    for year, reiwa, month, day in _KANJI.findall(folded):
        if year:
            found.append(_day(int(year), int(month), int(day)))
        elif reiwa:
            found.append(_day(_REIWA + (1 if reiwa == "元" else int(reiwa)), int(month), int(day)))
        else:
            this_year = _day(held_on.year, int(month), int(day))
            if this_year is not None and this_year < held_on:
                this_year = _day(held_on.year + 1, int(month), int(day))
            found.append(this_year)
    return sorted(d for d in found if d is not None)


def _idle(f: CaseFacts, state: CaseState, as_of: date, t: Thresholds) -> Reason | None:
    days = t.idle.get(state)
    if days is None or (as_of - f.last_step_on).days < days:
        return None
    since = (as_of - f.last_step_on).days
    message = (
        f"{state.ja}のまま{since}日、記録がありません（最後の記録 {japanese_date(f.last_step_on)}）"
    )
    return Reason(AttentionReason.IDLE, f.last_step_on + timedelta(days=days), message)


def _next_action(f: CaseFacts, as_of: date) -> Reason | None:
    if not f.next_actions or f.roundtable_on is None:
        return None
    due = [d for d in action_dates(f.next_actions, f.roundtable_on) if f.last_step_on < d]
    due = [d for d in due if d <= as_of]
    if not due:
        return None
    roundtable, day = japanese_date(f.roundtable_on), japanese_date(due[0])
    message = f"円卓会議（{roundtable}）で決めた次の行動の期日（{day}）です："
    return Reason(AttentionReason.NEXT_ACTION_DUE, due[0], message + f.next_actions.strip())


def _period(f: CaseFacts, state: CaseState, as_of: date, t: Thresholds) -> Reason | None:
    if f.period_end is None or state not in (CaseState.AGREED, CaseState.IN_PROGRESS):
        return None
    left = (f.period_end - as_of).days
    if left > t.period_ahead:
        return None
    if left >= 0:
        message = f"協働期間があと{left}日で終わります（{japanese_date(f.period_end)}）"
    else:
        message = (
            f"協働期間が終わりました（{japanese_date(f.period_end)}）。振り返りを記録しましょう"
        )
    due = f.period_end - timedelta(days=t.period_ahead)
    return Reason(AttentionReason.PERIOD_ENDING, due, message)


def _review(f: CaseFacts, as_of: date, t: Thresholds) -> Reason | None:
    if f.activity_on is None or (f.review_on is not None and f.review_on >= f.activity_on):
        return None
    since = (as_of - f.activity_on).days
    if since < t.review_after:
        return None
    message = f"活動（{japanese_date(f.activity_on)}）から{since}日、振り返りが記録されていません"
    due = f.activity_on + timedelta(days=t.review_after)
    return Reason(AttentionReason.REVIEW_DUE, due, message)


def attention(f: CaseFacts, as_of: date, t: Thresholds) -> AttentionCase | None:
    """The case with its reasons on `as_of`, or None when it needs no attention."""
    state = CaseState(f.state)
    found = (
        _idle(f, state, as_of, t),
        _next_action(f, as_of),
        _period(f, state, as_of, t),
        _review(f, as_of, t),
    )
    reasons = tuple(r for r in found if r is not None)
    if not reasons:
        return None
    return AttentionCase(f.case_id, f.number, f.title, f.centre, f.facilitator_id, state, reasons)
