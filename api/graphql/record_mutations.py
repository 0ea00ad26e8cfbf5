"""Mutations after (or beside) the case's life: success-case steps, corrections and notes."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.graphql import case_inputs as i
from api.graphql.context import Info
from api.graphql.errors import run_command
from api.graphql.mutation_support import (
    WAIT,
    CaseResult,
    as_case,
    as_party,
    correction_changes,
    ledger,
    result_union,
)
from api.graphql.payloads import case_payload
from domain.values import SuccessStory

NominateSuccessCaseResult = Annotated[CaseResult, result_union("NominateSuccessCaseResult")]
PublishSuccessCaseResult = Annotated[CaseResult, result_union("PublishSuccessCaseResult")]
WithdrawSuccessCaseResult = Annotated[CaseResult, result_union("WithdrawSuccessCaseResult")]
CorrectStepResult = Annotated[CaseResult, result_union("CorrectStepResult")]
AddNoteResult = Annotated[CaseResult, result_union("AddNoteResult")]


@strawberry.type
class RecordMutations:
    @strawberry.mutation(description="成功事例として推薦")
    async def nominate_success_case(
        self,
        info: Info,
        input: i.NominateSuccessCaseInput,
        wait_for_read_models: Annotated[bool, WAIT] = False,
    ) -> NominateSuccessCaseResult:
        cid = as_case(input.case_id)
        return await run_command(
            info,
            lambda ctx: ledger(info).nominate_success_case(
                ctx, cid, occurred_on=input.occurred_on, reason=input.reason
            ),
            case_payload,
            wait_for_read_models,
        )

    @strawberry.mutation(description="成功事例の公開 (a chief facilitator approves by publishing)")
    async def publish_success_case(
        self,
        info: Info,
        input: i.PublishSuccessCaseInput,
        wait_for_read_models: Annotated[bool, WAIT] = False,
    ) -> PublishSuccessCaseResult:
        cid = as_case(input.case_id)
        s = input.story
        story = SuccessStory(
            title=s.title,
            summary=s.summary,
            how_started=s.how_started,
            outcomes=s.outcomes,
            lessons=s.lessons,
            party_ids=tuple(as_party(p, "story.partyIds") for p in s.party_ids),
        )
        return await run_command(
            info,
            lambda ctx: ledger(info).publish_success_case(
                ctx, cid, story=story, occurred_on=input.occurred_on
            ),
            case_payload,
            wait_for_read_models,
        )

    @strawberry.mutation(description="公開の取り下げ")
    async def withdraw_success_case(
        self,
        info: Info,
        input: i.WithdrawSuccessCaseInput,
        wait_for_read_models: Annotated[bool, WAIT] = False,
    ) -> WithdrawSuccessCaseResult:
        cid = as_case(input.case_id)
        return await run_command(
            info,
            lambda ctx: ledger(info).withdraw_success_case(
                ctx, cid, reason=input.reason, occurred_on=input.occurred_on
            ),
            case_payload,
            wait_for_read_models,
        )

    @strawberry.mutation(description="訂正: the original stays in the history")
    async def correct_step(
        self,
        info: Info,
        input: i.CorrectStepInput,
        wait_for_read_models: Annotated[bool, WAIT] = False,
    ) -> CorrectStepResult:
        cid = as_case(input.case_id)
        changes = correction_changes(input.changes)
        return await run_command(
            info,
            lambda ctx: ledger(info).correct_step(
                ctx,
                cid,
                corrected_version=input.corrected_version,
                changes=changes,
                reason=input.reason,
                occurred_on=input.occurred_on,
            ),
            case_payload,
            wait_for_read_models,
        )

    @strawberry.mutation(description="メモ")
    async def add_note(
        self,
        info: Info,
        input: i.AddNoteInput,
        wait_for_read_models: Annotated[bool, WAIT] = False,
    ) -> AddNoteResult:
        cid = as_case(input.case_id)
        return await run_command(
            info,
            lambda ctx: ledger(info).add_note(
                ctx, cid, text=input.text, occurred_on=input.occurred_on
            ),
            case_payload,
            wait_for_read_models,
        )
