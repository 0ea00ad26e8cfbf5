"""Information-sharing meetings (情報共有・検討会議): where success cases travel."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

from domain import rules
from domain.commands.meeting import AgreeFollowUp, DropFollowUp, HoldMeeting
from domain.context import StepContext
from domain.errors import (
    DateBeforeMeetingError,
    FollowUpAlreadyDroppedError,
    FollowUpNeedsPresentationError,
    FollowUpNotFoundError,
)
from domain.events import DatedCreation, DatedEvent, LedgerAggregate, adopts
from domain.values import EventMeta, FollowUp
from domain.vocabulary import MUNICIPALITY_BY_KEY


class Meeting(LedgerAggregate, topic="kyodo:Meeting"):
    """One information-sharing meeting, its presented cases and its follow-ups."""

    class Event(DatedEvent):
        """A step of a meeting."""

    class MeetingHeld(DatedCreation, topic="kyodo:Meeting.MeetingHeld"):
        """A meeting took place, hosted by one centre with others attending."""

        title: str
        host_centre: str
        attending_centres: tuple[str, ...]

        apply = adopts("title", "host_centre", "attending_centres", held_on="occurred_on")

    class CasePresented(Event, topic="kyodo:Meeting.CasePresented"):
        """A success case was presented at the meeting."""

        case_id: UUID

        def apply(self, meeting: Meeting) -> None:
            if self.case_id not in meeting.presented:
                meeting.presented.append(self.case_id)

    class FollowUpAgreed(Event, topic="kyodo:Meeting.FollowUpAgreed"):
        """The meeting decided to replicate a case elsewhere (横展開), with an owner."""

        follow_up: FollowUp

        def apply(self, meeting: Meeting) -> None:
            meeting.follow_ups.append(self.follow_up)

    class FollowUpDropped(Event, topic="kyodo:Meeting.FollowUpDropped"):
        """The meeting gave up a follow-up it agreed (横展開の見送り), with the reason."""

        case_id: UUID
        municipality: str
        reason: str

        def apply(self, meeting: Meeting) -> None:
            dropped = (self.case_id, self.municipality, self.occurred_on)
            meeting.dropped = (*meeting.dropped, dropped)

    dropped: tuple[tuple[UUID, str, date], ...] = ()
    """The follow-ups given up: their case, municipality and the day (a class default, so
    that meetings stored before load to the state they had)."""

    def __init__(self) -> None:
        self.presented: list[UUID] = []
        self.follow_ups: list[FollowUp] = []
        # Set by MeetingHeld.apply:
        self.title: str
        self.host_centre: str
        self.attending_centres: tuple[str, ...]
        self.held_on: date

    @classmethod
    def hold_meeting(cls, cmd: HoldMeeting, ctx: StepContext) -> Meeting:
        rules.require_not_future(cmd.occurred_on, ctx.today)
        host = rules.centre_code(cmd.host_centre)
        fields = cmd.checked()
        return cls._create(
            cls.MeetingHeld,
            id=uuid4(),
            title=rules.require_text(cmd.title, "title", "会議名"),
            host_centre=host,
            attending_centres=fields["attending_centres"],
            occurred_on=cmd.occurred_on,
            meta=ctx.meta,
        )

    def record_presentation(self, case_id: UUID, meta: EventMeta) -> None:
        """Recorded with the case's own step, in the same save (`Case.present_at_meeting`)."""
        self.trigger_event(self.CasePresented, case_id=case_id, occurred_on=self.held_on, meta=meta)

    def agree_follow_up(self, cmd: AgreeFollowUp, ctx: StepContext) -> None:
        cmd.require_storable()
        if cmd.case_id not in self.presented:
            raise FollowUpNeedsPresentationError()
        checked = FollowUp(
            case_id=cmd.case_id,
            municipality=rules.municipality_code(cmd.municipality),
            owner_centre=rules.centre_code(cmd.owner_centre),
            action=rules.require_text(cmd.action, "action", "横展開の内容"),
        )
        self.trigger_event(
            self.FollowUpAgreed, follow_up=checked, occurred_on=self.held_on, meta=ctx.meta
        )

    def drop_follow_up(self, cmd: DropFollowUp, ctx: StepContext) -> None:
        cmd.require_storable()
        rules.require_not_future(cmd.occurred_on, ctx.today)
        if cmd.occurred_on < self.held_on:
            raise DateBeforeMeetingError(
                occurred_on=cmd.occurred_on.isoformat(), held_on=self.held_on.isoformat()
            )
        municipality = rules.municipality_code(cmd.municipality)
        if not any(
            f.case_id == cmd.case_id and f.municipality == municipality for f in self.follow_ups
        ):
            raise FollowUpNotFoundError(municipality=MUNICIPALITY_BY_KEY[municipality].ja)
        for case_id, where, dropped_on in self.dropped:
            if (case_id, where) == (cmd.case_id, municipality):
                raise FollowUpAlreadyDroppedError(dropped_on=dropped_on.isoformat())
        self.trigger_event(
            self.FollowUpDropped,
            case_id=cmd.case_id,
            municipality=municipality,
            reason=rules.require_text(cmd.reason, "reason", "見送りの理由"),
            occurred_on=cmd.occurred_on,
            meta=ctx.meta,
        )
