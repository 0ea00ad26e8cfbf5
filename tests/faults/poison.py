"""Events an old version could store before the edge refused their text, stored directly."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from application.ledger import Ledger
from domain.case import Case
from tests.support import FACILITATOR

MARK = "POISON-MARK"


def noted(ledger: Ledger, case_id: UUID, text: str) -> Case:
    """The case with a note triggered on it directly, past the command and its checks."""
    case = ledger.get_case(case_id)
    case.trigger_event(
        Case.NoteAdded, text=text, occurred_on=date(2024, 6, 1), meta=FACILITATOR.meta
    )
    return case


def store_note_with_nul(ledger: Ledger, case_id: UUID) -> int:
    """A note holding NUL, saved as an old version did (JSON keeps it as `\\u0000`)."""
    ledger.save(noted(ledger, case_id, "電話\x00確認"))
    return ledger.recorder.max_notification_id() or 0


def store_note_with_lone_surrogate(ledger: Ledger, case_id: UUID) -> int:
    """A note holding a lone surrogate (`\\ud800` in its JSON): it decodes, but no store can
    write it into a text column. Stored with the recorder, past the ledger's transcoder."""
    (event,) = noted(ledger, case_id, MARK).collect_events()
    stored = ledger.mapper.to_stored_event(event)
    poisoned = type(stored)(
        originator_id=stored.originator_id,
        originator_version=stored.originator_version,
        topic=stored.topic,
        state=stored.state.replace(MARK.encode(), b"\\ud800"),
    )
    ledger.recorder.insert_events([poisoned])
    return ledger.recorder.max_notification_id() or 0
