"""Commands on a plan's items (推進項目) and their status per fiscal year (seed 004)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar
from uuid import UUID

from domain.commands.base import Command, commands_in, declare, free, plain, ref, short, year
from domain.errors import InvalidValueError, UnknownVocabularyError
from domain.plan_vocabulary import FutureHandling, ImplementationStatus, handling_of, status_of

V = TypeVar("V")


def item_number_check(value: Any, name: str, label: str) -> int:
    """An item's number (NO) as the list prints it: 1 or more."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidValueError(field=name, label=label, reason="1以上の番号を入力してください")
    return value


def looked_up(find: Callable[[str], V | None]) -> Callable[[Any, str, str], V]:
    """A check that reads a value as `find` does (a status by its mark ◎○△×, code or
    label; a handling by its code or label) and refuses one it does not know."""

    def check(value: Any, name: str, label: str) -> V:
        found = find(str(value))
        if found is None:
            raise UnknownVocabularyError(field=name, value=str(value), label=label)
        return found

    return check


def number(label: str = "推進項目の番号") -> Any:
    return declare(label, item_number_check)


class RegisterPlan(Command, label="計画の登録"):
    """A plan (計画) whose items are followed year by year; its name identifies it."""

    name: str = short("計画名")
    municipality: str | None = plain("市町", None, "A code or a name; none: the prefecture")


class PlanCommand(Command, acts_on="plan_id"):
    plan_id: UUID = ref("plan", "計画")


class PlanItemCommand(PlanCommand):
    """A step of one item of the plan, named by its number."""

    number: int = number()


class AddPlanItem(PlanCommand, label="推進項目の追加"):
    number: int = number("番号")
    title: str = short("推進項目")
    policy: str = short("推進方針")
    measure: str = short("推進施策")


class RestatePlanItem(PlanItemCommand, label="推進項目の再掲"):
    """An item listed again (再掲) under another policy and measure."""

    policy: str = short("推進方針")
    measure: str = short("推進施策")


class RecordPlanItemStatus(PlanItemCommand, label="実施状況の記録"):
    fiscal_year: int = year()
    status: ImplementationStatus = declare("実施状況", looked_up(status_of))
    handling: FutureHandling = declare("今後の取扱い", looked_up(handling_of))
    merged_into: int | None = plain("統合先の推進項目", None, "With handling MERGED only")
    review_note: str = free("検証内容", "")


class LinkCaseToPlanItem(PlanItemCommand, label="案件と推進項目の結び付け"):
    """A collaboration case that carries the item out (facilitators: their own cases)."""

    case_id: UUID = ref("case", "案件")


class LinkIndicatorToPlanItem(PlanItemCommand, label="評価指標と推進項目の結び付け"):
    """An indicator (評価指標) that measures the item, by its name or code."""

    indicator: str = short("評価指標")


PLAN_COMMANDS: tuple[type[Command], ...] = commands_in(globals())
