"""Importing a plan's status list (seed 004's layout): read it whole, then record only what
the ledger does not know yet, one command at a time through `Ledger.handle`.

A file that cannot be read is refused before anything is recorded. Each command is its own
save: an import cut short is finished by importing the same file again.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from application.ledger import Ledger
from domain.plan_list import StatusListText, import_commands, parse_status_list
from domain.plans import Plan
from domain.values import CommandContext


@dataclass(frozen=True)
class PlanImport:
    """What an import recorded: how many commands of each kind, by their Japanese label."""

    plan: str
    fiscal_year: int
    rows: int
    recorded: dict[str, int]

    @property
    def nothing_new(self) -> bool:
        return not self.recorded


def import_status_list(
    ledger: Ledger,
    ctx: CommandContext,
    text: str,
    *,
    plan: str | None = None,
    municipality: str | None = None,
    fiscal_year: int | None = None,
) -> PlanImport:
    """Record the list in `text`; `plan`, `municipality` and `fiscal_year` override the
    file's own `# 計画`, `# 市町` and `# 年度` lines."""
    listed = parse_status_list(text).given(plan, municipality, fiscal_year)
    found = ledger.get_or_none(listed.plan_id) if listed.plan else None
    commands = import_commands(listed, found if isinstance(found, Plan) else None)
    for command in commands:
        ledger.handle(ctx, command)
    return _summary(listed, Counter(type(command).label for command in commands))


def _summary(listed: StatusListText, recorded: Counter[str]) -> PlanImport:
    assert listed.fiscal_year is not None
    return PlanImport(listed.plan, listed.fiscal_year, len(listed.rows), dict(recorded))
