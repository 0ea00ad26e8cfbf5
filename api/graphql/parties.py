"""The party directory read model as GraphQL: `Party` (a Node) and `parties(filter)` as a
keyset-paginated connection. Public data only: no contact details, and a pro bono worker
shows only the label of the kind of party."""

from __future__ import annotations

from datetime import date

import strawberry

from api.graphql.context import Context, Info, forbidden
from api.graphql.ids import global_id
from api.graphql.node import Node, PageInfo
from api.graphql.paging import empty_page, page_info, window
from api.graphql.reading import read
from api.graphql.vocabulary import PartyKind
from application.permissions import may_read_parties
from projections.party_directory.queries import (
    PartyDirectoryQueries,
    PartyEntry,
    PartyFilter,
)

PARTY_CURSOR = (str, str)


@strawberry.type(description="A registered party (主体) as the directory shows it.")
class Party(Node):
    kind: PartyKind
    kind_label: str
    name: str = strawberry.field(description="Public name; a pro bono worker's kind label")
    municipality: str
    fields: list[str]
    publication_consent: bool
    registered_on: date
    cases_joined: int = strawberry.field(description="Cases the party joined")
    cases_active: int = strawberry.field(description="Open cases it still takes part in")

    @classmethod
    def of(cls, e: PartyEntry) -> Party:
        kind = PartyKind(e.kind)
        return cls(
            id=strawberry.ID(global_id("Party", e.party_id)),
            kind=kind,
            kind_label=kind.ja,
            name=e.name,
            municipality=e.municipality,
            fields=list(e.fields),
            publication_consent=e.publication_consent,
            registered_on=e.registered_on,
            cases_joined=e.cases_joined,
            cases_active=e.cases_active,
        )


@strawberry.type
class PartyEdge:
    cursor: str
    node: Party


@strawberry.type(description="A page of the party directory, in order of name.")
class PartyConnection:
    edges: list[PartyEdge]
    page_info: PageInfo
    filter: strawberry.Private[PartyFilter]

    @strawberry.field
    def nodes(self) -> list[Party]:
        return [edge.node for edge in self.edges]

    @strawberry.field(description="How many parties match the filter (all pages)")
    async def total_count(self, info: Info) -> int:
        return await read(parties(info.context).count_parties, self.filter)


@strawberry.input(description="All given criteria must hold. Codes or Japanese names.")
class PartyFilterInput:
    kind: PartyKind | None = None
    municipality: str | None = None
    name: str | None = strawberry.field(default=None, description="Part of the public name")
    publication_consent: bool | None = None
    field: str | None = None


def parties(context: Context) -> PartyDirectoryQueries:
    if "parties" not in context.loaders:
        context.loaders["parties"] = PartyDirectoryQueries(context.container.read_store)
    found: PartyDirectoryQueries = context.loaders["parties"]
    return found


def _filter(given: PartyFilterInput | None) -> PartyFilter:
    if given is None:
        return PartyFilter()
    return PartyFilter(
        kind=given.kind.value if given.kind else None,
        municipality=given.municipality,
        name=given.name,
        publication_consent=given.publication_consent,
        field=given.field,
    )


async def parties_connection(
    info: Info,
    filter: PartyFilterInput | None,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
) -> PartyConnection:
    if not may_read_parties(info.context.actor):
        raise forbidden("団体名簿")
    asked, size = window(first, after, last, before, PARTY_CURSOR)
    where = _filter(filter)
    if size == 0:
        return PartyConnection(edges=[], page_info=empty_page(asked), filter=where)
    page = await read(parties(info.context).list_parties, where, asked)
    edges = [PartyEdge(cursor=e.cursor, node=Party.of(e)) for e in page.items]
    info_ = page_info([e.cursor for e in edges], page.has_next_page, page.has_previous_page)
    return PartyConnection(edges=edges, page_info=info_, filter=where)


async def find_party(info: Info, party_id: str) -> Party | None:
    if not may_read_parties(info.context.actor):
        raise forbidden("団体名簿")
    entry = await read(parties(info.context).get_party, party_id)
    return None if entry is None else Party.of(entry)
