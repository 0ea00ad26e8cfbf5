"""Steps for features/facilitator/parties.feature."""

from __future__ import annotations

from pytest_bdd import given, parsers, scenarios, then, when

from application.personal_data import contact_of
from domain.commands import ChangePartyFields, DeregisterParty
from domain.values import ContactDetails
from domain.vocabulary import FIELD_BY_KEY, PartyKind
from tests.steps.facilitator.actions import step_date
from tests.steps.facilitator.world import DAY, KIND_PATTERN, KINDS, World, day

scenarios("facilitator/parties.feature")


def _register(
    world: World, kind: PartyKind, name: str, person: str = "", municipality: str = "下関市"
) -> None:
    def command() -> None:
        result = world.ledger.register_party(
            world.staff,
            kind=kind,
            name=name,
            municipality=municipality,
            contact=ContactDetails(person_name=person, email="ichiro@example.jp"),
        )
        world.parties[name or person] = result.aggregate_id

    world.attempt(command)


@when("氏名のないプロボノワーカーを登録しようとする")
def _pro_bono_without_name(world: World) -> None:
    _register(world, PartyKind.PRO_BONO_WORKER, "")


@when(parsers.re(r"「(?P<person>[^」]+)」さんをプロボノワーカーとして登録する"))
def _pro_bono(world: World, person: str) -> None:
    _register(world, PartyKind.PRO_BONO_WORKER, "", person)


@given(parsers.re(r"「(?P<person>[^」]+)」さんをプロボノワーカーとして登録した"))
def _pro_bono_registered(world: World, person: str) -> None:
    _register(world, PartyKind.PRO_BONO_WORKER, "", person)
    assert world.error is None, world.error


@when(parsers.re(r"「(?P<person>[^」]+)」さんの連絡先を氏名なしに変更しようとする"))
def _contact_without_name(world: World, person: str) -> None:
    party_id = world.parties[person]
    world.attempt(
        lambda: world.ledger.change_contact_details(
            world.staff, party_id, ContactDetails(email="new@example.jp")
        )
    )


@when(
    parsers.re(
        r"「(?P<person>[^」]+)」さんを公開名「(?P<name>[^」]+)」の"
        r"プロボノワーカーとして登録しようとする"
    )
)
def _pro_bono_named(world: World, person: str, name: str) -> None:
    _register(world, PartyKind.PRO_BONO_WORKER, name, person)


@when(parsers.re(rf"名前のない(?P<kind>{KIND_PATTERN})を登録しようとする"))
def _nameless(world: World, kind: str) -> None:
    _register(world, KINDS[kind], " ")


@when(
    parsers.re(
        rf"(?P<municipality>[^\s「]+?)の(?P<kind>{KIND_PATTERN})「(?P<name>[^」]+)」を登録しようとする"
    )
)
def _elsewhere(world: World, municipality: str, kind: str, name: str) -> None:
    _register(world, KINDS[kind], name, municipality=municipality)


@when(parsers.re(r"(?P<blank>理由を書かずに)?「(?P<name>[^」]+)」の離脱を記録しようとする"))
def _withdraw(world: World, blank: str | None, name: str) -> None:
    world.attempt(
        lambda: world.ledger.withdraw_party(
            world.staff,
            world.case,
            party_id=world.parties[name],
            reason="" if blank else "担当者の異動",
            occurred_on=step_date(world, None),
        )
    )


@then(parsers.re(r"公開される名前は「(?P<name>[^」]+)」になる"))
def _public_name(world: World, name: str) -> None:
    assert world.error is None, world.error
    (party_id,) = world.parties.values()
    assert world.ledger.get_party(party_id).name == name


@then(parsers.re(r"氏名「(?P<person>[^」]+)」は連絡先にだけ記録される"))
def _person_only_in_contact(world: World, person: str) -> None:
    party = world.ledger.get_party(world.parties[person])
    contact = contact_of(world.ledger, party)
    assert contact is not None
    assert contact.person_name == person
    assert person not in party.name
    assert "".join(person.split()) not in party.name


def _deregistration(world: World, name: str, on: str | None, reason: str) -> DeregisterParty:
    return DeregisterParty(
        party_id=world.parties[name], reason=reason, occurred_on=day(on) if on else None
    )


@given(parsers.re(rf"「(?P<name>[^」]+)」の登録を(?P<on>{DAY})に抹消した"))
def _deregistered(world: World, name: str, on: str) -> None:
    world.ledger.handle(world.staff, _deregistration(world, name, on, "会員の高齢化により解散"))


@when(
    parsers.re(
        rf"(?P<blank>理由を書かずに)?「(?P<name>[^」]+)」の登録を(?:(?P<on>{DAY})に)?"
        r"抹消しようとする"
    )
)
def _deregistering(world: World, name: str, on: str | None, blank: str | None) -> None:
    left = _deregistration(world, name, on, "" if blank else "活動を休止するため")
    world.attempt(lambda: world.ledger.handle(world.staff, left))


def _fields_change(world: World, name: str, fields: str) -> ChangePartyFields:
    chosen = tuple(f for f in fields.split("、") if f)
    return ChangePartyFields(party_id=world.parties[name], fields=chosen)


@when(parsers.re(r"「(?P<name>[^」]+)」の活動分野を「(?P<fields>[^」]*)」に変更(?:しようと)?する"))
def _changing_fields(world: World, name: str, fields: str) -> None:
    change = _fields_change(world, name, fields)
    world.attempt(lambda: world.ledger.handle(world.staff, change))


@then(parsers.re(r"「(?P<name>[^」]+)」の活動分野は「(?P<fields>[^」]+)」になる"))
def _fields_now(world: World, name: str, fields: str) -> None:
    assert world.error is None, world.error
    party = world.ledger.get_party(world.parties[name])
    assert [FIELD_BY_KEY[f].ja for f in party.fields] == fields.split("、")
