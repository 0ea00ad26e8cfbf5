"""Commands on the KPI tables' targets (目標値) and baselines (基準値)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from domain.commands.base import Command, plain


@dataclass(frozen=True)
class SetKpiTarget(Command):
    """A target (目標値) and a baseline (基準値) of one KPI for a fiscal year and municipality
    (None: the whole prefecture)."""

    label = "目標値の設定"
    api: ClassVar[bool] = False
    fiscal_year: int = plain("年度")
    municipality: str | None = plain("市町")
    indicator: str = plain("評価指標")
    target: float | None = plain("目標値")
    baseline: float | None = plain("基準値", None)


KPI_TARGET_COMMANDS: tuple[type[Command], ...] = (SetKpiTarget,)
