"""The composition root: one place that turns settings into running parts.

Nothing is built at import time; tests call `Container(settings)` with their own settings.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cached_property
from uuid import uuid4
from zoneinfo import ZoneInfo

from domain.ledger import Ledger
from domain.values import Actor, CommandContext
from domain.vocabulary import Source
from persistence.settings import Settings
from persistence.wiring import build_ledger

TOKYO = ZoneInfo("Asia/Tokyo")


def today_in_tokyo() -> date:
    return datetime.now(TOKYO).date()


class Container:
    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings.from_env()

    @cached_property
    def ledger(self) -> Ledger:
        return build_ledger(self.settings)

    def context(
        self,
        actor: Actor,
        *,
        source: Source = Source.API,
        correlation_id: str | None = None,
        today: date | None = None,
    ) -> CommandContext:
        return CommandContext(
            actor=actor,
            today=today or today_in_tokyo(),
            correlation_id=correlation_id or uuid4().hex,
            source=source,
        )

    def close(self) -> None:
        if "ledger" in self.__dict__:
            self.ledger.close()
