"""Steps for features/facilitator/pro_bono.feature: the bank recorded through the ledger,
its figures read from the pro bono read model."""

from __future__ import annotations

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from projections.engine import ReadModel
from projections.pro_bono.projection import ProBonoBankReadModel
from projections.pro_bono.queries import ProBonoQueries, WorkerFilter
from tests.steps.facilitator.pro_bono_steps import ON, Bank, shared_steps
from tests.steps.facilitator.world import World

globals().update(shared_steps())
scenarios("facilitator/pro_bono.feature")

FORMS = r"(?P<form>する|した|しようとする|る|ようとする)"


@pytest.fixture
def bank_models() -> tuple[ReadModel, ...]:
    return (ProBonoBankReadModel(),)


def _do(world: World, form: str, command: object) -> None:
    assert callable(command)
    if form == "した":
        command()
    else:
        world.attempt(command)


@when(parsers.re(r"「(?P<name>[^」]+)」さんがバンクを退会する"))
def _leave(world: World, name: str) -> None:
    world.ledger.leave_pro_bono_bank(world.staff, world.parties[name], occurred_on=ON)


@given(parsers.re(r"「(?P<name>[^」]+)」さんが活動を休止した"))
def _pause(world: World, name: str) -> None:
    world.ledger.pause_pro_bono_work(world.staff, world.parties[name], occurred_on=ON)


@given(parsers.re(rf"「(?P<name>[^」]+)」さんを案件に提案{FORMS}"))
@when(parsers.re(rf"「(?P<name>[^」]+)」さんを案件に提案{FORMS}"))
def _propose(world: World, bank: Bank, name: str, form: str) -> None:
    skill = bank.skills[name][0]
    _do(
        world,
        form,
        lambda: world.ledger.propose_pro_bono_match(
            world.staff,
            world.parties[name],
            case_id=world.case,
            skill=skill,
            hours=20,
            occurred_on=ON,
        ),
    )


@when(parsers.re(r"「(?P<name>[^」]+)」さんが提案を承諾する"))
def _accept(world: World, name: str) -> None:
    world.ledger.accept_pro_bono_match(
        world.staff, world.parties[name], case_id=world.case, occurred_on=ON
    )


@when(parsers.re(rf"「(?P<name>[^」]+)」さんが(?P<hours>\d+)時間の活動を終え{FORMS}"))
def _complete(world: World, name: str, hours: str, form: str) -> None:
    _do(
        world,
        form,
        lambda: world.ledger.complete_pro_bono_match(
            world.staff,
            world.parties[name],
            case_id=world.case,
            hours_given=int(hours),
            occurred_on=ON,
        ),
    )


@then(parsers.re(r"バンクの登録者数（累計）は(?P<total>\d+)人、活動中は(?P<active>\d+)人になる"))
def _figures(bank: Bank, total: str, active: str) -> None:
    figures = ProBonoQueries(bank.caught_up()).figures()
    assert (figures.registered_total, figures.active_total) == (int(total), int(active))


@then(parsers.re(r"「(?P<skill>[^」]+)」で探すと「(?P<name>[^」]+)」さんが見つかる"))
def _found(world: World, bank: Bank, skill: str, name: str) -> None:
    from domain.pro_bono_vocabulary import skill_code

    found = ProBonoQueries(bank.caught_up()).workers(WorkerFilter(skill=skill_code(skill)))
    assert [w.party_id for w in found] == [str(world.parties[name])]


@then(parsers.re(r"案件のプロボノは「完了」で、活動した時間は(?P<hours>\d+)時間になる"))
def _completed(world: World, bank: Bank, hours: str) -> None:
    [match] = ProBonoQueries(bank.caught_up()).matches(case_id=str(world.case))
    assert (match.status, match.hours_given) == ("completed", int(hours))
