"""A plan's indicators (評価指標, seeds 000 and 002): what each measures, in which unit, from
which baseline to which target, and its actuals year by year with a commentary.

An indicator is either *reported* — a chief facilitator enters each year's actual with its
source (a survey, a register) — or *derived*: its actuals are counted from the ledger by a
KPI indicator (`derived_from`), per fiscal year and municipality, and only the commentary is
written. Every step records who set it and why. One aggregate per (plan, code), its id
derived from both, so that a step finds it without a look-up. Pure: no I/O.
"""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from domain import rules
from domain.commands import indicator as c
from domain.context import StepContext
from domain.errors import NotFoundError, RuleViolation
from domain.events import DatedCreation, DatedEvent, LedgerAggregate, adopts
from domain.kpi_targets import indicator_code


class IndicatorNotFoundError(NotFoundError):
    code = "indicator_not_found"
    template = "計画「{plan}」に評価指標「{code}」がありません"


class IndicatorAlreadyDefinedError(RuleViolation):
    code = "indicator_already_defined"
    template = "計画「{plan}」の評価指標「{code}」はすでに設定されています"


class DerivedIndicatorError(RuleViolation):
    code = "indicator_derived"
    template = "評価指標「{name}」の実績値は台帳から数えるため、入力できません（所見は書けます）"


def indicator_id(plan: str, code: str) -> UUID:
    """The id of the indicator `code` of the plan named `plan` (names without blanks around)."""
    return uuid5(NAMESPACE_URL, f"kyodo:indicator:{plan.strip()}:{code.strip()}")


class PlanIndicator(LedgerAggregate, topic="kyodo:PlanIndicator"):
    """One indicator of one plan."""

    class Event(DatedEvent):
        """A step of an indicator."""

    class IndicatorDefined(
        DatedCreation, topic="kyodo:PlanIndicator.IndicatorDefined", command=c.DefineIndicator
    ):
        """An indicator was set for a plan (評価指標の設定)."""

        plan: str
        code: str
        name: str
        unit: str
        policy: str
        municipality: str | None
        derived_from: str | None
        reason: str

        apply = adopts("plan", "code", "name", "unit", "policy", "municipality", "derived_from")

    class BaselineSet(
        Event, topic="kyodo:PlanIndicator.BaselineSet", command=c.SetIndicatorBaseline
    ):
        """The baseline (基準値) and when it was measured."""

        value: float | None
        period: str
        reason: str

        def apply(self, indicator: PlanIndicator) -> None:
            indicator.baseline = (self.value, self.period)

    class TargetSet(Event, topic="kyodo:PlanIndicator.TargetSet", command=c.SetIndicatorTarget):
        """The target (目標値) of a fiscal year, or its wording (増加させる)."""

        fiscal_year: int
        value: float | None
        wording: str
        reason: str

        def apply(self, indicator: PlanIndicator) -> None:
            indicator.target = (self.fiscal_year, self.value)

    class ActualReported(
        Event, topic="kyodo:PlanIndicator.ActualReported", command=c.ReportIndicatorActual
    ):
        """A reported indicator's actual (実績値) of a fiscal year, with its source."""

        fiscal_year: int
        value: float | None
        source: str
        commentary: str
        reason: str

        def apply(self, indicator: PlanIndicator) -> None:
            indicator.actuals[self.fiscal_year] = self.value

    class CommentaryWritten(
        Event, topic="kyodo:PlanIndicator.CommentaryWritten", command=c.CommentOnIndicator
    ):
        """The year's commentary on an indicator (所見)."""

        fiscal_year: int
        commentary: str

    def __init__(self) -> None:
        self.baseline: tuple[float | None, str] | None = None
        self.target: tuple[int, float | None] | None = None
        self.actuals: dict[int, float | None] = {}
        # Set by IndicatorDefined.apply:
        self.plan: str
        self.code: str
        self.name: str
        self.unit: str
        self.policy: str
        self.municipality: str | None
        self.derived_from: str | None

    @classmethod
    def define_indicator(cls, cmd: c.DefineIndicator, ctx: StepContext) -> PlanIndicator:
        fields = cmd.checked()
        town = fields["municipality"]
        derived = fields["derived_from"]
        return cls._create(
            cls.IndicatorDefined,
            id=indicator_id(fields["plan"], fields["code"]),
            plan=fields["plan"],
            code=fields["code"],
            name=fields["name"],
            unit=fields["unit"],
            policy=fields["policy"],
            municipality=None if not town else rules.municipality_code(town),
            derived_from=None if not derived else indicator_code(derived),
            reason=fields["reason"],
            occurred_on=ctx.today,
            meta=ctx.meta,
        )

    def set_indicator_baseline(self, cmd: c.SetIndicatorBaseline, ctx: StepContext) -> None:
        self._record(self.BaselineSet, cmd, ctx)

    def set_indicator_target(self, cmd: c.SetIndicatorTarget, ctx: StepContext) -> None:
        self._record(self.TargetSet, cmd, ctx)

    def report_indicator_actual(self, cmd: c.ReportIndicatorActual, ctx: StepContext) -> None:
        if self.derived_from is not None:
            raise DerivedIndicatorError(name=self.name)
        self._record(self.ActualReported, cmd, ctx)

    def comment_on_indicator(self, cmd: c.CommentOnIndicator, ctx: StepContext) -> None:
        self._record(self.CommentaryWritten, cmd, ctx)

    def _record(self, event: type[Event], cmd: c.IndicatorCommand, ctx: StepContext) -> None:
        """The step's checked fields; the plan and the code name the aggregate, not the step."""
        fields = cmd.checked(skip=("plan", "code"))
        self.trigger_event(event, **fields, occurred_on=ctx.today, meta=ctx.meta)
