"""The party directory read model as GraphQL: `Party` (a Node) and `parties(filter)` as a
keyset-paginated connection. Public data only: no contact details, and a pro bono worker
shows only the label of the kind of party."""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry.dataloader import DataLoader

from api.graphql.cases import Case
from api.graphql.context import Context, Info
from api.graphql.copying import converted, copied
from api.graphql.ids import bad_input, node_id
from api.graphql.listing import Listed
from api.graphql.node import CountedConnection, Node
from api.graphql.reading import MAX_BATCH, cached, cases_by_id, read
from api.graphql.vocabulary import PartyKind
from application.permissions import may_read_case, may_read_parties
from domain.party import ERASED
from projections.party_directory.queries import (
    ErasureRecord,
    PartyDirectoryQueries,
    PartyEntry,
    PartyFilter,
)

PARTY_CURSOR = (str, str)
MAX_CASES = 200
PERSONAL_DATA = {
    "sealed": "暗号化して保管（閲覧には理由が必要）",
    "clear": "平文で保管（暗号化の移行が必要）",
    "erased": ERASED,
}


@strawberry.type(
    description="A request to erase a party's personal data (消去請求), as its centre "
    "received it, and the admin's answer once it came"
)
class PersonalDataErasureRequest:
    party_id: strawberry.ID
    party_name: str | None = strawberry.field(
        description="As the directory names it (a pro bono worker by kind); null to an admin"
    )
    party_kind: PartyKind
    party_kind_label: str
    requested_on: date = strawberry.field(description="The day the centre received it")
    by_agent: bool = strawberry.field(description="Made by an agent (代理人), not the person")
    note: str = strawberry.field(description="What the centre noted on receiving it")
    received_by: str = strawberry.field(description="The user who received it (an id)")
    pending: bool = strawberry.field(
        description="It waits for the admin: neither erased nor declined since"
    )
    outcome: str | None = strawberry.field(
        description="erased, or declined (with its reason); null while it waits"
    )
    answered_on: date | None
    answered_by: str | None = strawberry.field(description="The admin who answered (an id)")
    reason: str | None = strawberry.field(description="The erasure's or the decision's reason")
    days_to_answer: int | None = strawberry.field(
        description="Days from its receipt to its answer; null while it waits"
    )
    declined_on: date | None = strawberry.field(
        description="The admin decided not to erase, that day (the centre tells the person)"
    )
    decline_reason: str | None

    @classmethod
    def of(cls, r: ErasureRecord, named: bool = True) -> PersonalDataErasureRequest:
        """`named`: with the party's name, for a reader of the directory."""
        declined = r.outcome == "declined"
        return copied(
            cls,
            r,
            party_id=node_id("Party", r.party_id),
            party_name=r.name if named else None,
            party_kind=PartyKind.of(r.kind),
            party_kind_label=PartyKind.of(r.kind).ja,
            declined_on=r.answered_on if declined else None,
            decline_reason=r.reason if declined else None,
        )


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
    personal_data_erased: bool = strawberry.field(
        description="Its personal data was erased (its key destroyed)"
    )
    personal_data: str = strawberry.field(
        description="How its contact details are kept: 「消去済み」 once erased; sealed "
        "(read through partyContact, with a reason); or in clear, awaiting the migration"
    )
    centre: str | None = strawberry.field(
        description="The support centre that registered it (a code; null: registered "
        "before parties recorded their centre)"
    )
    deregistered_on: date | None = strawberry.field(
        description="The day it left the register (登録の抹消); null while registered"
    )
    deregistration_reason: str | None

    uuid: strawberry.Private[str]

    of = converted(
        PartyEntry,
        id=lambda e: node_id("Party", e.party_id),
        uuid=lambda e: e.party_id,
        kind=lambda e: PartyKind.of(e.kind),
        kind_label=lambda e: PartyKind.of(e.kind).ja,
        personal_data=lambda e: PERSONAL_DATA[e.personal_data],
        personal_data_erased=lambda e: e.personal_data == "erased",
    )

    @strawberry.field(
        description="The latest request to erase its personal data, if any: waiting, "
        "declined by the admin, or carried out (then `personalDataErased`)"
    )
    async def erasure_request(self, info: Info) -> PersonalDataErasureRequest | None:
        found = await latest_requests(info.context).load(self.uuid)
        return None if found is None else PersonalDataErasureRequest.of(found)

    @strawberry.field(
        description="The cases it joined (those it left too) that the caller may read, the "
        "latest joined first, at most `first` (1-200); each case's `parties` says its role, "
        "contribution and dates. `casesJoined` counts them all, the caller's or not"
    )
    async def cases(self, info: Info, first: int = 50) -> list[Case]:
        if not 1 <= first <= MAX_CASES:
            raise bad_input(f"first は 1 から {MAX_CASES} で指定してください", "first")
        context = info.context
        ids = await read(PARTIES.of(context).case_ids, self.uuid)
        readable: list[Case] = []
        for start in range(0, len(ids), MAX_CASES):  # a city department may be in thousands
            found = await cases_by_id(context).load_many(ids[start : start + MAX_CASES])
            for summary in found:
                if summary is not None and may_read_case(context.actor, summary.centre):
                    readable.append(Case.of(summary))
            if len(readable) >= first:
                break
        return readable[:first]


def latest_requests(context: Context) -> DataLoader[str, ErasureRecord | None]:
    """Each party's latest request to erase, per request: a batch of parties, one query."""

    async def load(keys: list[str]) -> list[ErasureRecord | None]:
        found = await read(PARTIES.of(context).latest_requests, keys)
        return [found.get(key) for key in keys]

    return cached(
        context, "latest_requests", lambda: DataLoader(load_fn=load, max_batch_size=MAX_BATCH)
    )


def parties_by_id(context: Context) -> DataLoader[str, PartyEntry | None]:
    """Parties by id, per request, for a reader of the directory: each batch of distinct ids
    (at most MAX_BATCH) is one worker-thread hop and one query."""

    async def load(keys: list[str]) -> list[PartyEntry | None]:
        found = await read(PARTIES.of(context).get_parties, keys)
        return [found.get(key) for key in keys]

    return cached(
        context, "parties_by_id", lambda: DataLoader(load_fn=load, max_batch_size=MAX_BATCH)
    )


@strawberry.type(description="A page of the party directory, in order of name.")
class PartyConnection(CountedConnection[Party]):
    pass


@strawberry.input(description="All given criteria must hold. Codes or Japanese names.")
class PartyFilterInput:
    kind: PartyKind | None = None
    municipality: str | None = None
    name: str | None = strawberry.field(default=None, description="Part of the public name")
    publication_consent: bool | None = None
    field: str | None = None
    centre: str | None = strawberry.field(
        default=None, description="The centre that registered it (a code or a name)"
    )
    deregistered: bool | None = strawberry.field(
        default=None,
        description="true: only those that left the register; false: only those registered",
    )


PARTIES = Listed(
    "parties",
    PartyDirectoryQueries,
    may_read_parties,
    "団体名簿",
    PARTY_CURSOR,
    Party.of,
    PartyFilter,
    PartyConnection,
    PartyDirectoryQueries.list_parties,
    PartyDirectoryQueries.get_party,
    PartyDirectoryQueries.count_parties,
)
