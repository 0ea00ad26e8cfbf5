"""Commands on information-sharing meetings (情報共有・検討会議)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.commands.base import (
    Command,
    business_date,
    centres_check,
    commands_in,
    declare,
    plain,
    ref,
    text,
)


class HoldMeeting(Command, label="情報共有・検討会議の開催"):
    title: str = plain("会議名")
    host_centre: str = plain("主催センター")
    occurred_on: date = business_date("開催日")
    attending_centres: tuple[str, ...] = declare("参加センター", centres_check, default=())


class PresentAtMeeting(Command, label="会議で共有", acts_on="case_id"):
    """The case and the meeting record the presentation in one save; the case answers."""

    meeting_id: UUID = ref("meeting", "会議")
    case_id: UUID = ref("case", "案件")


class AgreeFollowUp(Command, label="横展開の決定", acts_on="meeting_id"):
    meeting_id: UUID = ref("meeting", "会議")
    case_id: UUID = ref("case", "案件")
    municipality: str = plain("横展開先の市町")
    owner_centre: str = plain("担当センター")
    action: str = plain("横展開の内容")


class DropFollowUp(Command, label="横展開の見送り", acts_on="meeting_id"):
    """The meeting gives up a follow-up it agreed (the city will not take the story up after
    all): named by its case and municipality, with the reason. The agreement stays recorded."""

    meeting_id: UUID = ref("meeting", "会議")
    case_id: UUID = ref("case", "案件")
    municipality: str = plain("横展開先の市町")
    reason: str = text("見送りの理由")
    occurred_on: date = business_date("見送りを決めた日")


MEETING_COMMANDS: tuple[type[Command], ...] = commands_in(globals())
