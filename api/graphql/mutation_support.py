"""What the mutations share: the result union shape, the wait flag, the ledger."""

from __future__ import annotations

import strawberry

from api.graphql.context import Info
from api.graphql.errors import Conflict, NotFound, RuleViolation, ValidationError
from api.graphql.payloads import (
    CasePayload,
    IndicatorPayload,
    KpiYearPayload,
    MeetingPayload,
    PartyPayload,
)
from application.ledger import Ledger

CaseResult = CasePayload | RuleViolation | NotFound | Conflict | ValidationError
PartyResult = PartyPayload | RuleViolation | NotFound | Conflict | ValidationError
MeetingResult = MeetingPayload | RuleViolation | NotFound | Conflict | ValidationError
KpiYearResult = KpiYearPayload | RuleViolation | NotFound | Conflict | ValidationError
IndicatorResult = IndicatorPayload | RuleViolation | NotFound | Conflict | ValidationError

WAIT = strawberry.argument(
    description="Wait (at most a few seconds) until the read models include this write"
)


def ledger(info: Info) -> Ledger:
    return info.context.container.ledger
