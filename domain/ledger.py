"""The Ledger application: one method per command (load, decide, save), with retries.

Every command takes a `CommandContext` (actor, today's date, correlation id, source) and
returns the new version and the notification position, so that readers can wait for it.
The commands are grouped in mixins by what they change; `LedgerCore` holds what they share.
"""

from __future__ import annotations

from typing import cast

from domain.case_commands import CaseCommands
from domain.directory_commands import DirectoryCommands
from domain.ledger_core import MAX_ATTEMPTS, VALUE_TYPES, CommandResult, IndexEntry
from domain.record_commands import RecordCommands

__all__ = ["MAX_ATTEMPTS", "VALUE_TYPES", "CommandResult", "IndexEntry", "Ledger"]


class Ledger(CaseCommands, RecordCommands, DirectoryCommands):
    """The case ledger. Its `name` sets the tables and the settings prefix (`LEDGER_…`)."""

    name = "Ledger"

    @classmethod
    def for_tenant(cls, name: str) -> type[Ledger]:
        """A ledger class of its own for a tenant (a prefecture): own tables, own lock."""
        if not name.isidentifier():
            raise ValueError(f"invalid ledger name: {name!r}")
        return cast("type[Ledger]", type(f"Ledger_{name}", (cls,), {"name": name}))
