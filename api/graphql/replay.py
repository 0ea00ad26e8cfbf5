"""Replay for auditors: a case's history, a case as it stood on either time axis, the
library as it stood at the end of a day."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any, TypeVar
from uuid import UUID
from zoneinfo import ZoneInfo

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.scalars import JSON

from api.graphql.cases import CaseFacts
from api.graphql.context import Context, Info, forbidden
from api.graphql.copying import converted, copied
from api.graphql.ids import (
    BAD_USER_INPUT,
    bad_input,
    decode_id,
    decode_position,
    encode_cursor,
    node_id,
)
from api.graphql.ids import page_size as checked_page_size
from api.graphql.library import LibraryFilterInput, SuccessCaseConnection, search_library
from api.graphql.node import CaseReference, Edge, PageInfo
from api.graphql.timeline_items import RecordedBy
from api.graphql.vocabulary import PartyKind, PartyRole
from api.history import HistoryRecord
from application.permissions import may_read_history
from application.replay import AsOf, CaseAsOf, CaseReplay
from domain import errors
from graphql import GraphQLError
from projections.library.as_of import LibraryAsOf, RevisionsNotReadyError

TOKYO = ZoneInfo("Asia/Tokyo")
T = TypeVar("T")


@strawberry.type(description="One stored event of a case, as the auditor reads it.")
class HistoryEntry:
    version: int
    step: str = strawberry.field(description="The step's event class (RoundtableHeld …)")
    topic: str = strawberry.field(description="The stored topic (kyodo:Case.RoundtableHeld)")
    label: str = strawberry.field(description="The step's Japanese name")
    summary: str = strawberry.field(description="A Japanese one-line summary")
    occurred_on: date = strawberry.field(description="Business date (Asia/Tokyo), as recorded")
    recorded_at: datetime = strawberry.field(description="When the ledger recorded it")
    actor: RecordedBy
    correlation_id: str = strawberry.field(description="The request that recorded it")
    source: str = strawberry.field(description="api, cli or import")
    details: JSON = strawberry.field(description="The step's own fields, as stored")

    of = converted(
        HistoryRecord,
        actor=RecordedBy.of,
        details=lambda r: JSON(r.details),
    )


@strawberry.type(name="CaseHistoryEdge")
class CaseHistoryEdge(Edge[HistoryEntry]):
    pass


@strawberry.type(description="A page of a case's stored events, in stored (version) order.")
class CaseHistoryConnection(CaseReference):
    number: str
    total_count: int = strawberry.field(description="How many events the case has")
    edges: list[CaseHistoryEdge]
    page_info: PageInfo


@strawberry.type(name="PartyHistoryEdge")
class PartyHistoryEdge(Edge[HistoryEntry]):
    pass


@strawberry.type(
    description="A page of a party's stored events (its registration, consent, contact "
    "details kept, requests to erase and their answers, pro bono steps), in stored order"
)
class PartyHistoryConnection:
    party_id: strawberry.ID
    total_count: int = strawberry.field(description="How many events the party has")
    edges: list[PartyHistoryEdge]
    page_info: PageInfo


@strawberry.type(description="A party's place in a case, as it stood.")
class SnapshotParty:
    party_id: strawberry.ID
    name: str | None = strawberry.field(description="Its public name today (None: unknown)")
    kind: PartyKind
    role: PartyRole
    contribution: str
    active: bool


@strawberry.enum(description="The time axis a case was replayed along")
class ReplayAxis(Enum):
    VERSION = "version"
    RECORDED_AT = "recorded_at"
    OCCURRED_ON = "occurred_on"


@strawberry.type(description="A case as it stood at a version, a record time or a business date.")
class CaseSnapshot(CaseReference, CaseFacts):
    axis: ReplayAxis
    version: int = strawberry.field(description="The last stored version folded in")
    versions: list[int] = strawberry.field(description="Every stored version folded in")
    head_version: int = strawberry.field(description="The case's version today")
    has_agreement: bool
    activity_count: int
    review_count: int
    parties: list[SnapshotParty]


def _snapshot(replayed: CaseAsOf, names: Callable[[UUID], str | None]) -> CaseSnapshot:
    case = replayed.case
    parties = [
        SnapshotParty(
            party_id=node_id("Party", party_id),
            name=names(party_id),
            kind=p.ref.kind,
            role=p.role,
            contribution=p.contribution,
            active=p.active,
        )
        for party_id, p in case.participations.items()
    ]
    return copied(
        CaseSnapshot,
        case,
        case_id=node_id("Case", case.id),
        axis=ReplayAxis(replayed.axis),
        versions=list(replayed.versions),
        head_version=replayed.head,
        state=case.state,
        result=case.result,
        parties=parties,
    )


# --- resolving: ledger calls in a worker thread, refusals as clear errors -----------------


def _replay(context: Context) -> CaseReplay:
    replay: CaseReplay = context.container.replay
    return replay


async def _call(call: Callable[..., T], *args: Any) -> T:
    """A replay call in a worker thread; a malformed request becomes BAD_USER_INPUT."""
    try:
        return await run_in_threadpool(call, *args)
    except errors.ValidationError as error:
        raise _refused(error) from None


def _refused(error: errors.ValidationError) -> GraphQLError:
    """BAD_USER_INPUT naming the argument, with the refusal's own stable code as `reason`."""
    extensions = {"code": BAD_USER_INPUT, "argument": error.field, "reason": error.code}
    return GraphQLError(error.message, extensions=extensions)


