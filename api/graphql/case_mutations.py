"""Mutations of a case's life, one per ledger command and named as the command."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.graphql import case_inputs as i
from api.graphql.context import Info
from api.graphql.errors import run_command
from api.graphql.mutation_support import WAIT, CaseResult, as_case, as_party, ledger, result_union
from api.graphql.payloads import case_payload
from domain.values import Outcome, RoleAssignment

ReceiveConsultationResult = Annotated[CaseResult, result_union("ReceiveConsultationResult")]
AssignFacilitatorResult = Annotated[CaseResult, result_union("AssignFacilitatorResult")]
HoldHearingResult = Annotated[CaseResult, result_union("HoldHearingResult")]
ProposePartnersResult = Annotated[CaseResult, result_union("ProposePartnersResult")]
JoinPartyResult = Annotated[CaseResult, result_union("JoinPartyResult")]
WithdrawPartyResult = Annotated[CaseResult, result_union("WithdrawPartyResult")]
HoldRoundtableResult = Annotated[CaseResult, result_union("HoldRoundtableResult")]
ReachAgreementResult = Annotated[CaseResult, result_union("ReachAgreementResult")]
CarryOutActivityResult = Annotated[CaseResult, result_union("CarryOutActivityResult")]
ConductReviewResult = Annotated[CaseResult, result_union("ConductReviewResult")]
CloseCaseResult = Annotated[CaseResult, result_union("CloseCaseResult")]
ReopenCaseResult = Annotated[CaseResult, result_union("ReopenCaseResult")]


@strawberry.type
class CaseMutations:
    @strawberry.mutation(description="相談受付: open a case")
    async def receive_consultation(
        self,
        info: Info,
        input: i.ReceiveConsultationInput,
        wait_for_read_models: Annotated[bool, WAIT] = False,
    ) -> ReceiveConsultationResult:
        initiating = as_party(input.initiating_party_id, "initiatingPartyId")
        replicates = as_case(input.replicates, "replicates") if input.replicates else None
        return await run_command(
            info,
            lambda ctx: ledger(info).receive_consultation(
                ctx,
                title=input.title,
                issue_statement=input.issue_statement,
                municipality=input.municipality,
                fields=input.fields,
                sdgs=input.sdgs,
                centre=input.centre,
                initiating_party_id=initiating,
                occurred_on=input.occurred_on,
                facilitator_id=input.facilitator_id,
                replicates=replicates,
            ),
            case_payload,
            wait_for_read_models,
        )

    @strawberry.mutation
    async def assign_facilitator(
        self,
        info: Info,
        input: i.AssignFacilitatorInput,
        wait_for_read_models: Annotated[bool, WAIT] = False,
    ) -> AssignFacilitatorResult:
        cid = as_case(input.case_id)
        return await run_command(
            info,
            lambda ctx: ledger(info).assign_facilitator(
                ctx, cid, input.facilitator_id, input.occurred_on
            ),
            case_payload,
            wait_for_read_models,
        )

    @strawberry.mutation(description="ヒアリング")
    async def hold_hearing(
        self,
        info: Info,
        input: i.HoldHearingInput,
        wait_for_read_models: Annotated[bool, WAIT] = False,
    ) -> HoldHearingResult:
        cid = as_case(input.case_id)
        pid = as_party(input.party_id) if input.party_id else None
        return await run_command(
            info,
            lambda ctx: ledger(info).hold_hearing(
                ctx, cid, summary=input.summary, occurred_on=input.occurred_on, party_id=pid
            ),
            case_payload,
            wait_for_read_models,
        )

    @strawberry.mutation(description="マッチング提案")
    async def propose_partners(
        self,
        info: Info,
        input: i.ProposePartnersInput,
        wait_for_read_models: Annotated[bool, WAIT] = False,
    ) -> ProposePartnersResult:
        cid = as_case(input.case_id)
        party_ids = [as_party(p, "partyIds") for p in input.party_ids]
        return await run_command(
            info,
            lambda ctx: ledger(info).propose_partners(
                ctx,
                cid,
                party_ids=party_ids,
                rationale=input.rationale,
                occurred_on=input.occurred_on,
            ),
            case_payload,
            wait_for_read_models,
        )

    @strawberry.mutation(description="参加")
    async def join_party(
        self,
        info: Info,
        input: i.JoinPartyInput,
        wait_for_read_models: Annotated[bool, WAIT] = False,
    ) -> JoinPartyResult:
        cid, pid = as_case(input.case_id), as_party(input.party_id)
        return await run_command(
            info,
            lambda ctx: ledger(info).join_party(
                ctx,
                cid,
                party_id=pid,
                role=input.role,
                contribution=input.contribution,
                occurred_on=input.occurred_on,
            ),
            case_payload,
            wait_for_read_models,
        )

    @strawberry.mutation(description="離脱")
    async def withdraw_party(
        self,
        info: Info,
        input: i.WithdrawPartyInput,
        wait_for_read_models: Annotated[bool, WAIT] = False,
    ) -> WithdrawPartyResult:
        cid, pid = as_case(input.case_id), as_party(input.party_id)
        return await run_command(
            info,
            lambda ctx: ledger(info).withdraw_party(
                ctx, cid, party_id=pid, reason=input.reason, occurred_on=input.occurred_on
            ),
            case_payload,
            wait_for_read_models,
        )

    @strawberry.mutation(description="円卓会議の開催")
    async def hold_roundtable(
        self,
        info: Info,
        input: i.HoldRoundtableInput,
        wait_for_read_models: Annotated[bool, WAIT] = False,
    ) -> HoldRoundtableResult:
        cid = as_case(input.case_id)
        attendees = [as_party(p, "attendeePartyIds") for p in input.attendee_party_ids]
        return await run_command(
            info,
            lambda ctx: ledger(info).hold_roundtable(
                ctx,
                cid,
                agenda=input.agenda,
                occurred_on=input.occurred_on,
                attendee_party_ids=attendees,
                attendee_count=input.attendee_count,
                decisions=input.decisions,
                next_actions=input.next_actions,
            ),
            case_payload,
            wait_for_read_models,
        )

    @strawberry.mutation(description="合意（役割分担）")
    async def reach_agreement(
        self,
        info: Info,
        input: i.ReachAgreementInput,
        wait_for_read_models: Annotated[bool, WAIT] = False,
    ) -> ReachAgreementResult:
        cid = as_case(input.case_id)
        roles = [
            RoleAssignment(as_party(r.party_id, "roles"), r.role, r.responsibility)
            for r in input.roles
        ]
        return await run_command(
            info,
            lambda ctx: ledger(info).reach_agreement(
                ctx,
                cid,
                roles=roles,
                period_start=input.period_start,
                period_end=input.period_end,
                form=input.form,
                resources=input.resources,
                occurred_on=input.occurred_on,
            ),
            case_payload,
            wait_for_read_models,
        )

    @strawberry.mutation(description="活動の実施")
    async def carry_out_activity(
        self,
        info: Info,
        input: i.CarryOutActivityInput,
        wait_for_read_models: Annotated[bool, WAIT] = False,
    ) -> CarryOutActivityResult:
        cid = as_case(input.case_id)
        return await run_command(
            info,
            lambda ctx: ledger(info).carry_out_activity(
                ctx,
                cid,
                title=input.title,
                occurred_on=input.occurred_on,
                participants=input.participants,
                volunteers=input.volunteers,
                outputs=input.outputs,
            ),
            case_payload,
            wait_for_read_models,
        )

    @strawberry.mutation(description="振り返り・評価")
    async def conduct_review(
        self,
        info: Info,
        input: i.ConductReviewInput,
        wait_for_read_models: Annotated[bool, WAIT] = False,
    ) -> ConductReviewResult:
        cid = as_case(input.case_id)
        outcomes = [
            Outcome(o.indicator, o.actual, o.target, o.unit, o.note) for o in input.outcomes
        ]
        return await run_command(
            info,
            lambda ctx: ledger(info).conduct_review(
                ctx,
                cid,
                kind=input.kind,
                summary=input.summary,
                occurred_on=input.occurred_on,
                outcomes=outcomes,
                lessons=input.lessons,
            ),
            case_payload,
            wait_for_read_models,
        )

    @strawberry.mutation(description="完了（成功／中止／取り下げ）")
    async def close_case(
        self,
        info: Info,
        input: i.CloseCaseInput,
        wait_for_read_models: Annotated[bool, WAIT] = False,
    ) -> CloseCaseResult:
        cid = as_case(input.case_id)
        return await run_command(
            info,
            lambda ctx: ledger(info).close_case(
                ctx, cid, result=input.result, occurred_on=input.occurred_on, reason=input.reason
            ),
            case_payload,
            wait_for_read_models,
        )

    @strawberry.mutation(description="再開")
    async def reopen_case(
        self,
        info: Info,
        input: i.ReopenCaseInput,
        wait_for_read_models: Annotated[bool, WAIT] = False,
    ) -> ReopenCaseResult:
        cid = as_case(input.case_id)
        return await run_command(
            info,
            lambda ctx: ledger(info).reopen_case(
                ctx, cid, reason=input.reason, occurred_on=input.occurred_on
            ),
            case_payload,
            wait_for_read_models,
        )
