"""The demo's pro bono worker bank (`data/pro_bono.toml`): workers registered and joining the
bank, a case's need and its match, recorded after the cases they name; and the parties' own
steps of `data/party_steps.toml` (a request to erase personal data), recorded the same way."""

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
    steps = record_steps(
        ledger,
        context,
        facilitator,
        home_centre,
        resolve,
        ids,
        homes,
        data["steps"]["bank"],
        "pro-bono",
    )
    return sum(type(step).__name__ == "RegisterProBonoWorker" for step in steps)


def load_party_steps(
    ledger: Ledger,
    context: Callable[[Actor, str], CommandContext],
    facilitator: ActorOf,
    home_centre: Callable[[str], str],
    resolve: Resolve,
    ids: dict[UUID, UUID],
) -> int:
    """Record the parties' own steps of `party_steps.toml`; return how many."""
    data: dict[str, Any] = read(DATA / "party_steps.toml")
    homes = {P[key]: party.municipality for key, party in PARTIES.items()}
    entries = data["steps"]["parties"]
    return len(
        record_steps(
            ledger, context, facilitator, home_centre, resolve, ids, homes, entries, "party"
        )
    )


def record_steps(
    ledger: Ledger,
    context: Callable[[Actor, str], CommandContext],
    facilitator: ActorOf,
    home_centre: Callable[[str], str],
    resolve: Resolve,
    ids: dict[UUID, UUID],
    homes: dict[UUID, str],
    entries: list[Any],
    prefix: str,
) -> list[Command]:
    """Each entry's command, recorded by a facilitator of the case's centre (a step that names
    a case), else of the party's home centre; the commands as recorded."""
    recorded: list[Command] = []
    for index, entry in enumerate(entries, start=1):
        written = command(entry)
        case_id = getattr(written, "case_id", None)
        if case_id is not None:
            centre = ledger.get_case(ids[case_id]).centre
        else:
            assert isinstance(written, PartyCommand)
            centre = home_centre(homes[written.party_id])
        step = resolve(written)
        ledger.handle(context(facilitator(centre), f"demo-{prefix}-{index:02d}"), step)
        recorded.append(step)
    return recorded
