"""A roster's import as the entrypoints run it (`importPartyRoster`, `kyodo party import`):
the directory brought up to the ledger's head first (`settle`), then compared with."""

from __future__ import annotations

from collections.abc import Callable

from api.container import Container
from application import party_import
from application.party_import import KnownParty, RosterImport
from domain.values import CommandContext
from projections.party_directory.queries import PartyDirectoryQueries


def imported(
    container: Container,
    ctx: CommandContext,
    data: bytes,
    *,
    dry_run: bool,
    settle: Callable[[], object],
) -> RosterImport:
    """Import (or with `dry_run` check) the roster in `data` for `ctx.actor`'s centre."""
    settle()
    directory = PartyDirectoryQueries(container.read_store)

    def known(municipalities: frozenset[str]) -> list[KnownParty]:
        return [KnownParty(*found) for found in directory.named_in(municipalities)]

    return party_import.import_roster(container.ledger, ctx, data, known, dry_run=dry_run)
