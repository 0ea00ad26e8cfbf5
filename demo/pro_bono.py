"""The demo's pro bono worker bank (`data/pro_bono.toml`): workers registered and joining the
bank, a case's need and its match, recorded after the cases they name; and the parties' own
steps of `data/party_steps.toml` (a request to erase personal data), recorded the same way."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
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


@dataclass
class PartySteps:
    """Records a demo file's party steps: each by a facilitator of the case's centre (a step
    that names a case), else of the party's home centre, its placeholders resolved."""

    ledger: Ledger
    context: Callable[[Actor, str], CommandContext]
    facilitator: ActorOf
    home_centre: Callable[[str], str]
    resolve: Resolve
    ids: dict[UUID, UUID]
    homes: dict[UUID, str] = field(default_factory=dict)
    """Each party's municipality, by its placeholder id."""

    def __post_init__(self) -> None:
        self.homes.update({P[key]: party.municipality for key, party in PARTIES.items()})

    def record(self, entries: list[Any], prefix: str) -> list[Command]:
        """Each entry's command recorded; the commands as recorded."""
        recorded: list[Command] = []
        for index, entry in enumerate(entries, start=1):
            written = command(entry)
            case_id = getattr(written, "case_id", None)
            if case_id is not None:
                centre = self.ledger.get_case(self.ids[case_id]).centre
            else:
                assert isinstance(written, PartyCommand)
                centre = self.home_centre(self.homes[written.party_id])
            step = self.resolve(written)
            context = self.context(self.facilitator(centre), f"demo-{prefix}-{index:02d}")
            self.ledger.handle(context, step)
            recorded.append(step)
        return recorded


def load_pro_bono(steps: PartySteps) -> int:
    """Record the file's parties then its steps; return how many workers joined the bank."""
    data: dict[str, Any] = read(DATA / "pro_bono.toml")
    for key, entry in data["parties"].items():
        party = command(entry)
        assert isinstance(party, RegisterParty)
        actor = steps.facilitator(steps.home_centre(party.municipality))
        context = steps.context(actor, f"demo-{key}")
        steps.ids[P[key]] = steps.ledger.handle(context, party).aggregate_id
        steps.homes[P[key]] = party.municipality
    recorded = steps.record(data["steps"]["bank"], "pro-bono")
    return sum(type(step).__name__ == "RegisterProBonoWorker" for step in recorded)


def load_party_steps(steps: PartySteps) -> int:
    """Record the parties' own steps of `party_steps.toml`; return how many."""
    data: dict[str, Any] = read(DATA / "party_steps.toml")
    return len(steps.record(data["steps"]["parties"], "party"))
