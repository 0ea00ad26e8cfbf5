"""The case list read model as GraphQL: `Case` (a Node), its parties, and `cases(filter)`
as a keyset-paginated connection."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

import strawberry

from api.graphql.context import Info, forbidden
from api.graphql.copying import converted
from api.graphql.filters import CaseCriteriaInput, criteria
from api.graphql.ids import bad_input, node_id
from api.graphql.library import SuccessCase, stories_by_case
from api.graphql.node import CountedConnection, Node
from api.graphql.paging import PageCount, keyset_page, listing, window
from api.graphql.reading import CASE_CURSOR, case_list, cases_by_id, in_thread, read
from api.graphql.timeline import TimelineConnection, TimelineFilter, timeline_connection
from api.graphql.vocabulary import CaseState, ClosureResult, PartyKind, PartyRole
from api.limits import search_problem
from application.permissions import case_centres, may_read_case, may_read_library
from domain.vocabulary import CENTRE_BY_KEY
from projections.case_list.queries import CaseFilter, CaseSummary, PartyInCase

if TYPE_CHECKING:
    from application.ledger import Ledger
    from domain.commands import Command
    from domain.errors import DomainError
    from domain.values import Actor


@strawberry.type(description="A party as a case sees it: its role and contribution.")
class CaseParty:
    party_id: strawberry.ID
    name: str
    kind: PartyKind
    role: PartyRole
    contribution: str
    active: bool
    joined_on: date
    left_on: date | None

    @classmethod
    def of(cls, p: PartyInCase) -> CaseParty:
        return cls(
            party_id=node_id("Party", p.party_id),
            name=p.name,
            kind=PartyKind.of(p.kind),
            role=PartyRole.of(p.role),
            contribution=p.contribution,
            active=p.active,
            joined_on=p.joined_on,
            left_on=p.left_on,
        )


@strawberry.type
class CaseFacts:
    """What a case is, as it stands now (`Case`) or as it stood (`CaseSnapshot`)."""

    number: str = strawberry.field(description="The case number people say, e.g. 山口-2024-012")
    title: str
    state: CaseState
    result: ClosureResult | None
    municipality: str
    centre: str
    facilitator_id: str
    opened_on: date
    nominated: bool
    published: bool


@strawberry.type(description="A step a case refuses as it stands, and why.")
class StepRefusal:
    operation: str = strawberry.field(
        description="The step's mutation (and command), e.g. CarryOutActivity"
    )
    code: str = strawberry.field(
        description="The refusal's stable code, e.g. activity_needs_agreement"
    )
    message: str = strawberry.field(description="The refusal in Japanese, as a step would get it")


@strawberry.type(description="A collaboration case (協働案件) as it stands now.")
class Case(Node, CaseFacts):
    uuid: strawberry.Private[str]
    replicates_uuid: strawberry.Private[str | None]
    fiscal_year: int
    last_step_on: date
    version: int
    position: int = strawberry.field(description="Notification position of its last step")
    fields: list[str]
    sdgs: list[int]
    parties: list[CaseParty]

    of = converted(
        CaseSummary,
        id=lambda s: node_id("Case", s.case_id),
        uuid=lambda s: s.case_id,
        replicates_uuid=lambda s: s.replicates,
        state=lambda s: CaseState.of(s.state),
        result=lambda s: ClosureResult.of(s.result) if s.result else None,
        parties=lambda s: [CaseParty.of(p) for p in s.parties],
    )

    @strawberry.field(
        name="replicates",  # not `replicates`: the row's own field of that name is its id
        description="The success story this case follows (横展開元), as the library shows it: "
        "null when it follows none, when that story has since been withdrawn, or to a reader "
        "of cases who does not read the library",
    )
    async def replicated_story(self, info: Info) -> SuccessCase | None:
        if self.replicates_uuid is None or not may_read_library(info.context.actor):
            return None
        return await stories_by_case(info.context).load(self.replicates_uuid)

    @strawberry.field(
        description="The steps the case refuses as it stands, whatever their fields would "
        "say, to the user asking (a closed case most steps, an activity before an agreement, "
        "a review before an activity, a publication without a chief's approval, any step "
        "to a reader who may not write in the case, ...): read from the ledger, as a step "
        "would be decided now"
    )
    def refused_steps(self, info: Info) -> list[StepRefusal]:
        # On the copy the ledger kept, at once (no thread, no awaitable: the answer's other
        # fields complete without an extra turn of the event loop); else loaded in a thread
        # (graphql-core awaits what a resolver returns).
        ledger, actor = info.context.container.ledger, info.context.actor
        case_id, version = UUID(self.uuid), self.version
        at_hand = ledger.refused_steps_at_hand(case_id, actor, version)
        if at_hand is not None:
            return _step_refusals(at_hand)
        loading = _loaded_refusals(ledger, case_id, actor, version)
        return loading  # type: ignore[return-value]

    timeline = listing(
        TimelineFilter,
        TimelineConnection,
        lambda case, info, *asked: timeline_connection(info, case.uuid, *asked),
        "Every step, in business-date order, record time beside it",
        of_parent=True,
    )


def _step_refusals(refused: list[tuple[type[Command], DomainError]]) -> list[StepRefusal]:
    return [
        StepRefusal(operation=step.__name__, code=error.code, message=error.message)
        for step, error in refused
    ]


async def _loaded_refusals(
    ledger: Ledger, case_id: UUID, actor: Actor, version: int
) -> list[StepRefusal]:
    return _step_refusals(await in_thread(ledger.refused_steps, case_id, actor, version))


@strawberry.type(description="A page of cases, newest first.")
class CaseConnection(CountedConnection[Case]):
    pass


@strawberry.input(description="All given criteria must hold. Codes or Japanese names.")
class CaseFilterInput(CaseCriteriaInput):
    state: CaseState | None = None
    facilitator_id: str | None = None
    centre: str | None = None
    number: str | None = strawberry.field(default=None, description="A number or its prefix")
    text: str | None = strawberry.field(
        default=None,
        description="Words that must each appear in the title or in the issue statement, "
        "compared normalised (NFKC, lower case, katakana as hiragana); at most 200 characters "
        "and 10 words, like a library search",
    )


async def cases_connection(
    info: Info,
    filter: CaseFilterInput | None,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
) -> CaseConnection:
    asked, size = window(first, after, last, before, CASE_CURSOR)
    problem = search_problem(filter.text or "") if filter is not None else None
    if problem is not None:
        raise bad_input(problem, "filter.text")
    where = _readable(info, criteria(CaseFilter, filter))
    listing = case_list(info.context)
    count = PageCount(info, lambda: read(listing.count_cases, where))
    edges, info_ = await keyset_page(asked, size, count.fetch(listing.list_cases, where), Case.of)
    return CaseConnection(edges=edges, page_info=info_, counted=count)


def _readable(info: Info, where: CaseFilter) -> CaseFilter:
    """The filter narrowed to the centres whose cases the caller may read."""
    centres = case_centres(info.context.actor)
    if centres is None:
        return where
    if not centres:
        raise forbidden("案件")
    if where.centre is not None:
        asked = CENTRE_BY_KEY.get(where.centre)
        if asked is None or asked.code not in centres:
            raise forbidden("他のセンターの案件")
    return replace(where, centres=tuple(sorted(centres)))


async def find_case(info: Info, case_id: str | None, number: str | None) -> Case | None:
    """One case by its UUID or its number; None when absent or not the caller's to read."""
    queries = case_list(info.context)
    if case_id is not None:
        summary = await cases_by_id(info.context).load(case_id)
    elif number is not None:
        summary = await read(queries.find_by_number, number)
    else:
        raise bad_input("id か number を指定してください", "id")
    if summary is None:
        return None
    if not may_read_case(info.context.actor, summary.centre):
        raise forbidden("この案件")
    return Case.of(summary)
