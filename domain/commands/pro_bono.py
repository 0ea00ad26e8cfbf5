"""Commands of the pro bono worker bank (プロボノワーカーバンク): a worker registers, pauses,
resumes or leaves; the concierge (プロボノコンシェルジュ) proposes a worker for a case's need,
and the match is accepted or declined, then completed with the hours given.

Each changes the worker's `Party` (ADR 2026-12-02-pro-bono-and-suggestions); a match also
names the case whose need it serves. The need itself is a case step (`DeclareProBonoNeed`).
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from domain import rules
from domain.commands.base import (
    Command,
    business_date,
    commands_in,
    count,
    free,
    plain,
    ref,
    skill_check,
    skills_check,
    vocabulary,
)
from domain.commands.party import PartyCommand
from domain.errors import BlankValueError


def municipalities_check(value: Any, name: str, label: str) -> tuple[str, ...]:
    codes = tuple(dict.fromkeys(rules.municipality_code(m) for m in value))
    if not codes:
        raise BlankValueError(field=name, label=label)
    return codes


class RegisterProBonoWorker(PartyCommand, label="プロボノワーカーバンクへの登録"):
    """A registered pro bono worker joins the bank (again, after leaving it)."""

    skills: tuple[str, ...] = vocabulary(
        "スキル", skills_check, description="Skills: codes or Japanese names"
    )
    municipalities: tuple[str, ...] = vocabulary(
        "活動できる市町", municipalities_check, description="市町: codes or Japanese names"
    )
    years_of_experience: int = count("経験年数")
    hours_per_month: int = count("月あたりの活動可能時間")
    available_until: date | None = plain("活動できる期限", None)
    contact_consent: bool = plain("連絡を受けることへの同意", False)
    occurred_on: date | None = business_date("登録日", optional=True)


class PauseProBonoWork(PartyCommand, label="プロボノ活動の休止"):
    reason: str = free("休止の理由", "")
    occurred_on: date | None = business_date(optional=True)


class ResumeProBonoWork(PartyCommand, label="プロボノ活動の再開"):
    occurred_on: date | None = business_date(optional=True)


class LeaveProBonoBank(PartyCommand, label="プロボノワーカーバンクからの退会"):
    reason: str = free("退会の理由", "")
    occurred_on: date | None = business_date(optional=True)


class ProBonoMatchCommand(PartyCommand):
    """A step of the match between the worker (`party_id`) and one case's need."""

    case_id: UUID = ref("case", "案件")


class ProposeProBonoMatch(ProBonoMatchCommand, label="プロボノのマッチング提案"):
    skill: str = vocabulary("スキル", skill_check, description="A skill the case needs")
    hours: int = count("依頼する時間")
    occurred_on: date | None = business_date(optional=True)


class AcceptProBonoMatch(ProBonoMatchCommand, label="プロボノのマッチング承諾"):
    occurred_on: date | None = business_date(optional=True)


class DeclineProBonoMatch(ProBonoMatchCommand, label="プロボノのマッチング辞退"):
    reason: str = free("辞退の理由", "")
    occurred_on: date | None = business_date(optional=True)


class CompleteProBonoMatch(ProBonoMatchCommand, label="プロボノ活動の完了"):
    hours_given: int = count("活動した時間")
    occurred_on: date | None = business_date(optional=True)


PRO_BONO_COMMANDS: tuple[type[Command], ...] = commands_in(globals())

MATCH_COMMANDS: tuple[type[ProBonoMatchCommand], ...] = tuple(
    command for command in PRO_BONO_COMMANDS if issubclass(command, ProBonoMatchCommand)
)
