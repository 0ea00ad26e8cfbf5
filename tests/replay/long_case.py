"""A long case built quickly: notes added to the loaded aggregate and saved in batches, as
many commands in a row would leave it (the ledger snapshots it on the way)."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

from application.handling import step_context
from application.ledger import Ledger
from domain.commands.case import AddNote
from tests.support import FACILITATOR, OPENED_ON, CaseFixture

BATCH = 250


def long_case(ledger: Ledger, versions: int) -> UUID:
    """A case of `versions` events: opened, two parties joined, then notes (one a day)."""
    fixture = CaseFixture(ledger)
    fixture.open()
    fixture.join("こどもの未来")
    fixture.join("山口食品株式会社")
    case = ledger.get_case(fixture.id)
    context = step_context(ledger, FACILITATOR)
    for n in range(versions - case.version):
        on = min(OPENED_ON + timedelta(days=10 + n // 10), date(2025, 3, 1))
        case.add_note(AddNote(case_id=case.id, text=f"メモ{n + 1}", occurred_on=on), context)
        if len(case.pending_events) >= BATCH:
            ledger.save(case)
    ledger.save(case)
    return fixture.id
