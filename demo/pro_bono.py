"""The demo's pro bono worker bank (`data/pro_bono.toml`): workers registered and joining the
bank, a case's need and its match, recorded after the cases they name."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from application.ledger import Ledger
from demo.decode import command
from demo.notation import P
from demo.scripts import DATA, PARTIES, read
from domain.commands import Command, PartyCommand, RegisterParty
from domain.values import Actor, CommandContext

Resolve = Callable[[Command], Command]
"""Puts the real ids in place of a command's placeholders."""
ActorOf = Callable[[str], Actor]
"""A facilitator of a centre, by the centre's code."""


def load_pro_bono(
    ledger: Ledger,
    context: Callable[[Actor, str], CommandContext],
    facilitator: ActorOf,
    home_centre: Callable[[str], str],
    resolve: Resolve,
    ids: dict[UUID, UUID],
) -> int:
    """Record the file's parties then its steps; return how many workers joined the bank."""
    data: dict[str, Any] = read(DATA / "pro_bono.toml")
    homes = {P[key]: party.municipality for key, party in PARTIES.items()}
    for key, entry in data["parties"].items():
        party = command(entry)
        assert isinstance(party, RegisterParty)
        actor = facilitator(home_centre(party.municipality))
        ids[P[key]] = ledger.handle(context(actor, f"demo-{key}"), party).aggregate_id
        homes[P[key]] = party.municipality
    joined = 0
    for index, entry in enumerate(data["steps"]["bank"], start=1):
        written = command(entry)
        case_id = getattr(written, "case_id", None)
        if case_id is not None:
            centre = ledger.get_case(ids[case_id]).centre
        else:
            assert isinstance(written, PartyCommand)
            centre = home_centre(homes[written.party_id])
        step = resolve(written)
        ledger.handle(context(facilitator(centre), f"demo-pro-bono-{index:02d}"), step)
        joined += type(step).__name__ == "RegisterProBonoWorker"
    return joined
