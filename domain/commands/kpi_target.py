"""Commands on the KPI tables' targets (目標値) and baselines (基準値)."""

from __future__ import annotations

from datetime import date

from domain.commands.base import Command, business_date, commands_in, plain


class SetKpiTarget(Command, label="目標値の設定"):
    """A target (目標値) and a baseline (基準値) of one KPI for a fiscal year and municipality
    (None: the whole prefecture)."""

    fiscal_year: int = plain("年度")
    municipality: str | None = plain("市町")
    indicator: str = plain("評価指標")
    target: float | None = plain("目標値")
    baseline: float | None = plain("基準値", None)


class CloseFiscalYear(Command, label="年度の実績の確定"):
    """Close a finished fiscal year's KPI figures as reported (to the assembly, in 行政評価),
    for a municipality or the whole prefecture (None). Later corrections still change the
    current figures; the reported ones are kept beside them."""

    fiscal_year: int = plain("年度")
    municipality: str | None = plain("市町", None)
    occurred_on: date | None = business_date(optional=True)


KPI_TARGET_COMMANDS: tuple[type[Command], ...] = commands_in(globals())
