"""Information-sharing meetings (情報共有・検討会議): where success cases travel."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain import rules
from domain.errors import FollowUpNeedsPresentationError
from domain.values import EventMeta, FollowUp


class Meeting(Aggregate):
    """One information-sharing meeting, its presented cases and its follow-ups."""

    TOPIC = "kyodo:Meeting"

    class Event(Aggregate.Event):
        occurred_on: date
        meta: EventMeta

    class Created(Aggregate.Created):
        TOPIC = "kyodo:Meeting.Created"

    class MeetingHeld(Aggregate.Created):
        """A meeting took place, hosted by one centre with others attending."""

        TOPIC = "kyodo:Meeting.MeetingHeld"
        title: str
        host_centre: str
        attending_centres: tuple[str, ...]
        occurred_on: date
        meta: EventMeta

    class CasePresented(Event):
        """A success case was presented at the meeting."""

        TOPIC = "kyodo:Meeting.CasePresented"
        case_id: UUID

    class FollowUpAgreed(Event):
        """The meeting decided to replicate a case elsewhere (横展開), with an owner."""

        TOPIC = "kyodo:Meeting.FollowUpAgreed"
        follow_up: FollowUp

    @event(MeetingHeld)
    def __init__(
        self,
        *,
        title: str,
        host_centre: str,
        attending_centres: tuple[str, ...],
        occurred_on: date,
        meta: EventMeta,
    ) -> None:
        self.title = title
        self.host_centre = host_centre
        self.attending_centres = attending_centres
        self.held_on = occurred_on
        self.presented: list[UUID] = []
        self.follow_ups: list[FollowUp] = []

    @classmethod
    def hold(
        cls,
        *,
        title: str,
        host_centre: str,
        attending_centres: tuple[str, ...],
        occurred_on: date,
        today: date,
        meta: EventMeta,
    ) -> Meeting:
        rules.require_not_future(occurred_on, today)
        host = rules.centre_code(host_centre)
        attending = tuple(dict.fromkeys(rules.centre_code(c) for c in attending_centres))
        return cls(
            title=rules.require_text(title, "title", "会議名"),
            host_centre=host,
            attending_centres=attending,
            occurred_on=occurred_on,
            meta=meta,
        )

    def record_presentation(self, case_id: UUID, meta: EventMeta) -> None:
        self._case_presented(case_id=case_id, occurred_on=self.held_on, meta=meta)

    @event(CasePresented)
    def _case_presented(self, case_id: UUID, occurred_on: date, meta: EventMeta) -> None:
        if case_id not in self.presented:
            self.presented.append(case_id)

    def agree_follow_up(self, follow_up: FollowUp, meta: EventMeta) -> None:
        if follow_up.case_id not in self.presented:
            raise FollowUpNeedsPresentationError()
        checked = FollowUp(
            case_id=follow_up.case_id,
            municipality=rules.municipality_code(follow_up.municipality),
            owner_centre=rules.centre_code(follow_up.owner_centre),
            action=rules.require_text(follow_up.action, "action", "横展開の内容"),
        )
        self._follow_up_agreed(follow_up=checked, occurred_on=self.held_on, meta=meta)

    @event(FollowUpAgreed)
    def _follow_up_agreed(self, follow_up: FollowUp, occurred_on: date, meta: EventMeta) -> None:
        self.follow_ups.append(follow_up)
