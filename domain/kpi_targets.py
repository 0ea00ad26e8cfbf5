"""Targets (目標値) and baselines (基準値) of the KPI tables (評価指標), per fiscal year.

One `KpiTargets` aggregate per fiscal year and municipality (None: the whole prefecture),
with a deterministic id, so that recording a target never needs a look-up. Pure: no I/O.
"""

from __future__ import annotations

from datetime import date
from uuid import NAMESPACE_URL, UUID, uuid5

from domain import rules
from domain.commands.kpi_target import CloseFiscalYear, SetKpiTarget
from domain.context import StepContext
from domain.errors import FiscalYearAlreadyClosedError, FiscalYearNotOverError, InvalidValueError
from domain.events import DatedCreation, DatedEvent, LedgerAggregate, adopts
from domain.fiscal import fiscal_year_bounds
from domain.vocabulary import KPI_INDICATOR_BY_KEY


def kpi_targets_id(fiscal_year: int, municipality: str | None) -> UUID:
    return uuid5(NAMESPACE_URL, f"kyodo:kpi-targets:{fiscal_year}:{municipality or 'all'}")


def indicator_code(key: str) -> str:
    return rules.code_in(KPI_INDICATOR_BY_KEY, key.strip(), "indicator", "評価指標")


def _figure(value: float | None, field: str, label: str) -> float | None:
    if value is not None and value < 0:
        raise InvalidValueError(field=field, label=label, reason="0以上の数を入力してください")
    return value


class KpiTargets(LedgerAggregate, topic="kyodo:KpiTargets"):
    """The targets and baselines of one fiscal year in one municipality (or the prefecture)."""

    class Event(DatedEvent):
        """A step of the targets."""

    class TargetsStarted(DatedCreation, topic="kyodo:KpiTargets.TargetsStarted"):
        """The first target of a fiscal year and municipality was recorded."""

        fiscal_year: int
        municipality: str | None

        apply = adopts("fiscal_year", "municipality")

    class KpiTargetSet(Event, topic="kyodo:KpiTargets.KpiTargetSet", command=SetKpiTarget):
        """A target (目標値) and a baseline (基準値) were recorded for one indicator."""

        fiscal_year: int
        municipality: str | None
        indicator: str
        target: float | None
        baseline: float | None

        def apply(self, targets: KpiTargets) -> None:
            targets.targets[self.indicator] = (self.target, self.baseline)

    class FiscalYearClosed(
        Event, topic="kyodo:KpiTargets.FiscalYearClosed", command=CloseFiscalYear
    ):
        """The fiscal year's figures were closed as reported (実績の確定): from here on, the
        figures as they stood are kept beside the current ones."""

        fiscal_year: int
        municipality: str | None

        apply = adopts(closed_on="occurred_on")

    @staticmethod
    def create_id(fiscal_year: int, municipality: str | None) -> UUID:
        return kpi_targets_id(fiscal_year, municipality)

    def __init__(self) -> None:
        self.targets: dict[str, tuple[float | None, float | None]] = {}
        self.closed_on: date | None = None
        # Set by TargetsStarted.apply:
        self.fiscal_year: int
        self.municipality: str | None

    @classmethod
    def start(cls, cmd: SetKpiTarget | CloseFiscalYear, ctx: StepContext) -> KpiTargets:
        """The first step of a fiscal year and municipality opens their aggregate."""
        cmd.require_storable()
        code = None if cmd.municipality in (None, "") else rules.municipality_code(cmd.municipality)
        rules.require_fiscal_year(cmd.fiscal_year)
        return cls._create(
            cls.TargetsStarted,
            id=kpi_targets_id(cmd.fiscal_year, code),
            fiscal_year=cmd.fiscal_year,
            municipality=code,
            occurred_on=ctx.today,
            meta=ctx.meta,
        )

    def close_fiscal_year(self, cmd: CloseFiscalYear, ctx: StepContext) -> None:
        end = fiscal_year_bounds(self.fiscal_year)[1]
        if self.closed_on is not None:
            raise FiscalYearAlreadyClosedError(
                year=str(self.fiscal_year), closed_on=self.closed_on.isoformat()
            )
        on = cmd.on(ctx.today)
        rules.require_not_future(on, ctx.today)
        if on <= end:
            raise FiscalYearNotOverError(year=str(self.fiscal_year), end=end.isoformat())
        self.trigger_event(
            self.FiscalYearClosed,
            fiscal_year=self.fiscal_year,
            municipality=self.municipality,
            occurred_on=on,
            meta=ctx.meta,
        )

    def set_kpi_target(self, cmd: SetKpiTarget, ctx: StepContext) -> None:
        code = indicator_code(cmd.indicator)
        if cmd.target is None and cmd.baseline is None:
            raise InvalidValueError(
                field="target", label="目標値", reason="目標値か基準値を入力してください"
            )
        self.trigger_event(
            self.KpiTargetSet,
            fiscal_year=self.fiscal_year,
            municipality=self.municipality,
            indicator=code,
            target=_figure(cmd.target, "target", "目標値"),
            baseline=_figure(cmd.baseline, "baseline", "基準値"),
            occurred_on=ctx.today,
            meta=ctx.meta,
        )
