"""運用状況: how kyodo itself is doing, for those who look after it — the read models'
positions and lag, the events they parked, the last whole-ledger verification — and what an
admin does about a parked event (apply it again, or leave it out), or an auditor about the
chains (verify them all now). No case data: what `kyodo projections status`, `/readyz` and
`/metrics` tell an operator at a terminal, on the page.

Auditors and admins read it (`Access.READ_SYSTEM_STATUS`); admins resolve parked events
(`Access.RESOLVE_PARKED_EVENTS`); auditors verify (`Access.VERIFY_LEDGER`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

import strawberry
from starlette.concurrency import run_in_threadpool

from api.container import Container
from api.graphql.context import Info, forbidden, read_models
from api.graphql.copying import converted, copied
from api.graphql.errors import NotFound, RuleViolation
from api.graphql.proof import CaseVerification
from api.health import assessed
from application.permissions import Access, allows, authorise
from domain.errors import NotAllowedError
from persistence.verification import chain_store, verify_ledger
from projections.engine.dead_letters import DeadLetter, NotParkedError
from projections.engine.service import ProjectionService


@strawberry.type(description="An event a read model could not take in: it went on without it.")
class ParkedEvent:
    read_model: str
    version: int = strawberry.field(description="The read model's version that parked it")
    position: int = strawberry.field(description="The event's position in the ledger's log")
    topic: str = strawberry.field(description="The stored event's type")
    error: str = strawberry.field(description="Why the read model could not take it in")
    parked_at: str
    skipped: bool = strawberry.field(description="Left out by an admin: kept for the record")

    of = converted(
        DeadLetter,
        read_model=lambda letter: letter.name,
        skipped=lambda letter: letter.state != "parked",
    )


@strawberry.type(description="One version of one read model, as its tracking row says.")
class ReadModelState:
    name: str = strawberry.field(description="Its stable name (`kyodo projections …`)")
    label: str = strawberry.field(description="What it is called on the page, in Japanese")
    version: int
    state: str = strawberry.field(description="active, building, retired or not built")
    position: int = strawberry.field(description="The last position of the log it took in")
    lag_events: int = strawberry.field(description="Positions of the log still before it")
    lag_seconds: float | None = strawberry.field(
        description="Age of the oldest event it has still to take in (0: none); null: unknown"
    )
    error: str | None = strawberry.field(description="Why it stopped, if it stopped")
    parked: int = strawberry.field(description="Events it parked and went on without")
    parked_events: list[ParkedEvent]


@strawberry.type(description="A recomputation of every hash chain of the ledger.")
class LedgerVerification:
    verified_at: datetime
    ok: bool
    chains: int = strawberry.field(description="Chains verified: cases, parties, meetings …")
    checked_events: int
    broken_chains: int
    message: str = strawberry.field(description="What was found, in Japanese")


@strawberry.type(description="How kyodo itself is doing: for auditors and admins.")
class SystemStatus:
    head: int = strawberry.field(description="The ledger's last position")
    ready: bool = strawberry.field(
        description="As `/readyz` says: no read model stopped, and all caught up since the start"
    )
    catching_up: list[str] = strawberry.field(
        description="Read models still taking in what was stored before the server started"
    )
    read_models: list[ReadModelState]
    last_verification: LedgerVerification | None = strawberry.field(
        description="The last whole-ledger verification (page, `kyodo audit verify --all`)"
    )


@strawberry.type(description="What became of a parked event an admin acted on.")
class ParkedEventHandled:
    read_model: str
    position: int
    resolved: bool = strawberry.field(
        description="Taken in (retry) or left out (skip); false: it failed again"
    )
    failed_again: list[ParkedEvent] = strawberry.field(
        description="The versions that refused it again, each with its new error"
    )
    message: str


@strawberry.type(description="A whole-ledger verification, as it ran.")
class LedgerVerified:
    verification: LedgerVerification
    broken: list[CaseVerification] = strawberry.field(
        description="Each broken chain, with the first version that breaks"
    )


ParkedEventResult = Annotated[
    ParkedEventHandled | NotFound | RuleViolation, strawberry.union("ParkedEventResult")
]
VerifyLedgerResult = Annotated[
    LedgerVerified | RuleViolation, strawberry.union("VerifyLedgerResult")
]


def _status(container: Container) -> SystemStatus:
    body, statuses = assessed(container)
    projections = read_models(container)
    letters = projections.dead_letters() if statuses else []
    labels = {m.name: m.label for m in projections.models.values()} if statuses else {}
    last = chain_store(container.ledger).last()
    return SystemStatus(
        head=int(body["database"].get("head") or 0),
        ready=bool(body["ready"]),
        catching_up=list(body["catchingUp"]),
        read_models=[
            copied(
                ReadModelState,
                s,
                label=labels.get(s.name, s.name),
                parked_events=[
                    ParkedEvent.of(d)
                    for d in letters
                    if d.name == s.name and d.version == s.version
                ],
            )
            for s in statuses
        ],
        last_verification=None if last is None else copied(LedgerVerification, last),
    )


async def _handled(
    info: Info,
    read_model: str,
    position: int,
    act: Callable[[ProjectionService, str, int], list[DeadLetter]],
    done: str,
) -> ParkedEventHandled | NotFound | RuleViolation:
    """An admin's act on a parked event; `act` answers the versions that refused it again."""
    try:
        authorise(info.context.actor, Access.RESOLVE_PARKED_EVENTS)
    except NotAllowedError as refused:
        return RuleViolation(code=refused.code, message=refused.message)
    projections = read_models(info.context.container)
    if projections is None or read_model not in projections.models:
        return NotFound(
            code="unknown_read_model", message=f"読み取りモデル「{read_model}」はありません"
        )
    try:
        letters = await run_in_threadpool(act, projections, read_model, position)
    except NotParkedError:
        return NotFound(
            code="not_parked",
            message=f"{read_model} に位置 {position} の保留中のイベントはありません",
        )
    failed = [ParkedEvent.of(d) for d in letters]
    return ParkedEventHandled(
        read_model=read_model,
        position=position,
        resolved=not failed,
        failed_again=failed,
        message=f"位置 {position} のイベントは、もう一度失敗しました"
        if failed
        else done.format(position),
    )


