"""Commands on information-sharing meetings (情報共有・検討会議)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar
from uuid import UUID

from domain.commands.base import Command, centres_check, commands_in, declare, plain, ref


@dataclass(frozen=True)
class HoldMeeting(Command):
    label = "情報共有・検討会議の開催"
    title: str = plain("会議名")
    host_centre: str = plain("主催センター")
    occurred_on: date = plain("開催日")
    attending_centres: tuple[str, ...] = declare("参加センター", centres_check, default=())


@dataclass(frozen=True)
class PresentAtMeeting(Command):
    """The case and the meeting record the presentation in one save; the case answers."""

    label = "会議で共有"
    acts_on: ClassVar[str | None] = "case_id"
    meeting_id: UUID = ref("meeting", "会議")
    case_id: UUID = ref("case", "案件")


@dataclass(frozen=True)
class AgreeFollowUp(Command):
    label = "横展開の決定"
    acts_on: ClassVar[str | None] = "meeting_id"
    meeting_id: UUID = ref("meeting", "会議")
    case_id: UUID = ref("case", "案件")
    municipality: str = plain("横展開先の市町")
    owner_centre: str = plain("担当センター")
    action: str = plain("横展開の内容")


MEETING_COMMANDS: tuple[type[Command], ...] = commands_in(globals())
