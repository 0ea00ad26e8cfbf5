"""Personal data (APPI): a party's contact details read with a reason (each read recorded),
and, for auditors, the list of those reads. Once a party's personal data is erased, every
field of its contact details reads 「消去済み」."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Annotated
from uuid import UUID

import strawberry
from starlette.concurrency import run_in_threadpool

from api.graphql.context import FORBIDDEN, Info
from api.graphql.copying import converted, copied
from api.graphql.ids import bad_input, decode_cursor, decode_id, encode_cursor, node_id
from api.graphql.node import Edge, ListConnection
from api.graphql.paging import keyset_page, page_info, window
from api.graphql.parties import PARTIES, Party, PersonalDataErasureRequest, parties_by_id
from api.graphql.reading import read
from api.graphql.vocabulary import ActorRole
from application import personal_data
from application.permissions import Access, authorise, may_read_parties
from domain import errors
from domain.party import ERASED
from domain.values import ContactDetails
from domain.vocabulary import ActorRole as Role
from graphql import GraphQLError

MAX_READS = 100
MAX_REQUESTS = 200
RECORD_CURSOR = (str, str, int)


@strawberry.type(description="A party's contact details (personal data), as read just now.")
class PartyContact:
    party_id: strawberry.ID
    erased: bool = strawberry.field(description="Erased: every field reads 「消去済み」")
    person_name: str = strawberry.field(description="The contact person (a natural person)")
    email: str
    phone: str
    address: str

    @classmethod
    def of(cls, party_id: UUID, contact: ContactDetails | None) -> PartyContact:
        shown = contact or ContactDetails(ERASED, ERASED, ERASED, ERASED)
        return copied(cls, shown, party_id=node_id("Party", party_id), erased=contact is None)


@strawberry.type(description="One read of a party's personal data: who, when, which, why.")
class PersonalDataRead:
    party_id: strawberry.ID
    actor_id: str
    actor_role: ActorRole
    reason: str
    correlation_id: str = strawberry.field(description="The request that read it")
    read_at: datetime

    party_uuid: strawberry.Private[str]

    of = converted(
        personal_data.PersonalDataRead,
        party_uuid=lambda read: str(read.party_id),
        party_id=lambda read: node_id("Party", read.party_id),
        actor_role=lambda read: Role(read.actor_role),
    )

    @strawberry.field(
        description="The party whose data was read, as the directory shows it: null to a "
        "reader who may not read the directory (an admin), or for a party it does not hold"
    )
    async def party(self, info: Info) -> Party | None:
        if not may_read_parties(info.context.actor):
            return None
        entry = await parties_by_id(info.context).load(self.party_uuid)
        return None if entry is None else Party.of(entry)


@strawberry.type(description="Requests to erase personal data, the latest received first.")
class PersonalDataErasureRequestConnection(ListConnection[PersonalDataErasureRequest]):
    pass


@strawberry.type(description="Reads of personal data, oldest first.")
class PersonalDataReadConnection(ListConnection[PersonalDataRead]):
    pass


def _refused(error: errors.DomainError, argument: str) -> GraphQLError:
    if isinstance(error, errors.NotAllowedError):
        return GraphQLError(error.message, extensions={"code": FORBIDDEN, "reason": error.code})
    if isinstance(error, errors.ValidationError):
        return bad_input(error.message, error.field)
    return bad_input(error.message, argument)


def _position(after: str | None) -> int | None:
    value = decode_cursor(after, "after")
    if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
        raise bad_input(f"カーソル「{after}」は読めません", "after")
    return value


@strawberry.type
class PersonalDataQuery:
    """Query fields about personal data (mixed into `Query`)."""

    @strawberry.field(
        description="A party's contact details, for the roles that may read them. The read "
        "is recorded with its reason; null if there is no such party."
    )
    async def party_contact(
        self, info: Info, party_id: strawberry.ID, reason: str
    ) -> PartyContact | None:
        actor = info.context.actor
        party = decode_id(party_id, "Party", "partyId")
        ledger = info.context.container.ledger
        try:
            contact = await run_in_threadpool(
                personal_data.read_contact, ledger, actor, party, reason, info.context.request_id
            )
        except errors.PartyNotFoundError:
            return None
        except errors.DomainError as error:
            raise _refused(error, "reason") from None
        return PartyContact.of(party, contact)

    @strawberry.field(description="Who read personal data, when and why (auditors, admins)")
    async def personal_data_reads(
        self,
        info: Info,
        party_id: strawberry.ID | None = None,
        first: int = 20,
        after: str | None = None,
        reader_id: Annotated[
            str | None, strawberry.argument(description="Only the reads of this user (an id)")
        ] = None,
        newest_first: Annotated[
            bool, strawberry.argument(description="The latest first (else as recorded)")
        ] = False,
    ) -> PersonalDataReadConnection:
        actor = info.context.actor
        party = None if party_id is None else decode_id(party_id, "Party", "partyId")
        if not 0 <= first <= MAX_READS:
            raise bad_input(f"first は0から{MAX_READS}までです", "first")
        ledger = info.context.container.ledger
        try:
            reads = await run_in_threadpool(
                partial(
                    personal_data.personal_data_reads,
                    reader=reader_id.strip() if reader_id and reader_id.strip() else None,
                    newest_first=newest_first,
                ),
                ledger,
                actor,
                party,
                _position(after),
                first + 1,
            )
        except errors.DomainError as error:
            raise _refused(error, "partyId") from None
        shown = reads[:first]
        edges = [Edge(cursor=encode_cursor(r.position), node=PersonalDataRead.of(r)) for r in shown]
        info_ = page_info([e.cursor for e in edges], len(reads) > first, after is not None)
        return PersonalDataReadConnection(edges=edges, page_info=info_)

    @strawberry.field(
        description="Requests to erase personal data that wait for the admin, the oldest "
        "first, at most `first` (1-200): the admin erases or decides not to (admins)"
    )
    async def personal_data_erasure_requests(
        self, info: Info, first: int = 50
    ) -> list[PersonalDataErasureRequest]:
        if not 1 <= first <= MAX_REQUESTS:
            raise bad_input(f"first は 1 から {MAX_REQUESTS} で指定してください", "first")
        try:
            authorise(info.context.actor, Access.ERASE_PERSONAL_DATA)
        except errors.DomainError as error:
            raise _refused(error, "first") from None
        waiting = await read(PARTIES.of(info.context).waiting_requests, first)
        named = may_read_parties(info.context.actor)
        return [PersonalDataErasureRequest.of(r, named) for r in waiting]

    @strawberry.field(
        description="Every request to erase personal data that the centres received, the "
        "latest first, with its answer and the days it took (auditors, admins)"
    )
    async def personal_data_erasure_records(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> PersonalDataErasureRequestConnection:
        actor = info.context.actor
        try:
            authorise(actor, Access.READ_PERSONAL_DATA_LOG)
        except errors.DomainError as error:
            raise _refused(error, "first") from None
        asked, size = window(first, after, None, None, RECORD_CURSOR)
        queries = PARTIES.of(info.context)
        named = may_read_parties(actor)
        edges, page = await keyset_page(
            asked,
            size,
            lambda w: read(queries.erasure_records, w),
            lambda r: PersonalDataErasureRequest.of(r, named),
        )
        return PersonalDataErasureRequestConnection(edges=edges, page_info=page)