def _skip(projections: ProjectionService, name: str, position: int) -> list[DeadLetter]:
    """Left out: no version refuses it again."""
    projections.skip(name, position)
    return []


def _parked_mutation(
    act: Callable[[ProjectionService, str, int], list[DeadLetter]], done: str, description: str
) -> Any:
    """A mutation on one parked event (`readModel`, `position`), carried out by `act`."""

    async def resolve(info: Info, read_model: str, position: int) -> ParkedEventResult:
        return await _handled(info, read_model, position, act, done)

    return strawberry.mutation(resolver=resolve, description=description)


@strawberry.type
class SystemQuery:
    @strawberry.field(
        description="運用状況: the read models, their parked events and the last "
        "whole-ledger verification (auditors, admins)"
    )
    async def system_status(self, info: Info) -> SystemStatus:
        if not allows(info.context.actor, Access.READ_SYSTEM_STATUS):
            raise forbidden("運用状況")
        return await run_in_threadpool(_status, info.context.container)


@strawberry.type
class SystemMutation:
    retry_parked_event = _parked_mutation(
        ProjectionService.retry,
        "位置 {} のイベントを取り込みました",
        "Apply a parked event again to each version of the read model that parked it; taken "
        "in, it is parked no more (admins)",
    )
    skip_parked_event = _parked_mutation(
        _skip,
        "位置 {} のイベントを除外しました（記録は残ります）",
        "Leave a parked event out: kept for the record, counted no more (admins)",
    )

    @strawberry.mutation(
        description="Recompute every hash chain of the ledger now, and keep the result for "
        "the status and /metrics (auditors)"
    )
    async def verify_ledger(self, info: Info) -> VerifyLedgerResult:
        try:
            authorise(info.context.actor, Access.VERIFY_LEDGER)
        except NotAllowedError as refused:
            return RuleViolation(code=refused.code, message=refused.message)
        ledger = info.context.container.ledger
        result = await run_in_threadpool(lambda: verify_ledger(chain_store(ledger), record=True))
        return LedgerVerified(
            verification=copied(LedgerVerification, result.summary),
            broken=[CaseVerification.of(v) for v in result.broken],
        )
