"""The meetings read model as GraphQL: `Meeting` (a Node) with the cases presented and the
follow-ups agreed, and `meetings(filter)` as a keyset-paginated connection, newest first."""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry.types import Info

from api.graphql.copying import converted, copied
from api.graphql.ids import node_id
from api.graphql.listing import Listed
from api.graphql.node import CaseReference, CountedConnection, Node
from application.permissions import may_read_case, may_read_meetings
from projections.meetings.queries import MeetingEntry, MeetingFilter, MeetingQueries, Replication

MEETING_CURSOR = (str, str)


@strawberry.type(description="A case presented at a meeting.")
class PresentedCase(CaseReference):
    number: str
    title: str
    story_id: strawberry.ID = strawberry.field(
        description="Its story in the library: a SuccessCase's ID (not found once withdrawn)"
    )


@strawberry.type(
    description="A case received in a follow-up's municipality that replicates the follow-up's "
    "case (横展開元): the follow-up taken up. Its ID, number and title are given to those who "
    "may read the case (its centre's facilitators, chief facilitators, auditors), else null"
)
class FollowUpCase:
    opened_on: date = strawberry.field(description="When the case was received (相談受付)")
    centre: str = strawberry.field(description="The centre that received it")
    case_id: strawberry.ID | None
    number: str | None
    title: str | None

    @classmethod
    def of(cls, found: Replication, readable: bool) -> FollowUpCase:
        return cls(
            opened_on=found.opened_on,
            centre=found.centre,
            case_id=node_id("Case", found.case_id) if readable else None,
            number=found.number if readable else None,
            title=found.title if readable else None,
        )


@strawberry.type(description="A decision to replicate a case elsewhere (横展開), with an owner.")
class MeetingFollowUp(CaseReference):
    municipality: str
    owner_centre: str
    action: str
    dropped_on: date | None = strawberry.field(
        description="The day the meeting gave it up (横展開の見送り), if it did"
    )
    drop_reason: str | None = strawberry.field(description="Why it was given up")

    found: strawberry.Private[tuple[Replication, ...]]

    @strawberry.field(
        description="The cases received in its municipality that replicate its case, the "
        "earliest first (none: not taken up yet)"
    )
    def replications(self, info: Info) -> list[FollowUpCase]:
        actor = info.context.actor
        return [FollowUpCase.of(r, may_read_case(actor, r.centre)) for r in self.found]


@strawberry.type(description="An information-sharing meeting (情報共有・検討会議).")
class Meeting(Node):
    title: str
    held_on: date
    fiscal_year: int
    host_centre: str
    attending_centres: list[str]
    presented_cases: list[PresentedCase]
    follow_ups: list[MeetingFollowUp]

    of = converted(
        MeetingEntry,
        id=lambda e: node_id("Meeting", e.meeting_id),
        presented_cases=lambda e: [
            copied(
                PresentedCase,
                p,
                case_id=node_id("Case", p.case_id),
                story_id=node_id("SuccessCase", p.case_id),
            )
            for p in e.presented
        ],
        follow_ups=lambda e: [
            copied(MeetingFollowUp, f, case_id=node_id("Case", f.case_id), found=e.taken_up(f))
            for f in e.follow_ups
        ],
    )


@strawberry.type(description="A page of meetings, newest first.")
class MeetingConnection(CountedConnection[Meeting]):
    pass


@strawberry.input(description="All given criteria must hold.")
class MeetingFilterInput:
    fiscal_year: int | None = None
    host_centre: str | None = strawberry.field(default=None, description="A code or a name")
    follow_up_owner: str | None = strawberry.field(
        default=None,
        description="A centre (code or name): the meetings that agreed a follow-up it owns",
    )
    shared_case: strawberry.ID | None = strawberry.field(
        default=None, description="A case's global ID: the meetings that shared it"
    )


MEETINGS = Listed(
    "meetings",
    MeetingQueries,
    may_read_meetings,
    "会議",
    MEETING_CURSOR,
    Meeting.of,
    MeetingFilter,
    MeetingConnection,
    MeetingQueries.list_meetings,
    MeetingQueries.get_meeting,
    MeetingQueries.count_meetings,
)
