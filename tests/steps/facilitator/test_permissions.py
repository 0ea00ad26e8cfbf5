"""Steps for features/facilitator/permissions.feature."""

from __future__ import annotations

from pytest_bdd import parsers, scenarios, then, when

from tests.steps.facilitator.world import KIND_PATTERN, KINDS, World
from tests.support import OPENED_ON

scenarios("facilitator/permissions.feature")

WHO = r"(?P<who>[^\s「]+のファシリテーター|統括協働ファシリテーター|監査人|管理者)が"


@when(parsers.re(rf"{WHO}(?P<municipality>[^\s「]+?)の相談を受け付けようとする"))
def _consult_as(world: World, who: str, municipality: str) -> None:
    initiator = world.parties["相談者の会"]
    world.attempt(
        lambda: world.ledger.receive_consultation(
            world.as_(who),
            title="買い物支援の相談",
            issue_statement="近くに店がない",
            municipality=municipality,
            fields=["まちづくり"],
            sdgs=[11],
            centre="yamaguchi",
            initiating_party_id=initiator,
            occurred_on=OPENED_ON,
        )
    )


@when(parsers.re(rf"{WHO}(?P<kind>{KIND_PATTERN})「(?P<name>[^」]+)」を登録(?:する|しようとする)"))
def _register_as(world: World, who: str, kind: str, name: str) -> None:
    def command() -> None:
        result = world.ledger.register_party(
            world.as_(who), kind=KINDS[kind], name=name, municipality="山口市"
        )
        world.parties[name] = result.aggregate_id

    world.attempt(command)


@when(parsers.re(rf"{WHO}情報共有・検討会議の開催を記録しようとする"))
def _hold_meeting_as(world: World, who: str) -> None:
    world.attempt(
        lambda: world.ledger.hold_meeting(
            world.as_(who),
            title="第2回 情報共有・検討会議",
            host_centre="pref",
            occurred_on=OPENED_ON,
        )
    )


@then(parsers.re(r"団体「(?P<name>[^」]+)」が登録されている"))
def _registered(world: World, name: str) -> None:
    assert world.error is None, world.error
    assert world.ledger.get_party(world.parties[name]).name == name
