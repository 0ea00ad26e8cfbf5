"""Commands on a closed case's record: success-case steps, corrections, notes, meetings."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any
from uuid import UUID

from domain.case import Case
from domain.ledger_core import CommandResult, LedgerCore, meeting_writer
from domain.meeting import Meeting
from domain.permissions import authorise_meeting_write
from domain.values import CommandContext, FollowUp, SuccessStory


class RecordCommands(LedgerCore):
    """Nomination, publication, corrections, notes; presenting at meetings."""

    def nominate_success_case(
        self, ctx: CommandContext, case_id: UUID, *, occurred_on: date, reason: str = ""
    ) -> CommandResult:
        return self._update_case(
            ctx, case_id, lambda c: c.nominate(reason, occurred_on, ctx.today, ctx.meta)
        )

    def publish_success_case(
        self, ctx: CommandContext, case_id: UUID, *, story: SuccessStory, occurred_on: date
    ) -> CommandResult:
        """Publication reads each named party's consent; the chief's approval is the actor."""

        def change(case: Case) -> None:
            consents = {
                pid: self.get_party(pid).publication_consent
                for pid in story.party_ids
                if pid in case.participations
            }
            case.publish(story, consents, occurred_on, ctx.today, ctx.meta)

        return self._update_case(ctx, case_id, change)

    def withdraw_success_case(
        self, ctx: CommandContext, case_id: UUID, *, reason: str, occurred_on: date
    ) -> CommandResult:
        return self._update_case(
            ctx,
            case_id,
            lambda c: c.withdraw_publication(reason, occurred_on, ctx.today, ctx.meta),
        )

    def correct_step(
        self,
        ctx: CommandContext,
        case_id: UUID,
        *,
        corrected_version: int,
        changes: dict[str, Any],
        reason: str,
        occurred_on: date | None = None,
    ) -> CommandResult:
        on = occurred_on or ctx.today
        return self._update_case(
            ctx,
            case_id,
            lambda c: c.correct_step(corrected_version, changes, reason, on, ctx.today, ctx.meta),
        )

    def add_note(
        self, ctx: CommandContext, case_id: UUID, *, text: str, occurred_on: date | None = None
    ) -> CommandResult:
        on = occurred_on or ctx.today
        return self._update_case(ctx, case_id, lambda c: c.add_note(text, on, ctx.today, ctx.meta))

    # --- meetings ------------------------------------------------------------------------

    def hold_meeting(
        self,
        ctx: CommandContext,
        *,
        title: str,
        host_centre: str,
        occurred_on: date,
        attending_centres: Iterable[str] = (),
    ) -> CommandResult:
        authorise_meeting_write(ctx.actor)
        meeting = Meeting.hold(
            title=title,
            host_centre=host_centre,
            attending_centres=tuple(attending_centres),
            occurred_on=occurred_on,
            today=ctx.today,
            meta=ctx.meta,
        )
        return CommandResult(meeting.id, meeting.version, self._save(meeting))

    def present_at_meeting(
        self, ctx: CommandContext, meeting_id: UUID, case_id: UUID
    ) -> CommandResult:
        """The case and the meeting record the presentation in one save."""
        authorise_meeting_write(ctx.actor)

        def change(case: Case) -> tuple[Meeting]:
            meeting = self.get_meeting(meeting_id)
            case.present_at_meeting(meeting.id, meeting.held_on, ctx.today, ctx.meta)
            meeting.record_presentation(case.id, ctx.meta)
            return (meeting,)

        return self._update_case(ctx, case_id, change, may_write=meeting_writer)

    def agree_follow_up(
        self, ctx: CommandContext, meeting_id: UUID, follow_up: FollowUp
    ) -> CommandResult:
        authorise_meeting_write(ctx.actor)

        def attempt() -> CommandResult:
            meeting = self.get_meeting(meeting_id)
            meeting.agree_follow_up(follow_up, ctx.meta)
            return CommandResult(meeting.id, meeting.version, self._save(meeting))

        return self._retrying(attempt)
