"""Steps for features/facilitator/correction.feature."""

from __future__ import annotations

import re
from typing import Any

from pytest_bdd import parsers, scenarios, then, when

from domain.case import STEP_LABELS, Case
from tests.steps.facilitator.world import DAY, World, day

scenarios("facilitator/correction.feature")

FIELDS = {
    "案件名": "title",
    "市町": "municipality",
    "日付": "occurred_on",
    "ボランティア数": "volunteers",
    "役割": "role",
    "団体": "party",
}
STEP_NAMES = {label: name for name, label in STEP_LABELS.items()}
REASON = r"(?:理由「(?P<reason>[^」]*)」で|(?P<unexplained>理由を書かずに))、"
TARGET = r"(?P<target>第\d+版の記録|[^、]+?)"


def _version(world: World, target: str) -> int:
    numbered = re.fullmatch(r"第(\d+)版の記録", target)
    if numbered:
        return int(numbered[1])
    step = STEP_NAMES[target]
    return next(
        e.originator_version
        for e in world.ledger.case_history(world.case)
        if type(e).__name__ == step
    )


def _value(text: str) -> Any:
    if re.fullmatch(DAY, text):
        return day(text)
    if text.isdigit():
        return int(text)
    return text


def _correct(world: World, reason: str | None, target: str, changes: dict[str, Any]) -> None:
    version = _version(world, target)
    world.attempt(
        lambda: world.ledger.correct_step(
            world.staff,
            world.case,
            corrected_version=version,
            changes=changes,
            reason=reason or "",
        )
    )


@when(
    parsers.re(
        rf"{REASON}{TARGET}の(?P<field>案件名|市町|日付|ボランティア数|役割|団体)を「(?P<value>[^」]*)」に"
        r"訂正(?:する|しようとする)"
    )
)
def _correct_field(world: World, reason: str | None, target: str, field: str, value: str) -> None:
    _correct(world, reason, target, {FIELDS[field]: _value(value)})


@when(parsers.re(rf"{REASON}{TARGET}を何も変えずに訂正しようとする"))
def _correct_nothing(world: World, reason: str | None, target: str) -> None:
    _correct(world, reason, target, {})


@then(
    parsers.re(r"(?P<step>[^\s]+?)の記録は(?P<field>案件名)「(?P<value>[^」]+)」のまま残っている")
)
def _original_kept(world: World, step: str, field: str, value: str) -> None:
    original = world.ledger.case_history(world.case)[_version(world, step) - 1]
    assert type(original).__name__ == STEP_NAMES[step]
    assert getattr(original, FIELDS[field]) == value


@then(parsers.re(r"訂正の記録には(?P<field>案件名)「(?P<value>[^」]+)」が残る"))
def _correction_kept(world: World, field: str, value: str) -> None:
    correction = world.ledger.case_history(world.case)[-1]
    assert isinstance(correction, Case.StepCorrected)
    assert correction.changes == {FIELDS[field]: value}


@then(parsers.re(r"「(?P<step>[^」]+)」には訂正できる項目「(?P<field>[^」]+)」がないと伝えられる"))
def _no_such_field(world: World, step: str, field: str) -> None:
    assert world.error is not None
    assert world.error.message == f"「{step}」には訂正できる項目「{FIELDS[field]}」がありません"
