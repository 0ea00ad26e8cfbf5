"""Commands on a plan's indicators (評価指標, seeds 000 and 002): their definition, baseline,
target, yearly actuals and commentary. An indicator is named by its plan and its code."""

from __future__ import annotations

from typing import Any

from domain.commands.base import (
    SHORT_TEXT_LIMIT,
    Command,
    commands_in,
    declare,
    free,
    plain,
    short,
    text,
    year,
)
from domain.errors import InvalidValueError


def figure_check(value: Any, name: str, label: str) -> float | None:
    """A figure of an indicator: a number, zero or more (None: not known, shown as —)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise InvalidValueError(field=name, label=label, reason="0以上の数を入力してください")
    return float(value)


def figure(label: str) -> Any:
    return declare(label, figure_check)


class IndicatorCommand(Command):
    """A step of one indicator, named by its plan and its code."""

    plan: str = short("計画名")
    code: str = short("指標の記号")


class DefineIndicator(IndicatorCommand, label="評価指標の設定"):
    """An indicator of a plan: reported (entered each year with its source) or derived from
    the ledger (`derived_from`: a KPI indicator, counted per fiscal year)."""

    name: str = short("指標名")
    unit: str = short("単位")
    policy: str = free("基本方針・施策", "", limit=SHORT_TEXT_LIMIT)
    municipality: str | None = plain("市町", None, "A code or a name; none: the prefecture")
    derived_from: str | None = plain(
        "台帳から数える指標", None, "A KPI indicator (code or name); none: reported"
    )
    reason: str = free("理由", "")


class SetIndicatorBaseline(IndicatorCommand, label="基準値の設定"):
    value: float | None = figure("基準値")
    period: str = short("基準値の時点")
    reason: str = free("理由", "")


class SetIndicatorTarget(IndicatorCommand, label="目標値の設定（評価指標）"):
    fiscal_year: int = year("目標年度")
    value: float | None = figure("目標値")
    wording: str = free("目標の表し方", "", limit=SHORT_TEXT_LIMIT)
    reason: str = free("理由", "")


class ReportIndicatorActual(IndicatorCommand, label="実績値の報告"):
    fiscal_year: int = year()
    value: float | None = figure("実績値")
    source: str = short("出典")
    commentary: str = free("所見", "")
    reason: str = free("理由", "")


class CommentOnIndicator(IndicatorCommand, label="評価指標の所見"):
    fiscal_year: int = year()
    commentary: str = text("所見")


INDICATOR_COMMANDS: tuple[type[Command], ...] = commands_in(globals())
