"""A small vocabulary for the pro bono tests: a worker registered in the bank, a case that
needs a skill."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

from application.ledger import Ledger
from domain.values import CommandContext, ContactDetails
from domain.vocabulary import PartyKind
from tests.support import FACILITATOR, OPENED_ON, CaseFixture

REGISTERED_ON = OPENED_ON - timedelta(days=20)


def worker(
    ledger: Ledger,
    person: str = "山田 花子",
    ctx: CommandContext = FACILITATOR,
    municipality: str = "山口市",
) -> UUID:
    """A pro bono worker registered as a party (not yet in the bank)."""
    return ledger.register_party(
        ctx,
        kind=PartyKind.PRO_BONO_WORKER,
        name="",
        municipality=municipality,
        contact=ContactDetails(person_name=person, email="hanako@example.jp"),
        occurred_on=REGISTERED_ON - timedelta(days=1),
    ).aggregate_id


def join_bank(
    ledger: Ledger,
    party_id: UUID,
    skills: tuple[str, ...] = ("広報・デザイン",),
    *,
    consent: bool = True,
    until: date | None = None,
    on: date = REGISTERED_ON,
    ctx: CommandContext = FACILITATOR,
) -> None:
    ledger.register_pro_bono_worker(
        ctx,
        party_id,
        skills=skills,
        municipalities=("山口市", "防府市"),
        years_of_experience=10,
        hours_per_month=8,
        available_until=until,
        contact_consent=consent,
        occurred_on=on,
    )


def needing(case: CaseFixture, skill: str = "広報・デザイン", hours: int = 20) -> UUID:
    case.open()
    case.ledger.declare_pro_bono_need(
        case.ctx, case.id, skill=skill, hours=hours, occurred_on=OPENED_ON + timedelta(days=3)
    )
    return case.id
