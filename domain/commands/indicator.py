"""Commands on a plan's indicators (評価指標, seeds 000 and 002): their definition, baseline,
target, yearly actuals and commentary. An indicator is named by its plan and its code."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from domain import rules
from domain.commands.base import SHORT_TEXT_LIMIT, Command, declare, free, plain, text
from domain.errors import InvalidValueError


def figure_check(value: Any, name: str, label: str) -> float | None:
    """A figure of an indicator: a number, zero or more (None: not known, shown as —)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise InvalidValueError(field=name, label=label, reason="0以上の数を入力してください")
    return float(value)


def year_check(value: Any, name: str, label: str) -> int:
    return rules.require_fiscal_year(value)


def short(label: str) -> Any:
    return text(label, limit=SHORT_TEXT_LIMIT)


@dataclass(frozen=True)
class IndicatorCommand(Command):
    """A step of one indicator, named by its plan and its code."""

    plan: str = short("計画名")
    code: str = short("指標の記号")


@dataclass(frozen=True)
class DefineIndicator(IndicatorCommand):
    """An indicator of a plan: reported (entered each year with its source) or derived from
    the ledger (`derived_from`: a KPI indicator, counted per fiscal year)."""

    label = "評価指標の設定"
    name: str = short("指標名")
    unit: str = short("単位")
    policy: str = free("基本方針・施策", "", limit=SHORT_TEXT_LIMIT)
    municipality: str | None = plain("市町", None, "A code or a name; none: the prefecture")
    derived_from: str | None = plain(
        "台帳から数える指標", None, "A KPI indicator (code or name); none: reported"
    )
    reason: str = free("理由", "")


@dataclass(frozen=True)
class SetIndicatorBaseline(IndicatorCommand):
    label = "基準値の設定"
    value: float | None = declare("基準値", figure_check)
    period: str = short("基準値の時点")
    reason: str = free("理由", "")


@dataclass(frozen=True)
class SetIndicatorTarget(IndicatorCommand):
    label = "目標値の設定（評価指標）"
    fiscal_year: int = declare("目標年度", year_check)
    value: float | None = declare("目標値", figure_check)
    wording: str = free("目標の表し方", "", limit=SHORT_TEXT_LIMIT)
    reason: str = free("理由", "")


@dataclass(frozen=True)
class ReportIndicatorActual(IndicatorCommand):
    label = "実績値の報告"
    fiscal_year: int = declare("年度", year_check)
    value: float | None = declare("実績値", figure_check)
    source: str = short("出典")
    commentary: str = free("所見", "")
    reason: str = free("理由", "")


@dataclass(frozen=True)
class CommentOnIndicator(IndicatorCommand):
    label = "評価指標の所見"
    fiscal_year: int = declare("年度", year_check)
    commentary: str = text("所見")


INDICATOR_COMMANDS: tuple[type[Command], ...] = (
    DefineIndicator,
    SetIndicatorBaseline,
    SetIndicatorTarget,
    ReportIndicatorActual,
    CommentOnIndicator,
)
