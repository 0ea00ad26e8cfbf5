"""What needs attention on a day, decided from a case's facts (pure)."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

from domain.vocabulary import CaseState
from projections.attention.rules import (
    AttentionReason,
    CaseFacts,
    Thresholds,
    action_dates,
    attention,
)

AS_OF = date(2025, 3, 10)
FACTS = CaseFacts(
    case_id="c1",
    number="山口-2024-001",
    title="子ども食堂の立ち上げ",
    centre="yamaguchi",
    facilitator_id="fac-yamaguchi-01",
    state="intake",
    period_end=None,
    next_actions=None,
    roundtable_on=None,
    last_step_on=AS_OF,
    activity_on=None,
    review_on=None,
)


def facts(**changes: object) -> CaseFacts:
    return dataclasses.replace(FACTS, **changes)  # type: ignore[arg-type]


def reasons(f: CaseFacts, t: Thresholds | None = None) -> list[AttentionReason]:
    found = attention(f, AS_OF, t or Thresholds())
    return [] if found is None else [r.reason for r in found.reasons]


def test_a_case_with_a_step_today_needs_nothing() -> None:
    assert attention(FACTS, AS_OF, Thresholds()) is None


@pytest.mark.parametrize(
    ("state", "days"),
    [("intake", 14), ("coordinating", 30), ("agreed", 60), ("in_progress", 60), ("reviewing", 30)],
)
def test_a_case_idle_for_its_state_s_days_needs_attention(state: str, days: int) -> None:
    assert reasons(facts(state=state, last_step_on=AS_OF - timedelta(days=days))) == [
        AttentionReason.IDLE
    ]
    assert reasons(facts(state=state, last_step_on=AS_OF - timedelta(days=days - 1))) == []


def test_the_idle_days_are_configurable_per_state() -> None:
    t = Thresholds.from_env({"KYODO_ATTENTION_IDLE_DAYS": "intake=3"})

    assert t.idle[CaseState.INTAKE] == 3
    assert t.idle[CaseState.COORDINATING] == 30
    assert reasons(facts(last_step_on=date(2025, 3, 7)), t) == [AttentionReason.IDLE]


@pytest.mark.parametrize(
    "env",
    [
        {"KYODO_ATTENTION_IDLE_DAYS": "closed=3"},
        {"KYODO_ATTENTION_IDLE_DAYS": "intake=0"},
        {"KYODO_ATTENTION_REVIEW_DAYS": "soon"},
    ],
)
def test_an_unreadable_setting_is_refused(env: dict[str, str]) -> None:
    with pytest.raises(ValueError, match="KYODO_ATTENTION"):
        Thresholds.from_env(env)


def test_the_idle_message_names_the_state_and_the_last_step() -> None:
    found = attention(facts(last_step_on=date(2025, 2, 10)), AS_OF, Thresholds())

    assert found is not None
    message = "相談受付のまま28日、記録がありません（最後の記録 2025年2月10日）"
    assert found.reasons[0].message == message
    assert found.reasons[0].due_on == date(2025, 2, 24)


def test_dates_are_read_from_next_actions_in_the_ways_people_write_them() -> None:
    held = date(2024, 11, 20)
    text = "2025-01-15 会場予約、２０２５年２月１日 チラシ、令和7年3月3日 報告、12月5日 打合せ"

    assert action_dates(text, held) == [
        date(2024, 12, 5),
        date(2025, 1, 15),
        date(2025, 2, 1),
        date(2025, 3, 3),
    ]


def test_a_month_and_day_before_the_roundtable_is_next_year_s() -> None:
    assert action_dates("3月1日までに申請", date(2024, 11, 20)) == [date(2025, 3, 1)]
    assert action_dates("2月30日に", date(2024, 11, 20)) == []


def test_a_next_action_whose_date_has_come_needs_attention_until_a_later_step() -> None:
    held = facts(
        state="coordinating",
        next_actions="3月5日までに会場を予約する",
        roundtable_on=date(2025, 2, 20),
        last_step_on=date(2025, 2, 20),
    )

    found = attention(held, AS_OF, Thresholds())
    assert found is not None
    [reason] = found.reasons
    assert reason.reason is AttentionReason.NEXT_ACTION_DUE
    assert reason.due_on == date(2025, 3, 5)
    assert "3月5日までに会場を予約する" in reason.message
    assert reasons(dataclasses.replace(held, last_step_on=date(2025, 3, 5))) == []


def test_a_next_action_without_a_date_makes_no_reminder_of_its_own() -> None:
    held = facts(next_actions="会場を探す", roundtable_on=AS_OF, last_step_on=AS_OF)

    assert reasons(held) == []


def test_an_agreed_period_ending_within_30_days_needs_attention() -> None:
    agreed = facts(state="in_progress", period_end=date(2025, 4, 9))

    assert reasons(agreed) == [AttentionReason.PERIOD_ENDING]
    assert reasons(facts(state="in_progress", period_end=date(2025, 4, 10))) == []
    assert reasons(facts(state="reviewing", period_end=date(2025, 3, 20))) == []


def test_an_ended_period_without_review_still_needs_attention() -> None:
    found = attention(facts(state="agreed", period_end=date(2025, 3, 1)), AS_OF, Thresholds())

    assert found is not None
    message = "協働期間が終わりました（2025年3月1日）。振り返りを記録しましょう"
    assert found.reasons[0].message == message


def test_a_review_is_due_30_days_after_an_activity_without_one() -> None:
    acted = facts(state="in_progress", activity_on=date(2025, 2, 8), last_step_on=AS_OF)

    assert reasons(acted) == [AttentionReason.REVIEW_DUE]
    assert reasons(dataclasses.replace(acted, activity_on=date(2025, 2, 9))) == []
    assert reasons(dataclasses.replace(acted, review_on=date(2025, 2, 8))) == []
    assert reasons(dataclasses.replace(acted, review_on=date(2025, 1, 8))) == [
        AttentionReason.REVIEW_DUE
    ]


def test_a_case_can_need_attention_for_several_reasons_at_once() -> None:
    quiet = facts(
        state="in_progress",
        last_step_on=date(2024, 12, 1),
        activity_on=date(2024, 12, 1),
        period_end=date(2025, 3, 31),
    )

    assert reasons(quiet) == [
        AttentionReason.IDLE,
        AttentionReason.PERIOD_ENDING,
        AttentionReason.REVIEW_DUE,
    ]
