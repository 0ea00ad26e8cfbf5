"""Steps shared by the facilitators' scenarios (features/facilitator/*.feature)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from pytest_bdd import given, parsers, then, when

from application.ledger import Ledger
from domain.errors import DomainError
from domain.vocabulary import PartyKind
from tests.steps.facilitator.actions import (
    BY_PHRASE,
    STEPS,
    join,
    open_case,
    prepare_consultation,
    run,
    step_date,
)
from tests.steps.facilitator.world import (
    DAY,
    KIND_PATTERN,
    KINDS,
    ROLE_PATTERN,
    STATES,
    World,
    day,
)
from tests.support import OPENED_ON

WHO = (
    r"(?:(?P<who>[^\s「]+のファシリテーター|統括協働ファシリテーター|監査人"
    r"|情報共有・検討会議|管理者)が)?"
)
WHEN = rf"(?:(?P<on>{DAY})付で)?"


@pytest.fixture
def world() -> Iterator[World]:
    ledger = Ledger(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    yield World(ledger)
    ledger.close()


# --- the case and its parties ---------------------------------------------------------------


@given(parsers.re(rf"今日は(?P<on>{DAY})だ"))
def _today(world: World, on: str) -> None:
    world.today = day(on)


@given(
    parsers.re(
        rf"(?:(?P<on>{DAY})に)?(?P<municipality>[^\s「]+?)で「(?P<title>[^」]+)」の相談を"
        r"(?P<form>受け付けた|受け付ける|受け付けようとする)"
    )
)
@when(
    parsers.re(
        rf"(?:(?P<on>{DAY})に)?(?P<municipality>[^\s「]+?)で「(?P<title>[^」]+)」の相談を"
        r"(?P<form>受け付けた|受け付ける|受け付けようとする)"
    )
)
def _consultation(world: World, on: str | None, municipality: str, title: str, form: str) -> None:
    prepare_consultation(world, municipality)
    run(world, form, lambda: open_case(world, municipality, title, day(on) if on else OPENED_ON))


@given(parsers.re(rf"(?P<kind>{KIND_PATTERN})「(?P<name>[^」]+)」が登録されている"))
def _registered(world: World, kind: str, name: str) -> None:
    world.register(name, KINDS[kind])


@given(
    parsers.re(
        rf"(?P<kind>{KIND_PATTERN})「(?P<name>[^」]+)」が(?P<role>{ROLE_PATTERN})として"
        r"(?P<form>参加した|参加する|参加しようとする)"
    )
)
@when(
    parsers.re(
        rf"(?P<kind>{KIND_PATTERN})「(?P<name>[^」]+)」が(?P<role>{ROLE_PATTERN})として"
        r"(?P<form>参加した|参加する|参加しようとする)"
    )
)
def _joined(world: World, kind: str, name: str, role: str, form: str) -> None:
    world.register(name, KINDS[kind])
    run(world, form, lambda: join(world, name, KINDS[kind], role))


@given(parsers.re(rf"プロボノワーカー「(?P<name>[^」]+)」が(?P<role>{ROLE_PATTERN})として参加した"))
def _pro_bono_joined(world: World, name: str, role: str) -> None:
    join(world, name, PartyKind.PRO_BONO_WORKER, role, person="山田 花子")


@given(parsers.re(r"「(?P<name>[^」]+)」が離脱した"))
def _withdrew(world: World, name: str) -> None:
    world.ledger.withdraw_party(
        world.staff,
        world.case,
        party_id=world.parties[name],
        reason="担当者の異動",
        occurred_on=step_date(world, None),
    )


@given(parsers.re(r"「(?P<name>[^」]+)」は事例の公開に同意していない"))
def _no_consent(world: World, name: str) -> None:
    world.ledger.change_publication_consent(world.staff, world.parties[name], consent=False)


@given(parsers.re(r"(?P<municipality>[^\s「]+?)で「(?P<title>[^」]+)」が成功として完了した"))
def _succeeded(world: World, municipality: str, title: str) -> None:
    prepare_consultation(world, municipality)
    open_case(world, municipality, title, OPENED_ON)
    join(world, "こどもの未来", PartyKind.NPO_CORPORATION, "提案者")
    join(world, "山口食品株式会社", PartyKind.BUSINESS, "場・物品の提供")
    for action in ("agree", "act", "review", "succeed"):
        STEPS[action](world, world.staff, None)


ACTION = rf"{WHO}{WHEN}(?P<action>{'|'.join(BY_PHRASE)})"


@given(parsers.re(ACTION))
@when(parsers.re(ACTION))
def _action(world: World, who: str | None, on: str | None, action: str) -> None:
    command = BY_PHRASE[action]
    ctx = world.as_(who)
    run(world, action, lambda: command(world, ctx, on))


# --- outcomes ------------------------------------------------------------------------------


@then(parsers.re(r"「(?P<message>.+)」と伝えられる"))
def _told(world: World, message: str) -> None:
    assert world.error is not None, "the step was recorded, but a refusal was expected"
    assert world.error.message == world.expected_message(message)
    assert re.fullmatch(r"[a-z]+(?:_[a-z]+)*", world.error.code), world.error.code
    assert world.error.code != DomainError.code, "a refusal needs a stable code of its own"


@then("案件の記録は増えていない")
def _case_unchanged(world: World) -> None:
    assert world.error is not None
    assert world.history_length() == world.history_before
    assert world.log_length() == world.log_before


@then("何も記録されていない")
def _nothing_recorded(world: World) -> None:
    assert world.error is not None
    assert world.log_length() == world.log_before


@then(parsers.re(r"案件の記録が(?P<count>\d+)件増える"))
def _recorded(world: World, count: str) -> None:
    assert world.error is None, world.error
    assert world.history_length() == world.history_before + int(count)


@given(parsers.re(r"案件(?:の状態)?は「(?P<state>[^」]+)」(?:になる|に戻る|のままである)"))
@then(parsers.re(r"案件(?:の状態)?は「(?P<state>[^」]+)」(?:になる|に戻る|のままである)"))
def _state(world: World, state: str) -> None:
    assert world.error is None, world.error
    assert world.ledger.get_case(world.case).state is STATES[state]


@then(parsers.re(r"案件番号は「(?P<number>[^」]+)」になる"))
def _numbered(world: World, number: str) -> None:
    assert world.error is None, world.error
    assert world.ledger.get_case(world.case).number == number


# --- what the case refuses, before anything is recorded ---------------------------------


@pytest.fixture
def refusals() -> dict[str, str]:
    """What the case refuses as it stands, by the step's label: the refusal's message."""
    return {}


@when(parsers.re(rf"{WHO}いまの案件が受け付けない手続きを確かめる"))
def _ask_refusals(world: World, refusals: dict[str, str], who: str | None) -> None:
    """As the person named (by default the case's own facilitator): the rights of the role
    and the centre count as much as the case's state."""
    refused = world.ledger.refused_steps(world.case, world.as_(who).actor)
    refusals.clear()
    refusals.update({step.label: error.message for step, error in refused})


@then(parsers.parse("「{step}」は「{message}」として受け付けられない"))
def _refused_with(refusals: dict[str, str], step: str, message: str) -> None:
    assert refusals.get(step) == message


@then(parsers.parse("「{step}」は受け付けられない"))
def _refused(refusals: dict[str, str], step: str) -> None:
    assert step in refusals


@then(parsers.parse("「{step}」は受け付けられる"))
def _admitted(refusals: dict[str, str], step: str) -> None:
    assert step not in refusals
