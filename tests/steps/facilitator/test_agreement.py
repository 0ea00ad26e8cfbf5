"""Steps for features/facilitator/agreement.feature."""

from __future__ import annotations

from pytest_bdd import parsers, scenarios, when

from domain.values import RoleAssignment
from domain.vocabulary import PartyRole
from tests.steps.facilitator.actions import agree_with
from tests.steps.facilitator.world import World

scenarios("facilitator/agreement.feature")


@when(parsers.re(r"「(?P<name>[^」]+)」の役割だけで合意を記録しようとする"))
def _agree_with_one_role(world: World, name: str) -> None:
    roles = [RoleAssignment(world.parties[name], PartyRole.PROPOSER)]
    world.attempt(lambda: agree_with(world, world.staff, None, roles))


@when(parsers.re(r"「(?P<name>[^」]+)」にも役割を割り当てて合意を記録しようとする"))
def _agree_with_a_former_party(world: World, name: str) -> None:
    case = world.ledger.get_case(world.case)
    roles = [RoleAssignment(ref.party_id, PartyRole.PARTNER) for ref in case.active_parties]
    roles.append(RoleAssignment(world.parties[name], PartyRole.FUNDER))
    world.attempt(lambda: agree_with(world, world.staff, None, roles))
