"""Steps for features/facilitator/presentation.feature."""

from __future__ import annotations

from uuid import UUID

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from domain.values import FollowUp
from domain.vocabulary import CENTRES, MUNICIPALITY_BY_KEY
from tests.steps.facilitator.actions import run
from tests.steps.facilitator.world import DAY, World, centre_of, day

scenarios("facilitator/presentation.feature")

MEETING = "情報共有・検討会議"


@pytest.fixture
def meetings() -> list[UUID]:
    return []


def _hold(world: World, meetings: list[UUID], on: str) -> None:
    result = world.ledger.hold_meeting(
        world.as_(MEETING),
        title="令和6年度 第3回 情報共有・検討会議",
        host_centre="pref",
        attending_centres=["山口", "下関"],
        occurred_on=day(on),
    )
    meetings.append(result.aggregate_id)


@given(parsers.re(rf"(?P<on>{DAY})に情報共有・検討会議が開かれた"))
def _held(world: World, meetings: list[UUID], on: str) -> None:
    _hold(world, meetings, on)


@when(parsers.re(rf"(?P<on>{DAY})に情報共有・検討会議を開こうとする"))
def _hold_attempt(world: World, meetings: list[UUID], on: str) -> None:
    world.attempt(lambda: _hold(world, meetings, on))


@given(parsers.re(r"会議で「(?P<title>[^」]+)」を(?P<form>共有した|共有する|共有しようとする)"))
@when(parsers.re(r"会議で「(?P<title>[^」]+)」を(?P<form>共有した|共有する|共有しようとする)"))
def _present(world: World, meetings: list[UUID], title: str, form: str) -> None:
    case_id = world.cases[title]
    run(
        world,
        form,
        lambda: world.ledger.present_at_meeting(world.as_(MEETING), meetings[-1], case_id),
    )


@when(
    parsers.re(
        r"会議で「(?P<title>[^」]+)」を(?P<municipality>[^\s「]+?)で横展開すると"
        r"(?:決める|決めようとする)"
    )
)
def _follow_up(world: World, meetings: list[UUID], title: str, municipality: str) -> None:
    follow_up = FollowUp(
        case_id=world.cases[title],
        municipality=municipality,
        owner_centre=centre_of(municipality),
        action=f"{municipality}で{title}を再現する",
    )
    world.attempt(
        lambda: world.ledger.agree_follow_up(world.as_(MEETING), meetings[-1], **vars(follow_up))
    )


@then(parsers.re(r"会議で共有した事例に「(?P<title>[^」]+)」が含まれる"))
def _presented(world: World, meetings: list[UUID], title: str) -> None:
    assert world.ledger.get_meeting(meetings[-1]).presented == [world.cases[title]]


@then(parsers.re(r"横展開の担当は「(?P<short>[^」]+)」のセンターになる"))
def _owner(world: World, meetings: list[UUID], short: str) -> None:
    assert world.error is None, world.error
    (follow_up,) = world.ledger.get_meeting(meetings[-1]).follow_ups
    owner = next(c for c in CENTRES if c.code == follow_up.owner_centre)
    assert owner.short == short
    assert follow_up.municipality == MUNICIPALITY_BY_KEY["下関市"].code
