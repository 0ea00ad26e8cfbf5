"""A plan with a few items of seed 004, for the plan tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from application.ledger import CommandResult, Ledger
from domain.commands.plan import RecordPlanItemStatus
from domain.plan_vocabulary import FutureHandling, ImplementationStatus
from domain.values import CommandContext
from tests.support import CHIEF

PLAN = "山口市協働推進プラン"
POLICY_I = "I 参加しやすく、活動しやすい環境づくりを進めます"
MEASURE_1 = "(1) 活動(交流)拠点機能の充実"
MEASURE_3 = "(3) 資金確保支援機能の充実"
POLICY_IV = "IV 市政への参画と協働の実践を進めます"
MEASURE_IV_2 = "(2) 協働事業の推進"
YEAR = 2011


@dataclass
class PlanFixture:
    ledger: Ledger
    ctx: CommandContext = CHIEF
    plan_id: UUID | None = None

    @property
    def id(self) -> UUID:
        assert self.plan_id is not None, "register the plan first"
        return self.plan_id

    def register(self, name: str = PLAN) -> UUID:
        result = self.ledger.register_plan(self.ctx, name=name, municipality="山口市")
        self.plan_id = result.aggregate_id
        return self.plan_id

    def item(
        self, number: int, title: str, policy: str = POLICY_I, measure: str = MEASURE_1
    ) -> CommandResult:
        return self.ledger.add_plan_item(
            self.ctx, self.id, number=number, title=title, policy=policy, measure=measure
        )

    def status(
        self,
        number: int,
        status: ImplementationStatus = ImplementationStatus.ONGOING,
        handling: FutureHandling = FutureHandling.CONTINUED,
        year: int = YEAR,
        **more: Any,
    ) -> CommandResult:
        command = RecordPlanItemStatus(
            plan_id=self.id,
            number=number,
            fiscal_year=year,
            status=status,
            handling=handling,
            **more,
        )
        return self.ledger.handle(self.ctx, command)

    def seeded(self) -> PlanFixture:
        """Items 1, 2 (measure (1)) and 11, 12 (measure (3)) of seed 004."""
        self.register()
        self.item(1, "地域交流センターの設置")
        self.item(2, "市民活動の拠点機能の充実・強化")
        self.item(11, "各種助成、補助金制度の情報提供", measure=MEASURE_3)
        self.item(12, "社会貢献活動に関する情報の収集、提供", measure=MEASURE_3)
        return self
