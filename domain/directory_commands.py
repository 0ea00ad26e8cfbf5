"""Commands on parties and KPI targets (not on a case)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate

from domain.kpi_targets import KpiTargets, kpi_targets_id
from domain.ledger_core import CommandResult, LedgerCore
from domain.party import Party
from domain.permissions import authorise_party_write, authorise_target_write
from domain.rules import municipality_code
from domain.values import CommandContext, ContactDetails
from domain.vocabulary import PartyKind


class DirectoryCommands(LedgerCore):
    """Registering parties and their consent; KPI targets."""

    # --- parties -------------------------------------------------------------------------

    def register_party(
        self,
        ctx: CommandContext,
        *,
        kind: PartyKind,
        name: str,
        municipality: str,
        fields: Iterable[str] = (),
        contact: ContactDetails | None = None,
        publication_consent: bool = False,
        occurred_on: date | None = None,
    ) -> CommandResult:
        authorise_party_write(ctx.actor)
        party = Party.register(
            kind=kind,
            name=name,
            municipality=municipality,
            fields=tuple(fields),
            contact=contact or ContactDetails(),
            publication_consent=publication_consent,
            occurred_on=occurred_on or ctx.today,
            today=ctx.today,
            meta=ctx.meta,
        )
        return CommandResult(party.id, party.version, self._save(party))

    def change_publication_consent(
        self, ctx: CommandContext, party_id: UUID, consent: bool, occurred_on: date | None = None
    ) -> CommandResult:
        on = occurred_on or ctx.today
        return self._update_party(
            ctx, party_id, lambda p: p.change_publication_consent(consent, on, ctx.today, ctx.meta)
        )

    def change_contact_details(
        self,
        ctx: CommandContext,
        party_id: UUID,
        contact: ContactDetails,
        occurred_on: date | None = None,
    ) -> CommandResult:
        on = occurred_on or ctx.today
        return self._update_party(
            ctx, party_id, lambda p: p.change_contact_details(contact, on, ctx.today, ctx.meta)
        )

    def _update_party(
        self, ctx: CommandContext, party_id: UUID, change: Callable[[Party], None]
    ) -> CommandResult:
        authorise_party_write(ctx.actor)

        def attempt() -> CommandResult:
            party = self.get_party(party_id)
            change(party)
            return CommandResult(party.id, party.version, self._save(party))

        return self._retrying(attempt)

    # --- KPI targets ---------------------------------------------------------------------

    def set_kpi_target(
        self,
        ctx: CommandContext,
        fiscal_year: int,
        municipality: str | None,
        indicator: str,
        target: float | None,
        baseline: float | None = None,
    ) -> CommandResult:
        """Record a target (目標値) and a baseline (基準値) of one KPI for a fiscal year and
        municipality (None: the whole prefecture)."""
        authorise_target_write(ctx.actor)
        code = municipality_code(municipality) if municipality else None

        def attempt() -> CommandResult:
            try:
                loaded: Aggregate = self.repository.get(kpi_targets_id(fiscal_year, code))
                targets = cast("KpiTargets", loaded)
            except AggregateNotFoundError:
                targets = KpiTargets.start(fiscal_year, code, ctx.today, ctx.meta)
            targets.set_target(indicator, target, baseline, ctx.today, ctx.meta)
            return CommandResult(targets.id, targets.version, self._save(targets))

        return self._retrying(attempt)
