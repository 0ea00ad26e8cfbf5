"""What a rule may know besides the command and its aggregate: today, who asks, and the
directory of other aggregates the ledger looks up for it (a port: the domain does no I/O)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Protocol
from uuid import UUID

from domain.values import EventMeta, PartyRef

if TYPE_CHECKING:
    from domain.meeting import Meeting


class Directory(Protocol):
    """Looks up what a rule needs from other aggregates; raises the not-found errors."""

    def party_ref(self, party_id: UUID) -> PartyRef: ...

    def publication_consent(self, party_id: UUID) -> bool: ...

    def meeting(self, meeting_id: UUID) -> Meeting: ...


@dataclass(frozen=True)
class StepContext:
    """`today` is Asia/Tokyo's date; `meta` goes on every event the step records."""

    today: date
    meta: EventMeta
    directory: Directory
    may_approve: bool = False
    """Whether the actor may approve a success case's publication (the ledger's table says)."""
