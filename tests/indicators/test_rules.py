"""A plan's indicators (評価指標): defined once, reported or derived, each step by a chief."""

from __future__ import annotations

import pytest

from application.ledger import Ledger
from domain import errors
from domain.indicators import (
    DerivedIndicatorError,
    IndicatorAlreadyDefinedError,
    IndicatorNotFoundError,
    PlanIndicator,
    indicator_id,
)
from tests.support import CHIEF, FACILITATOR

PLAN = "山口県県民活動促進基本計画"


def _define(ledger: Ledger, code: str = "groups", derived_from: str | None = None) -> None:
    ledger.define_indicator(
        CHIEF,
        plan=PLAN,
        code=code,
        name="県民活動団体数",
        unit="団体",
        policy="県民活動の促進",
        derived_from=derived_from,
        reason="第4次改定版の評価指標",
    )


def test_an_indicator_is_defined_once_per_plan_and_code(memory_ledger: Ledger) -> None:
    _define(memory_ledger)
    with pytest.raises(IndicatorAlreadyDefinedError):
        _define(memory_ledger)
    found = memory_ledger.get_or_none(indicator_id(PLAN, "groups"))
    assert isinstance(found, PlanIndicator)
    assert (found.name, found.unit, found.derived_from) == ("県民活動団体数", "団体", None)


def test_baseline_target_and_actuals_are_recorded_with_their_reasons(
    memory_ledger: Ledger,
) -> None:
    _define(memory_ledger)
    key = {"plan": PLAN, "code": "groups"}
    memory_ledger.set_indicator_baseline(
        CHIEF, **key, value=2445, period="2021（令和3）年度末", reason="計画策定時"
    )
    memory_ledger.set_indicator_target(CHIEF, **key, fiscal_year=2026, value=2590)
    memory_ledger.report_indicator_actual(
        CHIEF, **key, fiscal_year=2024, value=2480, source="県の団体調査"
    )
    found = memory_ledger.get_or_none(indicator_id(PLAN, "groups"))
    assert isinstance(found, PlanIndicator)
    assert (found.baseline, found.target, found.actuals) == (
        (2445.0, "2021（令和3）年度末"),
        (2026, 2590.0),
        {2024: 2480.0},
    )


def test_a_derived_indicator_takes_no_reported_actual_but_a_commentary(
    memory_ledger: Ledger,
) -> None:
    _define(memory_ledger, "matchings", derived_from="マッチング件数（参加団体）")
    key = {"plan": PLAN, "code": "matchings"}
    with pytest.raises(DerivedIndicatorError):
        memory_ledger.report_indicator_actual(
            CHIEF, **key, fiscal_year=2024, value=300, source="集計"
        )
    memory_ledger.comment_on_indicator(CHIEF, **key, fiscal_year=2024, commentary="順調")
    found = memory_ledger.get_or_none(indicator_id(PLAN, "matchings"))
    assert isinstance(found, PlanIndicator)
    assert found.derived_from == "matchings"


def test_an_unknown_indicator_or_kpi_is_refused(memory_ledger: Ledger) -> None:
    with pytest.raises(IndicatorNotFoundError):
        memory_ledger.set_indicator_target(
            CHIEF, plan=PLAN, code="nothing", fiscal_year=2026, value=1
        )
    with pytest.raises(errors.UnknownVocabularyError):
        _define(memory_ledger, "x", derived_from="満足度")
    assert memory_ledger.recorder.max_notification_id() is None


def test_a_figure_is_zero_or_more_and_a_year_a_western_year(memory_ledger: Ledger) -> None:
    _define(memory_ledger)
    key = {"plan": PLAN, "code": "groups"}
    with pytest.raises(errors.InvalidValueError):
        memory_ledger.set_indicator_target(CHIEF, **key, fiscal_year=2026, value=-1)
    with pytest.raises(errors.InvalidValueError):
        memory_ledger.set_indicator_target(CHIEF, **key, fiscal_year=8, value=10)


def test_only_a_chief_records_indicators(memory_ledger: Ledger) -> None:
    with pytest.raises(errors.NotAllowedError):
        _define_as_facilitator(memory_ledger)
    assert memory_ledger.recorder.max_notification_id() is None


def _define_as_facilitator(ledger: Ledger) -> None:
    ledger.define_indicator(FACILITATOR, plan=PLAN, code="groups", name="団体数", unit="団体")
