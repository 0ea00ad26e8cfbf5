"""Steps the pro bono and the suggestions scenarios share: workers, the bank, a case's need,
and the read models they read (kept in a SQLite file of the scenario's own)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
from pytest_bdd import given, parsers, when

from domain.vocabulary import PartyKind
from projections.engine import Dialect, ReadModel
from projections.engine.service import ProjectionService
from projections.engine.store import ReadStore
from tests.steps.facilitator.world import World
from tests.support import OPENED_ON

ON = OPENED_ON + timedelta(days=3)


@dataclass
class Bank:
    """What the scenario's workers offer, and the read side it reads."""

    store: ReadStore
    service: ProjectionService
    skills: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def caught_up(self) -> ReadStore:
        self.service.run_until_caught_up()
        return self.store


def read_side(world: World, tmp_path: Path, *models: ReadModel) -> Iterator[Bank]:
    store = ReadStore(Dialect.SQLITE, prefix="", sqlite_path=tmp_path / "read.sqlite3")
    ledger = world.ledger
    service = ProjectionService(store, ledger.recorder, ledger.mapper.to_domain_event, models)
    yield Bank(store, service)
    store.close()


@given(parsers.re(r"「(?P<person>[^」]+)」さんがプロボノワーカーとして登録されている"))
def _worker(world: World, person: str) -> None:
    world.register(person, PartyKind.PRO_BONO_WORKER, person=person)


@given(
    parsers.re(
        r"「(?P<name>[^」]+)」(?:さん)?を(?P<skills>「[^」]+」(?:と「[^」]+」)*)のスキルで"
        r"バンクに登録(?P<form>する|した|しようとする)"
    )
)
@when(
    parsers.re(
        r"「(?P<name>[^」]+)」(?:さん)?を(?P<skills>「[^」]+」(?:と「[^」]+」)*)のスキルで"
        r"バンクに登録(?P<form>する|した|しようとする)"
    )
)
def _join_bank(world: World, bank: Bank, name: str, skills: str, form: str) -> None:
    offered = tuple(re.findall(r"「([^」]+)」", skills))
    bank.skills[name] = offered

    def command() -> None:
        world.ledger.register_pro_bono_worker(
            world.staff,
            world.parties[name],
            skills=offered,
            municipalities=("山口市",),
            years_of_experience=10,
            hours_per_month=8,
            contact_consent=True,
            occurred_on=OPENED_ON,
        )

    if form == "した":
        command()
    else:
        world.attempt(command)


@given(parsers.re(r"案件に「(?P<skill>[^」]+)」のプロボノを(?P<hours>\d+)時間依頼した"))
def _need(world: World, skill: str, hours: str) -> None:
    world.ledger.declare_pro_bono_need(
        world.staff, world.case, skill=skill, hours=int(hours), occurred_on=ON
    )


@pytest.fixture
def bank_models() -> tuple[ReadModel, ...]:
    return ()


@pytest.fixture
def bank(world: World, tmp_path: Path, bank_models: tuple[ReadModel, ...]) -> Iterator[Bank]:
    yield from read_side(world, tmp_path, *bank_models)


def shared_steps() -> dict[str, object]:
    """The step definitions and fixtures above, for a step module's namespace (pytest-bdd
    finds steps among the fixtures of the module that runs the scenarios)."""
    names = ("bank",)
    return {k: v for k, v in globals().items() if k.startswith("pytestbdd_") or k in names}
