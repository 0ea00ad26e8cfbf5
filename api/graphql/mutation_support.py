"""What the mutation modules share: the result union shape, ID decoding, the wait flag."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

import strawberry

from api.graphql.context import Info
from api.graphql.errors import Conflict, NotFound, RuleViolation, ValidationError
from api.graphql.ids import bad_input, decode_id
from api.graphql.payloads import CasePayload, MeetingPayload, PartyPayload
from domain.ledger import Ledger

CaseResult = CasePayload | RuleViolation | NotFound | Conflict | ValidationError
PartyResult = PartyPayload | RuleViolation | NotFound | Conflict | ValidationError
MeetingResult = MeetingPayload | RuleViolation | NotFound | Conflict | ValidationError


def result_union(name: str) -> Any:
    """A named union: `Annotated[CaseResult, result_union("JoinPartyResult")]`."""
    return strawberry.union(name)


WAIT = strawberry.argument(
    description="Wait (at most a few seconds) until the read models include this write"
)


def ledger(info: Info) -> Ledger:
    return info.context.container.ledger


def as_case(value: strawberry.ID, argument: str = "caseId") -> UUID:
    return decode_id(value, "Case", argument)


def as_party(value: strawberry.ID, argument: str = "partyId") -> UUID:
    return decode_id(value, "Party", argument)


def as_meeting(value: strawberry.ID, argument: str = "meetingId") -> UUID:
    return decode_id(value, "Meeting", argument)


def correction_changes(raw: Any) -> dict[str, Any]:
    """A correction's changes: a JSON object; dates arrive as ISO strings."""
    if not isinstance(raw, dict):
        raise bad_input("changes はオブジェクトで指定してください", "changes")
    changes = dict(raw)
    if isinstance(changes.get("occurred_on"), str):
        try:
            changes["occurred_on"] = date.fromisoformat(changes["occurred_on"])
        except ValueError:
            raise bad_input("occurred_on は YYYY-MM-DD で指定してください", "changes") from None
    return changes