def _readable_case(context: Context, id: strawberry.ID | None, number: str | None) -> UUID | None:
    """The case named by its global ID or number, if the caller may read its history."""
    replay = _replay(context)
    try:
        if id is not None:
            case_id = decode_id(id, "Case", "id")
        elif number is not None:
            case_id = replay.ledger.find_case(number)
        else:
            raise bad_input("id か number を指定してください", "id")
        opening = replay.opening(case_id)
    except errors.CaseNotFoundError:
        return None
    if not may_read_history(context.actor, opening.centre):
        raise forbidden("この案件の履歴")
    return case_id


async def _of_readable_case(
    info: Info,
    id: strawberry.ID | None,
    number: str | None,
    answer: Callable[..., T],
    *args: Any,
) -> T | None:
    """`answer(context, case_id, *args)` for the case named by its global ID or number, if
    the caller may read its history; None when there is no such case."""
    case_id = await _call(_readable_case, info.context, id, number)
    if case_id is None:
        return None
    return await _call(answer, info.context, case_id, *args)


def _history(
    context: Context,
    case_id: UUID,
    size: int,
    backwards: bool,
    after: int | None,
    before: int | None,
) -> CaseHistoryConnection:
    edges, info, total = _events_page(
        context, case_id, CaseHistoryEdge, size, backwards, after, before
    )
    number = _replay(context).opening(case_id).number
    return CaseHistoryConnection(
        case_id=node_id("Case", case_id),
        number=number,
        total_count=total,
        edges=edges,
        page_info=info,
    )


def _party_history(
    context: Context,
    party_id: UUID,
    size: int,
    backwards: bool,
    after: int | None,
    before: int | None,
) -> PartyHistoryConnection | None:
    """The party's events, if the caller may read the history of its centre's records (a
    party of no centre: those who read every history)."""
    replay = _replay(context)
    try:
        centre = replay.registration(party_id).centre
    except errors.PartyNotFoundError:
        return None
    if not may_read_history(context.actor, centre or ""):
        raise forbidden("この団体の履歴")
    edges, info, total = _events_page(
        context, party_id, PartyHistoryEdge, size, backwards, after, before
    )
    return PartyHistoryConnection(
        party_id=node_id("Party", party_id), total_count=total, edges=edges, page_info=info
    )


E = TypeVar("E", CaseHistoryEdge, PartyHistoryEdge)


