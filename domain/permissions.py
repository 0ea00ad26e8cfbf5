"""Who may do what (DESIGN.md, "Trust"). The ledger asks before it loads anything to change."""

from __future__ import annotations

from domain.errors import NotAllowedError
from domain.values import Actor
from domain.vocabulary import ActorRole

_CASE_WRITERS = {ActorRole.FACILITATOR, ActorRole.CHIEF_FACILITATOR, ActorRole.SYSTEM}
_PARTY_WRITERS = {
    ActorRole.FACILITATOR,
    ActorRole.CHIEF_FACILITATOR,
    ActorRole.ADMIN,
    ActorRole.SYSTEM,
}
_TARGET_WRITERS = {ActorRole.CHIEF_FACILITATOR, ActorRole.ADMIN, ActorRole.SYSTEM}
_MEETING_WRITERS = {ActorRole.MEETING, ActorRole.CHIEF_FACILITATOR, ActorRole.SYSTEM}


def authorise_case_write(actor: Actor, centre: str) -> None:
    """Facilitators write in their own centre's cases; chief facilitators in every case."""
    if actor.role not in _CASE_WRITERS:
        raise NotAllowedError(reason=f"{actor.role.ja}は案件を記録できません")
    if actor.role is ActorRole.FACILITATOR and actor.centre != centre:
        raise NotAllowedError(reason="他のセンターの案件です")


def authorise_party_write(actor: Actor) -> None:
    if actor.role not in _PARTY_WRITERS:
        raise NotAllowedError(reason=f"{actor.role.ja}は団体を登録・変更できません")


def authorise_meeting_write(actor: Actor) -> None:
    if actor.role not in _MEETING_WRITERS:
        raise NotAllowedError(reason=f"{actor.role.ja}は会議の結果を記録できません")


def authorise_target_write(actor: Actor) -> None:
    """KPI targets and baselines are the prefecture's: chief facilitators and administrators."""
    if actor.role not in _TARGET_WRITERS:
        raise NotAllowedError(reason=f"{actor.role.ja}は目標値を設定できません")
