"""The attention list (要対応リスト) as GraphQL: the open cases of the caller's centre that
need attention on a day, each with its reasons in Japanese. Facilitators and chief
facilitators read their own centre's (`application.permissions.attention_centres`)."""

from __future__ import annotations

import os
from datetime import date

import strawberry

from api.container import today_in_tokyo
from api.graphql.context import Context, Info, forbidden
from api.graphql.copying import converted
from api.graphql.ids import node_id
from api.graphql.node import CaseReference
from api.graphql.reading import cached, read
from api.graphql.vocabulary import CaseState
from application.permissions import attention_centres
from projections.attention.queries import AttentionFilter, AttentionQueries
from projections.attention.rules import AttentionCase, AttentionReason, Reason, Thresholds

strawberry.enum(AttentionReason, description="Why a case needs attention")


@strawberry.type(description="One reason a case needs attention, since when, in Japanese.")
class AttentionNote:
    reason: AttentionReason
    label: str = strawberry.field(description="The reason's name in Japanese")
    due_on: date = strawberry.field(description="Since when the case needs it")
    message: str

    @classmethod
    def of(cls, r: Reason) -> AttentionNote:
        return cls(reason=r.reason, label=r.reason.ja, due_on=r.due_on, message=r.message)


@strawberry.type(description="An open case that needs its facilitator's attention.")
class AttentionItem(CaseReference):
    number: str
    title: str
    centre: str
    facilitator_id: str
    state: CaseState
    due_on: date = strawberry.field(description="The earliest of its reasons' dates")
    reasons: list[AttentionNote]

    of = converted(
        AttentionCase,
        case_id=lambda a: node_id("Case", a.case_id),
        state=lambda a: CaseState(a.state.value),
        reasons=lambda a: [AttentionNote.of(r) for r in a.reasons],
    )


def attention_queries(context: Context) -> AttentionQueries:
    return cached(context, "attention", lambda: AttentionQueries(context.container.read_store))


def _list(context: Context, as_of: date, where: AttentionFilter) -> list[AttentionCase]:
    thresholds = Thresholds.from_env(os.environ)
    return attention_queries(context).attention_list(as_of, thresholds, where)


@strawberry.type
class AttentionQuery:
    @strawberry.field(
        description="要対応リスト: the open cases of the caller's centre that need attention "
        "on asOf (default: today in Asia/Tokyo), the longest due first; facilitatorId "
        "narrows it to one facilitator's cases"
    )
    async def attention_list(
        self, info: Info, facilitator_id: str | None = None, as_of: date | None = None
    ) -> list[AttentionItem]:
        centres = attention_centres(info.context.actor)
        if not centres:
            raise forbidden("要対応リスト")
        where = AttentionFilter(centres=centres, facilitator_id=facilitator_id)
        found = await read(_list, info.context, as_of or today_in_tokyo(), where)
        return [AttentionItem.of(a) for a in found]
