"""Commands on a plan's items (推進項目) and their status per fiscal year (seed 004)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar
from uuid import UUID

from domain import rules
from domain.commands.base import SHORT_TEXT_LIMIT, Command, declare, free, plain, ref, text
from domain.errors import InvalidValueError, UnknownVocabularyError
from domain.plan_vocabulary import FutureHandling, ImplementationStatus, handling_of, status_of


def item_number_check(value: Any, name: str, label: str) -> int:
    """An item's number (NO) as the list prints it: 1 or more."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidValueError(field=name, label=label, reason="1以上の番号を入力してください")
    return value


def fiscal_year_check(value: Any, name: str, label: str) -> int:
    return rules.require_fiscal_year(value)


def status_check(value: Any, name: str, label: str) -> ImplementationStatus:
    """A status by its mark (◎○△×), code or label."""
    found = status_of(str(value))
    if found is None:
        raise UnknownVocabularyError(field=name, value=str(value), label=label)
    return found


def handling_check(value: Any, name: str, label: str) -> FutureHandling:
    """A handling by its code or label (完了, 継続, 廃止, 統合)."""
    found = handling_of(str(value))
    if found is None:
        raise UnknownVocabularyError(field=name, value=str(value), label=label)
    return found


def number(label: str = "推進項目の番号") -> Any:
    return declare(label, item_number_check)


def heading(label: str) -> Any:
    return text(label, limit=SHORT_TEXT_LIMIT)


@dataclass(frozen=True)
class RegisterPlan(Command):
    """A plan (計画) whose items are followed year by year; its name identifies it."""

    label = "計画の登録"
    name: str = heading("計画名")
    municipality: str | None = plain("市町", None, "A code or a name; none: the prefecture")


@dataclass(frozen=True)
class PlanCommand(Command):
    acts_on: ClassVar[str | None] = "plan_id"
    plan_id: UUID = ref("plan", "計画")


@dataclass(frozen=True)
class AddPlanItem(PlanCommand):
    label = "推進項目の追加"
    number: int = number("番号")
    title: str = heading("推進項目")
    policy: str = heading("推進方針")
    measure: str = heading("推進施策")


@dataclass(frozen=True)
class RestatePlanItem(PlanCommand):
    """An item listed again (再掲) under another policy and measure."""

    label = "推進項目の再掲"
    number: int = number()
    policy: str = heading("推進方針")
    measure: str = heading("推進施策")


@dataclass(frozen=True)
class RecordPlanItemStatus(PlanCommand):
    label = "実施状況の記録"
    number: int = number()
    fiscal_year: int = declare("年度", fiscal_year_check)
    status: ImplementationStatus = declare("実施状況", status_check)
    handling: FutureHandling = declare("今後の取扱い", handling_check)
    merged_into: int | None = plain("統合先の推進項目", None, "With handling MERGED only")
    review_note: str = free("検証内容", "")


@dataclass(frozen=True)
class LinkCaseToPlanItem(PlanCommand):
    """A collaboration case that carries the item out (facilitators: their own cases)."""

    label = "案件と推進項目の結び付け"
    number: int = number()
    case_id: UUID = ref("case", "案件")


@dataclass(frozen=True)
class LinkIndicatorToPlanItem(PlanCommand):
    """An indicator (評価指標) that measures the item, by its name or code."""

    label = "評価指標と推進項目の結び付け"
    number: int = number()
    indicator: str = heading("評価指標")


PLAN_COMMANDS: tuple[type[Command], ...] = (
    RegisterPlan,
    AddPlanItem,
    RestatePlanItem,
    RecordPlanItemStatus,
    LinkCaseToPlanItem,
    LinkIndicatorToPlanItem,
)
