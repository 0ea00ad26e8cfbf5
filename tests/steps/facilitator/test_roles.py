"""Steps for features/facilitator/roles.feature."""

from __future__ import annotations

from datetime import timedelta

from pytest_bdd import given, parsers, scenarios, then, when

from domain.commands import ChangePartyFields
from domain.values import Actor, CommandContext
from domain.vocabulary import ActorRole, Source
from tests.steps.facilitator.world import KIND_PATTERN, KINDS, World
from tests.support import OPENED_ON

scenarios("facilitator/roles.feature")

PEOPLE = "統括協働ファシリテーター|情報共有・検討会議|監査人|管理者"
WHO = rf"(?P<who>[^\s「]+のファシリテーター|{PEOPLE})が"


def register(world: World, ctx: CommandContext, kind: str, name: str) -> None:
    result = world.ledger.register_party(
        ctx,
        kind=KINDS[kind],
        name=name,
        municipality="山口市",
        fields=["まちづくり"],
        publication_consent=True,
        occurred_on=OPENED_ON - timedelta(days=60),
    )
    world.parties[name] = result.aggregate_id


@given(parsers.re(rf"{WHO}(?P<kind>{KIND_PATTERN})「(?P<name>[^」]+)」を登録した"))
def _registered(world: World, who: str, kind: str, name: str) -> None:
    register(world, world.as_(who), kind, name)


@when(parsers.re(rf"{WHO}(?P<kind>{KIND_PATTERN})「(?P<name>[^」]+)」を登録しようとする"))
def _register_as(world: World, who: str, kind: str, name: str) -> None:
    world.attempt(lambda: register(world, world.as_(who), kind, name))


@given(
    parsers.re(rf"登録したセンターの記録がない(?P<kind>{KIND_PATTERN})「(?P<name>[^」]+)」がある")
)
def _prefecture_wide(world: World, kind: str, name: str) -> None:
    """As an import (or a store written before parties recorded their centre) leaves it."""
    importer = CommandContext(
        Actor("import", ActorRole.SYSTEM), world.today, "import", Source.IMPORT
    )
    register(world, importer, kind, name)


@when(parsers.re(rf"{WHO}「(?P<name>[^」]+)」の公開への同意を取り消(?:す|そうとする)"))
def _withdraw_consent(world: World, who: str, name: str) -> None:
    ctx = world.as_(who)
    world.attempt(
        lambda: world.ledger.change_publication_consent(ctx, world.parties[name], consent=False)
    )


@when(parsers.re(rf"{WHO}「(?P<name>[^」]+)」の活動分野を「(?P<field>[^」]+)」に変えようとする"))
def _change_fields(world: World, who: str, name: str, field: str) -> None:
    change = ChangePartyFields(party_id=world.parties[name], fields=(field,))
    ctx = world.as_(who)
    world.attempt(lambda: world.ledger.handle(ctx, change))


@when(parsers.re(rf"{WHO}(?P<year>\d{{4}})年度の目標値を設定しようとする"))
def _set_target(world: World, who: str, year: str) -> None:
    ctx = world.as_(who)
    world.attempt(
        lambda: world.ledger.set_kpi_target(
            ctx, fiscal_year=int(year), municipality=None, indicator="cases_opened", target=10.0
        )
    )


@then(parsers.re(r"「(?P<name>[^」]+)」は事例の公開に同意していないと記録されている"))
def _no_consent(world: World, name: str) -> None:
    assert world.error is None, world.error
    assert world.ledger.get_party(world.parties[name]).publication_consent is False
