"""Steps for features/facilitator/consultation.feature."""

from __future__ import annotations

from pytest_bdd import parsers, scenarios, then, when

from domain.errors import ValidationError
from tests.steps.facilitator.actions import open_case, prepare_consultation
from tests.steps.facilitator.world import World
from tests.support import OPENED_ON

scenarios("facilitator/consultation.feature")

FIELD_NAMES = {
    "市町": "municipality",
    "活動分野": "fields",
    "SDGsの目標": "sdgs",
    "支援センター": "centre",
    "案件名": "title",
    "地域課題": "issueStatement",
}


def _consult(world: World, municipality: str, **changes: object) -> None:
    prepare_consultation(world, municipality)
    world.attempt(
        lambda: open_case(world, municipality, "地域の居場所づくり", OPENED_ON, **changes)
    )


@when(
    parsers.re(
        r"活動分野を「(?P<field>[^」]+)」として(?P<municipality>\S+?)で相談を受け付けようとする"
    )
)
def _unknown_field(world: World, field: str, municipality: str) -> None:
    _consult(world, municipality, fields=[field])


@when(
    parsers.re(
        r"SDGsの目標を(?P<number>\d+)番として(?P<municipality>\S+?)で相談を受け付けようとする"
    )
)
def _unknown_sdg(world: World, number: str, municipality: str) -> None:
    _consult(world, municipality, sdgs=[int(number)])


@when(
    parsers.re(
        r"支援センターを「(?P<centre>[^」]+)」として(?P<municipality>\S+?)で相談を受け付けようとする"
    )
)
def _unknown_centre(world: World, centre: str, municipality: str) -> None:
    _consult(world, municipality, centre=centre)


@when(parsers.re(r"案件名を空のまま(?P<municipality>\S+?)で相談を受け付けようとする"))
def _no_title(world: World, municipality: str) -> None:
    prepare_consultation(world, municipality)
    world.attempt(lambda: open_case(world, municipality, "  ", OPENED_ON))


@when(parsers.re(r"地域課題を空のまま(?P<municipality>\S+?)で相談を受け付けようとする"))
def _no_issue(world: World, municipality: str) -> None:
    _consult(world, municipality, issue_statement="")


@when(
    parsers.re(
        r"(?P<municipality>\S+?)で「(?P<title>[^」]+)」を手本にした相談を"
        r"(?P<form>受け付ける|受け付けようとする)"
    )
)
def _replicating(world: World, municipality: str, title: str) -> None:
    original = world.cases[title]
    prepare_consultation(world, municipality)
    world.attempt(
        lambda: open_case(
            world, municipality, f"{municipality}でも{title}", world.today, replicates=original
        )
    )


@then(parsers.re(r"項目「(?P<label>[^」]+)」が示される"))
def _field_named(world: World, label: str) -> None:
    assert isinstance(world.error, ValidationError)
    assert world.error.field == FIELD_NAMES[label]


@then(parsers.re(r"新しい案件は「(?P<title>[^」]+)」の横展開として記録される"))
def _replicates(world: World, title: str) -> None:
    assert world.error is None, world.error
    assert world.ledger.get_case(world.case).replicates == world.cases[title]
