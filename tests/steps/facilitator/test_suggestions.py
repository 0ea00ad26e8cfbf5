"""Steps for features/facilitator/suggestions.feature: parties and cases recorded through
the ledger, suggestions read from the suggestions read model, a suggestion proposed."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from domain.vocabulary import PartyKind, PartyRole
from projections.engine import ReadModel
from projections.suggestions.projection import SuggestionsReadModel
from projections.suggestions.queries import SuggestionQueries
from projections.suggestions.ranking import Suggestion
from tests.steps.facilitator.pro_bono_steps import ON, Bank, shared_steps
from tests.steps.facilitator.world import World

globals().update(shared_steps())
scenarios("facilitator/suggestions.feature")


@pytest.fixture
def bank_models() -> tuple[ReadModel, ...]:
    return (SuggestionsReadModel(),)


@pytest.fixture
def suggested() -> list[Suggestion]:
    return []


@given(parsers.re(r"(?P<municipality>[^\s「]+?)の団体「(?P<name>[^」]+)」が登録されている"))
def _organisation(world: World, municipality: str, name: str) -> None:
    world.register(name, PartyKind.NPO_CORPORATION, municipality=municipality)


@given(parsers.re(r"「(?P<name>[^」]+)」が案件に参加して離脱した"))
def _joined_and_left(world: World, name: str) -> None:
    party = world.parties[name]
    world.ledger.join_party(
        world.staff,
        world.case,
        party_id=party,
        role=PartyRole.PARTNER,
        contribution="",
        occurred_on=ON,
    )
    world.ledger.withdraw_party(
        world.staff,
        world.case,
        party_id=party,
        reason="人手不足",
        occurred_on=ON + timedelta(days=1),
    )


@when("提案される団体を見る")
def _look(world: World, bank: Bank, suggested: list[Suggestion]) -> None:
    queries = SuggestionQueries(bank.caught_up())
    suggested[:] = queries.suggested_partners(str(world.case), 10)


@then(parsers.re(r"(?P<place>\d+)番目は「(?P<name>[^」]+)」で、理由は(?P<reasons>(?:「[^」]+」)+)"))
def _nth(suggested: list[Suggestion], place: str, name: str, reasons: str) -> None:
    found = suggested[int(place) - 1]
    assert found.name == name
    assert found.reasons == tuple(re.findall(r"「([^」]+)」", reasons))


@then(parsers.re(r"「(?P<name>[^」]+)」は提案されない"))
def _not_suggested(suggested: list[Suggestion], name: str) -> None:
    assert name not in [s.name for s in suggested]


@when(parsers.re(r"(?P<place>\d+)番目の団体を提案する"))
def _propose(world: World, suggested: list[Suggestion], place: str) -> None:
    chosen = suggested[int(place) - 1]
    world.ledger.propose_partners(
        world.staff,
        world.case,
        party_ids=[world.parties[chosen.name]],
        rationale=chosen.rationale,
        occurred_on=ON,
    )


@then(parsers.re(r"マッチング提案の理由は「(?P<rationale>.+)」と記録される"))
def _recorded(world: World, rationale: str) -> None:
    last = world.ledger.case_history(world.case)[-1]
    assert type(last).__name__ == "PartnersProposed"
    assert last.rationale == rationale  # type: ignore[union-attr]