def _events_page(
    context: Context,
    aggregate_id: UUID,
    edge: type[E],
    size: int,
    backwards: bool,
    after: int | None,
    before: int | None,
) -> tuple[list[E], PageInfo, int]:
    """A page of a case's or a party's events, each as the auditor reads it; with the count
    of all its events."""
    replay = _replay(context)
    page = replay.history(aggregate_id, size, after=after, before=before, backwards=backwards)
    name_of = cache(replay.public_name)
    edges = [
        edge(
            cursor=encode_cursor({"v": e.originator_version}),
            node=HistoryEntry.of(HistoryRecord.of(e, name_of)),
        )
        for e in page.events
    ]
    cursors = [e.cursor for e in edges]
    info = PageInfo(
        has_next_page=page.has_next_page,
        has_previous_page=page.has_previous_page,
        start_cursor=cursors[0] if cursors else None,
        end_cursor=cursors[-1] if cursors else None,
    )
    return edges, info, replay.head(aggregate_id)


def _as_of(context: Context, case_id: UUID, when: AsOf) -> CaseSnapshot:
    replayed = context.container.replay.as_of(case_id, when)
    return _snapshot(replayed, cache(context.container.replay.public_name))


def _as_of_request(
    version: int | None, recorded_at: datetime | None, occurred_on: date | None
) -> AsOf:
    """A record time without a zone is read as Asia/Tokyo's."""
    if recorded_at is not None and recorded_at.tzinfo is None:
        recorded_at = recorded_at.replace(tzinfo=TOKYO)
    try:
        return AsOf(version=version, recorded_at=recorded_at, occurred_on=occurred_on)
    except errors.ValidationError as error:
        raise _refused(error) from None


@strawberry.type
class ReplayQuery:
    """Query fields for replaying histories (mixed into `Query`)."""

    @strawberry.field(description="Every stored event of a case, in stored order (auditors)")
    async def case_history(
        self,
        info: Info,
        id: strawberry.ID | None = None,
        number: str | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> CaseHistoryConnection | None:
        size, backwards = checked_page_size(first, last, default=50)
        after_version = decode_position(after, "after", "v")
        before_version = decode_position(before, "before", "v")
        return await _of_readable_case(
            info, id, number, _history, size, backwards, after_version, before_version
        )

    @strawberry.field(
        description="Every stored event of a party, in stored order: auditors and chief "
        "facilitators; facilitators for the parties their centre registered. Null if there "
        "is no such party"
    )
    async def party_history(
        self,
        info: Info,
        id: strawberry.ID,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> PartyHistoryConnection | None:
        size, backwards = checked_page_size(first, last, default=50)
        after_version = decode_position(after, "after", "v")
        before_version = decode_position(before, "before", "v")
        party_id = decode_id(id, "Party", "id")
        return await _call(
            _party_history, info.context, party_id, size, backwards, after_version, before_version
        )

    @strawberry.field(
        description="A case as it stood: at a version, as known at a record time (events "
        "recorded at or before it), or as of a business date (every step dated on or before "
        "it, including steps recorded later). Give exactly one."
    )
    async def case_as_of(
        self,
        info: Info,
        id: strawberry.ID | None = None,
        number: str | None = None,
        version: int | None = None,
        recorded_at: datetime | None = None,
        occurred_on: date | None = None,
    ) -> CaseSnapshot | None:
        when = _as_of_request(version, recorded_at, occurred_on)
        return await _of_readable_case(info, id, number, _as_of, when)

    @strawberry.field(
        description="The success-case library as it stood at the end of a day (Asia/Tokyo): "
        "what had been recorded before the next day's 00:00 JST, searched and counted as "
        "successCases are"
    )
    async def library_as_of(
        self,
        info: Info,
        date: date,
        query: str = "",
        filter: LibraryFilterInput | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> SuccessCaseConnection:
        store = LibraryAsOf(info.context.container.read_store, date)
        try:
            return await search_library(info, store, query, filter, first, after, last, before)
        except RevisionsNotReadyError:
            raise GraphQLError(
                "成功事例集の過去の状態を作成しています（読み取りモデルの再構築中）。"
                "しばらくしてからもう一度お試しください",
                extensions={"code": "NOT_READY"},
            ) from None
