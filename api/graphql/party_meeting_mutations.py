"""Mutations of parties (団体・個人) and of information-sharing meetings."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from api.graphql.context import Info
from api.graphql.errors import run_command
from api.graphql.mutation_support import (
    WAIT,
    CaseResult,
    MeetingResult,
    PartyResult,
    as_case,
    as_meeting,
    as_party,
    ledger,
    result_union,
)
from api.graphql.payloads import case_payload, meeting_payload, party_payload
from api.graphql.vocabulary import PartyKind
from domain.values import ContactDetails, FollowUp

RegisterPartyResult = Annotated[PartyResult, result_union("RegisterPartyResult")]
ChangePublicationConsentResult = Annotated[
    PartyResult, result_union("ChangePublicationConsentResult")
]
ChangeContactDetailsResult = Annotated[PartyResult, result_union("ChangeContactDetailsResult")]
HoldMeetingResult = Annotated[MeetingResult, result_union("HoldMeetingResult")]
PresentAtMeetingResult = Annotated[CaseResult, result_union("PresentAtMeetingResult")]
AgreeFollowUpResult = Annotated[MeetingResult, result_union("AgreeFollowUpResult")]


@strawberry.input(description="Personal data: encrypted at rest, never shown in the library")
class ContactDetailsInput:
    person_name: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""

    def value(self) -> ContactDetails:
        return ContactDetails(self.person_name, self.email, self.phone, self.address)


@strawberry.input
class RegisterPartyInput:
    kind: PartyKind
    name: str
    municipality: str
    fields: list[str] = strawberry.field(default_factory=list)
    contact: ContactDetailsInput | None = None
    publication_consent: bool = False
    occurred_on: date | None = None


@strawberry.input
class ChangePublicationConsentInput:
    party_id: strawberry.ID
    consent: bool
    occurred_on: date | None = None


@strawberry.input
class ChangeContactDetailsInput:
    party_id: strawberry.ID
    contact: ContactDetailsInput
    occurred_on: date | None = None


@strawberry.input
class HoldMeetingInput:
    title: str
    host_centre: str
    occurred_on: date
    attending_centres: list[str] = strawberry.field(default_factory=list)


@strawberry.input
class PresentAtMeetingInput:
    meeting_id: strawberry.ID
    case_id: strawberry.ID


@strawberry.input
class AgreeFollowUpInput:
    meeting_id: strawberry.ID
    case_id: strawberry.ID
    municipality: str
    owner_centre: str
    action: str


@strawberry.type
class PartyMeetingMutations:
    @strawberry.mutation(description="団体・個人の登録")
    async def register_party(
        self,
        info: Info,
        input: RegisterPartyInput,
        wait_for_read_models: Annotated[bool, WAIT] = False,
    ) -> RegisterPartyResult:
        contact = input.contact.value() if input.contact else None
        return await run_command(
            info,
            lambda ctx: ledger(info).register_party(
                ctx,
                kind=input.kind,
                name=input.name,
                municipality=input.municipality,
                fields=input.fields,
                contact=contact,
                publication_consent=input.publication_consent,
                occurred_on=input.occurred_on,
            ),
            party_payload,
            wait_for_read_models,
        )

    @strawberry.mutation(description="公開同意の変更")
    async def change_publication_consent(
        self,
        info: Info,
        input: ChangePublicationConsentInput,
        wait_for_read_models: Annotated[bool, WAIT] = False,
    ) -> ChangePublicationConsentResult:
        pid = as_party(input.party_id)
        return await run_command(
            info,
            lambda ctx: ledger(info).change_publication_consent(
                ctx, pid, input.consent, input.occurred_on
            ),
            party_payload,
            wait_for_read_models,
        )

    @strawberry.mutation(description="連絡先の変更")
    async def change_contact_details(
        self,
        info: Info,
        input: ChangeContactDetailsInput,
        wait_for_read_models: Annotated[bool, WAIT] = False,
    ) -> ChangeContactDetailsResult:
        pid = as_party(input.party_id)
        contact = input.contact.value()
        return await run_command(
            info,
            lambda ctx: ledger(info).change_contact_details(ctx, pid, contact, input.occurred_on),
            party_payload,
            wait_for_read_models,
        )

    @strawberry.mutation(description="情報共有・検討会議の開催")
    async def hold_meeting(
        self,
        info: Info,
        input: HoldMeetingInput,
        wait_for_read_models: Annotated[bool, WAIT] = False,
    ) -> HoldMeetingResult:
        return await run_command(
            info,
            lambda ctx: ledger(info).hold_meeting(
                ctx,
                title=input.title,
                host_centre=input.host_centre,
                occurred_on=input.occurred_on,
                attending_centres=input.attending_centres,
            ),
            meeting_payload,
            wait_for_read_models,
        )

    @strawberry.mutation(description="会議で共有")
    async def present_at_meeting(
        self,
        info: Info,
        input: PresentAtMeetingInput,
        wait_for_read_models: Annotated[bool, WAIT] = False,
    ) -> PresentAtMeetingResult:
        mid, cid = as_meeting(input.meeting_id), as_case(input.case_id)
        return await run_command(
            info,
            lambda ctx: ledger(info).present_at_meeting(ctx, mid, cid),
            case_payload,
            wait_for_read_models,
        )

    @strawberry.mutation(description="横展開の決定")
    async def agree_follow_up(
        self,
        info: Info,
        input: AgreeFollowUpInput,
        wait_for_read_models: Annotated[bool, WAIT] = False,
    ) -> AgreeFollowUpResult:
        mid = as_meeting(input.meeting_id)
        follow_up = FollowUp(
            case_id=as_case(input.case_id),
            municipality=input.municipality,
            owner_centre=input.owner_centre,
            action=input.action,
        )
        return await run_command(
            info,
            lambda ctx: ledger(info).agree_follow_up(ctx, mid, follow_up),
            meeting_payload,
            wait_for_read_models,
        )
