"""Commands that open a case and log its steps up to closure and reopening."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import cast
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError

from domain import errors
from domain.case import Case
from domain.fiscal import fiscal_year
from domain.ledger_core import CommandResult, LedgerCore
from domain.numbering import CaseNumbering, numbering_id
from domain.permissions import authorise_case_write
from domain.rules import centre_code
from domain.values import CommandContext, Outcome, RoleAssignment
from domain.vocabulary import ClosureResult, CollaborationForm, PartyRole, ReviewKind


class CaseCommands(LedgerCore):
    """Opening a case (with its number) and the steps of its life."""

    # --- opening a case ------------------------------------------------------------------

    def receive_consultation(
        self,
        ctx: CommandContext,
        *,
        title: str,
        issue_statement: str,
        municipality: str,
        fields: Iterable[str],
        sdgs: Iterable[int],
        centre: str,
        initiating_party_id: UUID,
        occurred_on: date,
        facilitator_id: str | None = None,
        replicates: UUID | None = None,
    ) -> CommandResult:
        """Open a case: the case and its centre's numbering are saved together."""
        centre = centre_code(centre)
        authorise_case_write(ctx.actor, centre)
        initiating = self._party_ref(initiating_party_id)
        if replicates is not None and not self.get_case(replicates).published:
            raise errors.ReplicatedCaseNotPublishedError()
        year = fiscal_year(occurred_on)
        field_list, sdg_list = tuple(fields), tuple(sdgs)

        def attempt() -> CommandResult:
            numbering = self._numbering(centre, year)
            case_id = uuid4()
            case = Case.open(
                case_id=case_id,
                number=numbering.issue(case_id),
                title=title,
                issue_statement=issue_statement,
                municipality=municipality,
                fields=field_list,
                sdgs=sdg_list,
                centre=centre,
                facilitator_id=facilitator_id or ctx.actor.user_id,
                initiating_party=initiating,
                replicates=replicates,
                occurred_on=occurred_on,
                today=ctx.today,
                meta=ctx.meta,
            )
            return CommandResult(case.id, case.version, self._save(case, numbering), case.number)

        return self._retrying(attempt)

    def _numbering(self, centre: str, year: int) -> CaseNumbering:
        try:
            return cast("CaseNumbering", self.repository.get(numbering_id(centre, year)))
        except AggregateNotFoundError:
            return CaseNumbering(centre=centre, fiscal_year=year)

    def assign_facilitator(
        self, ctx: CommandContext, case_id: UUID, facilitator_id: str, occurred_on: date
    ) -> CommandResult:
        return self._update_case(
            ctx,
            case_id,
            lambda c: c.assign_facilitator(facilitator_id, occurred_on, ctx.today, ctx.meta),
        )

    def hold_hearing(
        self,
        ctx: CommandContext,
        case_id: UUID,
        *,
        summary: str,
        occurred_on: date,
        party_id: UUID | None = None,
    ) -> CommandResult:
        if party_id is not None:
            self.get_party(party_id)
        return self._update_case(
            ctx,
            case_id,
            lambda c: c.hold_hearing(party_id, summary, occurred_on, ctx.today, ctx.meta),
        )

    def propose_partners(
        self,
        ctx: CommandContext,
        case_id: UUID,
        *,
        party_ids: Iterable[UUID],
        rationale: str,
        occurred_on: date,
    ) -> CommandResult:
        ids = tuple(party_ids)
        for party_id in ids:
            self.get_party(party_id)
        return self._update_case(
            ctx,
            case_id,
            lambda c: c.propose_partners(ids, rationale, occurred_on, ctx.today, ctx.meta),
        )

    def join_party(
        self,
        ctx: CommandContext,
        case_id: UUID,
        *,
        party_id: UUID,
        role: PartyRole,
        contribution: str,
        occurred_on: date,
    ) -> CommandResult:
        ref = self._party_ref(party_id)
        return self._update_case(
            ctx,
            case_id,
            lambda c: c.join_party(ref, role, contribution, occurred_on, ctx.today, ctx.meta),
        )

    def withdraw_party(
        self, ctx: CommandContext, case_id: UUID, *, party_id: UUID, reason: str, occurred_on: date
    ) -> CommandResult:
        return self._update_case(
            ctx,
            case_id,
            lambda c: c.withdraw_party(party_id, reason, occurred_on, ctx.today, ctx.meta),
        )

    def hold_roundtable(
        self,
        ctx: CommandContext,
        case_id: UUID,
        *,
        agenda: str,
        occurred_on: date,
        attendee_party_ids: Iterable[UUID] = (),
        attendee_count: int = 0,
        decisions: str = "",
        next_actions: str = "",
    ) -> CommandResult:
        ids = tuple(attendee_party_ids)
        for party_id in ids:
            self.get_party(party_id)
        return self._update_case(
            ctx,
            case_id,
            lambda c: c.hold_roundtable(
                ids,
                attendee_count,
                agenda,
                decisions,
                next_actions,
                occurred_on,
                ctx.today,
                ctx.meta,
            ),
        )

    def reach_agreement(
        self,
        ctx: CommandContext,
        case_id: UUID,
        *,
        roles: Iterable[RoleAssignment],
        period_start: date,
        form: CollaborationForm,
        occurred_on: date,
        period_end: date | None = None,
        resources: str = "",
    ) -> CommandResult:
        assignments = tuple(roles)
        return self._update_case(
            ctx,
            case_id,
            lambda c: c.reach_agreement(
                assignments,
                period_start,
                period_end,
                resources,
                form,
                occurred_on,
                ctx.today,
                ctx.meta,
            ),
        )

    def carry_out_activity(
        self,
        ctx: CommandContext,
        case_id: UUID,
        *,
        title: str,
        occurred_on: date,
        participants: int = 0,
        volunteers: int = 0,
        outputs: str = "",
    ) -> CommandResult:
        return self._update_case(
            ctx,
            case_id,
            lambda c: c.carry_out_activity(
                title, participants, volunteers, outputs, occurred_on, ctx.today, ctx.meta
            ),
        )

    def conduct_review(
        self,
        ctx: CommandContext,
        case_id: UUID,
        *,
        kind: ReviewKind,
        summary: str,
        occurred_on: date,
        outcomes: Iterable[Outcome] = (),
        lessons: str = "",
    ) -> CommandResult:
        results = tuple(outcomes)
        return self._update_case(
            ctx,
            case_id,
            lambda c: c.conduct_review(
                kind, results, summary, lessons, occurred_on, ctx.today, ctx.meta
            ),
        )

    def close_case(
        self,
        ctx: CommandContext,
        case_id: UUID,
        *,
        result: ClosureResult,
        occurred_on: date,
        reason: str = "",
    ) -> CommandResult:
        return self._update_case(
            ctx, case_id, lambda c: c.close(result, reason, occurred_on, ctx.today, ctx.meta)
        )

    def reopen_case(
        self, ctx: CommandContext, case_id: UUID, *, reason: str, occurred_on: date
    ) -> CommandResult:
        return self._update_case(
            ctx, case_id, lambda c: c.reopen(reason, occurred_on, ctx.today, ctx.meta)
        )
