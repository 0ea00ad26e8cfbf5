"""Proof for auditors: hash-chain verification and daily digests."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID

import strawberry
from starlette.concurrency import run_in_threadpool

from api.container import Container
from api.graphql.context import Info, forbidden
from api.graphql.copying import converted
from api.graphql.ids import bad_input, decode_id, node_id
from api.graphql.node import CaseReference
from application import proof
from application.ledger import Ledger
from application.permissions import may_verify
from domain.errors import CaseNotFoundError, PartyNotFoundError
from persistence.verification import chain_store, daily_digest, verify_aggregate


@strawberry.type(description="An aggregate's hash chain recomputed from the stored bytes.")
class ChainFacts:
    ok: bool = strawberry.field(description="True when every stored event chains up")
    checked_events: int = strawberry.field(
        description="Events that chain up before the first break (all of them when ok)"
    )
    broken_version: int | None = strawberry.field(
        description="The first version where the chain breaks"
    )
    reason: str | None = strawberry.field(
        description="Why it breaks, a stable code: event_altered, hash_altered, link_broken, "
        "event_missing, record_missing, version_gap, record_altered"
    )
    message: str = strawberry.field(description="What was found, in Japanese")
    verified_at: datetime


@strawberry.type(description="A case's hash chain recomputed from the stored bytes.")
class CaseVerification(CaseReference, ChainFacts):
    number: str | None = strawberry.field(description="The case number, when it is a case")

    of = converted(
        proof.ChainVerdict,
        case_id=lambda verdict: node_id("Case", verdict.aggregate_id),
        number=lambda verdict: verdict.case_number,
        verified_at=lambda verdict: datetime.now(UTC),
    )


@strawberry.type(
    description="A party's hash chain recomputed from the stored bytes: an erasure destroys "
    "the party's key, not a stored byte, so the chain still verifies"
)
class PartyVerification(ChainFacts):
    party_id: strawberry.ID

    of = converted(
        proof.ChainVerdict,
        party_id=lambda verdict: node_id("Party", verdict.aggregate_id),
        verified_at=lambda verdict: datetime.now(UTC),
    )


@strawberry.type(
    name="DailyDigest",
    description="One hash over every chain's head as of the end of a day (Asia/Tokyo): "
    "write it down, and check it later with `kyodo audit digest` or an export bundle.",
)
class DailyDigestResult:
    date: date
    cutoff: datetime = strawberry.field(
        description="The end of the day in Asia/Tokyo: events recorded before it count"
    )
    digest: str = strawberry.field(description="Merkle root (SHA-256, hex) over the heads")
    heads: int = strawberry.field(description="Chains (cases, parties, meetings …) covered")
    events: int = strawberry.field(description="Events recorded by the end of the day")
    intact: bool = strawberry.field(
        description="Every covered chain verified up to its head when the digest was computed"
    )
    message: str

    of = converted(proof.DailyDigest, date=lambda found: found.day)


def _checked(info: Info) -> Ledger:
    if not may_verify(info.context.actor):
        raise forbidden("改ざんの検証")
    return info.context.container.ledger


def _case_by_number(ledger: Ledger, number: str) -> UUID | None:
    try:
        return ledger.find_case(number)
    except CaseNotFoundError:
        return None


def _party_chain(container: Container, party_id: UUID) -> proof.ChainVerdict | None:
    """The chain of a party (not of a case or a meeting of that ID): its first event says."""
    try:
        container.replay.registration(party_id)
    except PartyNotFoundError:
        return None
    return verify_aggregate(chain_store(container.ledger), party_id)


@strawberry.type
class ProofQuery:
    """Query fields for proving nothing was altered (mixed into `Query`)."""

    @strawberry.field(
        description="Recompute a case's hash chain from the stored bytes (auditors); "
        "null when the store holds nothing of it"
    )
    async def verify_case(
        self, info: Info, id: strawberry.ID | None = None, number: str | None = None
    ) -> CaseVerification | None:
        ledger = _checked(info)
        if id is not None:
            case_id: UUID | None = decode_id(id, "Case", "id")
        elif number is not None:
            case_id = await run_in_threadpool(_case_by_number, ledger, number)
        else:
            raise bad_input("id か number を指定してください", "id")
        if case_id is None:
            return None
        verdict = await run_in_threadpool(verify_aggregate, chain_store(ledger), case_id)
        return CaseVerification.of(verdict) if verdict is not None else None

    @strawberry.field(
        description="Recompute a party's hash chain from the stored bytes (auditors); null "
        "when the store holds no party of that ID"
    )
    async def verify_party(self, info: Info, id: strawberry.ID) -> PartyVerification | None:
        _checked(info)
        party_id = decode_id(id, "Party", "id")
        verdict = await run_in_threadpool(_party_chain, info.context.container, party_id)
        return PartyVerification.of(verdict) if verdict is not None else None

    @strawberry.field(
        description="The digest of every chain's head as of the end of a day that has ended"
    )
    async def daily_digest(self, info: Info, date: date) -> DailyDigestResult:
        ledger = _checked(info)
        try:
            found = await run_in_threadpool(daily_digest, chain_store(ledger), date)
        except proof.DayNotOverError as error:
            raise bad_input(error.message, "date") from None
        return DailyDigestResult.of(found)
