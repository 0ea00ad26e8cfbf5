"""The schema, built once per process (a second `strawberry.Schema` over the same types
breaks). Queries read projections; mutations call the ledger."""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Annotated
from uuid import UUID

import strawberry
from strawberry.types import ExecutionContext

from api.graphql.accounts import AccountsMutation, AccountsQuery
from api.graphql.attention import AttentionQuery
from api.graphql.cases import Case, CaseConnection, CaseFilterInput, cases_connection, find_case
from api.graphql.commands import mutation_type
from api.graphql.context import Info
from api.graphql.extensions import extensions
from api.graphql.fields import LeanExecution, read_attributes, union_members_by_class
from api.graphql.ids import bad_input, decode_id, parse_global_id
from api.graphql.indicators import IndicatorQuery
from api.graphql.kpi import KpiTable, kpi_table
from api.graphql.library import (
    LibraryFilterInput,
    SuccessCase,
    SuccessCaseConnection,
    SuccessCaseOrder,
    search_library,
    similar,
    success_case,
)
from api.graphql.meetings import (
    MEETINGS,
    Meeting,
    MeetingConnection,
    MeetingFilterInput,
)
from api.graphql.node import Node
from api.graphql.paging import listing
from api.graphql.parties import (
    PARTIES,
    Party,
    PartyConnection,
    PartyFilterInput,
)
from api.graphql.party_roster import PartyRosterMutation
from api.graphql.personal_data import PersonalDataQuery
from api.graphql.plans import PlanQuery
from api.graphql.pro_bono import ProBonoQuery
from api.graphql.proof import ProofQuery
from api.graphql.replay import ReplayQuery
from api.graphql.subscriptions import Subscription
from api.graphql.system import SystemMutation, SystemQuery
from api.graphql.vocabulary import ActorRole, Vocabulary
from graphql import GraphQLError


@strawberry.type(description="The user the token names.")
class Viewer:
    user_id: str
    role: ActorRole
    centre: str | None


@strawberry.type
class Query(
    AttentionQuery,
    ReplayQuery,
    ProofQuery,
    PersonalDataQuery,
    PlanQuery,
    IndicatorQuery,
    ProBonoQuery,
    AccountsQuery,
    SystemQuery,
):
    @strawberry.field(description="Vocabularies for forms and filters, with ja/en labels")
    def vocabulary(self) -> Vocabulary:
        return Vocabulary()

    @strawberry.field(description="Who is asking")
    def viewer(self, info: Info) -> Viewer:
        actor = info.context.actor
        return Viewer(user_id=actor.user_id, role=actor.role, centre=actor.centre)

    @strawberry.field(description="Any object by its global ID")
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        type_name, _ = parse_global_id(id)
        if type_name == "Case":
            return await find_case(info, str(decode_id(id, "Case", "id")), None)
        if type_name == "SuccessCase":
            return await success_case(info, str(decode_id(id, "SuccessCase", "id")))
        if type_name == "Party":
            return await PARTIES.find(info, str(decode_id(id, "Party", "id")))
        if type_name == "Meeting":
            return await MEETINGS.find(info, str(decode_id(id, "Meeting", "id")))
        raise bad_input(f"{type_name} のIDは node で引けません", "id")

    @strawberry.field(description="One case, by its global ID or by its number (山口-2024-012)")
    async def case(
        self, info: Info, id: strawberry.ID | None = None, number: str | None = None
    ) -> Case | None:
        case_id = str(decode_id(id, "Case", "id")) if id is not None else None
        return await find_case(info, case_id, number)

    cases = listing(
        CaseFilterInput, CaseConnection, cases_connection, "Cases the caller may read, newest first"
    )
    parties = listing(
        PartyFilterInput,
        PartyConnection,
        PARTIES.page,
        "The party directory, in order of name (public data only)",
    )
    meetings = listing(
        MeetingFilterInput,
        MeetingConnection,
        MEETINGS.page,
        "Information-sharing meetings, newest first",
    )

    @strawberry.field(description="Search the success-case library (Japanese full text)")
    async def success_cases(
        self,
        info: Info,
        query: str = "",
        filter: LibraryFilterInput | None = None,
        order_by: SuccessCaseOrder = SuccessCaseOrder.RELEVANCE,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> SuccessCaseConnection:
        store = info.context.container.read_store
        return await search_library(info, store, query, filter, first, after, last, before)

    @strawberry.field(description="Published cases most like a published case")
    async def similar_cases(
        self, info: Info, id: strawberry.ID, first: int | None = None
    ) -> list[SuccessCase]:
        return await similar(info, str(_library_id(id)), first)

    @strawberry.field(description="The KPI table of a fiscal year (None: whole prefecture)")
    async def kpi(
        self,
        info: Info,
        fiscal_year: int,
        municipality: str | None = None,
        as_of: Annotated[
            date | None,
            strawberry.argument(description="The table as it stood at the end of this day"),
        ] = None,
    ) -> KpiTable:
        return await kpi_table(info, fiscal_year, municipality, as_of)


@strawberry.type
class Mutation(mutation_type(), AccountsMutation, PartyRosterMutation, SystemMutation):  # type: ignore[misc]
    """One field per command the API offers, the admins' accounts, and a roster's import."""


class KyodoSchema(strawberry.Schema):
    """Logs nothing itself: `MaskUnexpectedErrors` logs the unexpected errors, with the
    request id; the caller's mistakes (bad input, forbidden) are not server errors."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        return None


@cache
def schema() -> strawberry.Schema:
    return kyodo_schema()


def kyodo_schema(lean: bool = True) -> strawberry.Schema:
    """A new schema; `lean=False`: with strawberry's own execution (a test compares them)."""
    built = KyodoSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=NODE_TYPES,
        extensions=extensions(),
        execution_context_class=LeanExecution if lean else None,
    )
    if lean:
        read_attributes(built)  # fields without a resolver: `getattr`, not strawberry's 3 calls
        union_members_by_class(built)  # a union's value: by its class, not a search of all
    return built


NODE_TYPES = (Case, SuccessCase, Party, Meeting)


def _library_id(value: strawberry.ID) -> object:
    """A success case is named by its own global ID or by its case's."""
    try:
        return UUID(value)
    except ValueError:
        pass
    type_name, _ = parse_global_id(value)
    expected = "Case" if type_name == "Case" else "SuccessCase"
    return decode_id(value, expected, "id")
