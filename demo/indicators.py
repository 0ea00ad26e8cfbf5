"""The demo's plan indicators (評価指標): seeds 000 and 002's own figures
(`data/indicators.toml`), recorded by the chief facilitator as the plan officer."""

from __future__ import annotations

from application.ledger import Ledger
from demo.decode import command
from demo.scripts import DATA, read
from domain.values import CommandContext

INDICATORS = "indicators.toml"


def load_indicators(ledger: Ledger, officer: CommandContext) -> int:
    """Record every indicator's commands in order; return how many indicators."""
    indicators = read(DATA / INDICATORS)["indicator"]
    for indicator in indicators:
        for entry in indicator["commands"]:
            ledger.handle(officer, command(entry))
    return len(indicators)
