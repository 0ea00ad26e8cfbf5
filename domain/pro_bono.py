"""The pro bono worker bank (プロボノワーカーバンク) on the worker's own `Party`.

A worker's membership, availability and matches are steps of their party: the bank needs no
aggregate of its own, and every command names the worker by the party's id (ADR
2026-12-02-pro-bono-and-suggestions). `ProBonoMembership` holds the events and rules; `Party`
inherits them. A match is known by the case it serves: one open match per worker and case.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, ClassVar
from uuid import UUID

from domain import rules
from domain.commands import pro_bono as p
from domain.commands.base import Command, skill_check
from domain.context import StepContext
from domain.errors import RuleViolation
from domain.events import DatedEvent, adopt
from domain.pro_bono_vocabulary import SKILL_BY_KEY
from domain.vocabulary import PartyKind

ACTIVE, PAUSED, LEFT = "active", "paused", "left"
PROPOSED, ACCEPTED, DECLINED, COMPLETED = "proposed", "accepted", "declined", "completed"
OPEN_MATCHES = frozenset({PROPOSED, ACCEPTED})


class NotAProBonoWorkerError(RuleViolation):
    code = "not_a_pro_bono_worker"
    template = "プロボノワーカーとして登録された個人だけがバンクに登録できます"


class AlreadyInProBonoBankError(RuleViolation):
    code = "already_in_pro_bono_bank"
    template = "すでにプロボノワーカーバンクに登録されています"


class NotInProBonoBankError(RuleViolation):
    code = "not_in_pro_bono_bank"
    template = "プロボノワーカーバンクに登録されていません"


class ProBonoWorkerNotActiveError(RuleViolation):
    code = "pro_bono_worker_not_active"
    template = "このプロボノワーカーは活動を休止しているか、退会しています"


class ProBonoWorkNotPausedError(RuleViolation):
    code = "pro_bono_work_not_paused"
    template = "このプロボノワーカーは活動を休止していません"


class ProBonoNoContactConsentError(RuleViolation):
    code = "pro_bono_no_contact_consent"
    template = "連絡を受けることに同意していないプロボノワーカーには提案できません"


class ProBonoSkillNotOfferedError(RuleViolation):
    code = "pro_bono_skill_not_offered"
    template = "このプロボノワーカーは「{skill}」を登録していません"


class ProBonoAvailabilityOverError(RuleViolation):
    code = "pro_bono_availability_over"
    template = "このプロボノワーカーの活動できる期限（{until}）を過ぎています"


class ProBonoNeedNotDeclaredError(RuleViolation):
    code = "pro_bono_need_not_declared"
    template = "この案件には「{skill}」のプロボノの依頼が登録されていません"


class ProBonoMatchAlreadyOpenError(RuleViolation):
    code = "pro_bono_match_already_open"
    template = "この案件にはすでにこのプロボノワーカーとのマッチングが進んでいます"


class ProBonoMatchNotProposedError(RuleViolation):
    code = "pro_bono_match_not_proposed"
    template = "この案件に提案中のマッチングがありません"


class ProBonoMatchNotAcceptedError(RuleViolation):
    code = "pro_bono_match_not_accepted"
    template = "承諾されていないマッチングは完了できません"


def skill_label(code: str) -> str:
    term = SKILL_BY_KEY.get(code)
    return code if term is None else term.ja


class BankStatusChanged(DatedEvent):
    """A step that only moves the worker to `STATUS` in the bank."""

    STATUS: ClassVar[str]

    def apply(self, party: Any) -> None:
        party.bank_status = self.STATUS


class MatchStep(DatedEvent):
    """A step of the worker's match with one case: the match moves to `STATE`."""

    STATE: ClassVar[str]
    case_id: UUID

    def apply(self, party: Any) -> None:
        party.matches = {**party.matches, self.case_id: self.STATE}


class ProBonoMembership:
    """The bank's events and rules, inherited by `Party`; its state defaults to "never
    registered", so that parties stored before the bank existed load unchanged."""

    kind: PartyKind
    bank_status: str | None = None
    skills: tuple[str, ...] = ()
    available_until: date | None = None
    contact_consent: bool = False
    matches: Mapping[UUID, str] = {}
    """The state of the worker's match with each case it was proposed for."""

    trigger_event: Any

    class ProBonoWorkerRegistered(
        DatedEvent, topic="kyodo:Party.ProBonoWorkerRegistered", command=p.RegisterProBonoWorker
    ):
        """The worker joined the pro bono worker bank with skills and availability."""

        skills: tuple[str, ...]
        municipalities: tuple[str, ...]
        years_of_experience: int
        hours_per_month: int
        available_until: date | None
        contact_consent: bool

        def apply(self, party: Any) -> None:
            party.bank_status = ACTIVE
            adopt(party, self, "skills", "available_until", "contact_consent")

    class ProBonoWorkPaused(
        BankStatusChanged, topic="kyodo:Party.ProBonoWorkPaused", command=p.PauseProBonoWork
    ):
        """The worker paused: no new match is proposed to them meanwhile."""

        STATUS = PAUSED
        reason: str

    class ProBonoWorkResumed(
        BankStatusChanged, topic="kyodo:Party.ProBonoWorkResumed", command=p.ResumeProBonoWork
    ):
        """The worker is available again."""

        STATUS = ACTIVE

    class ProBonoBankLeft(
        BankStatusChanged, topic="kyodo:Party.ProBonoBankLeft", command=p.LeaveProBonoBank
    ):
        """The worker left the bank (they may register again)."""

        STATUS = LEFT
        reason: str

    class ProBonoMatchProposed(
        MatchStep, topic="kyodo:Party.ProBonoMatchProposed", command=p.ProposeProBonoMatch
    ):
        """The concierge proposed the worker for a case's need (マッチング提案)."""

        STATE = PROPOSED
        skill: str
        hours: int

    class ProBonoMatchAccepted(
        MatchStep, topic="kyodo:Party.ProBonoMatchAccepted", command=p.AcceptProBonoMatch
    ):
        """The worker accepted the match."""

        STATE = ACCEPTED

    class ProBonoMatchDeclined(
        MatchStep, topic="kyodo:Party.ProBonoMatchDeclined", command=p.DeclineProBonoMatch
    ):
        """The worker declined the match."""

        STATE = DECLINED
        reason: str

    class ProBonoMatchCompleted(
        MatchStep, topic="kyodo:Party.ProBonoMatchCompleted", command=p.CompleteProBonoMatch
    ):
        """The worker's part was done, with the hours they gave."""

        STATE = COMPLETED
        hours_given: int

    # --- the rules ---------------------------------------------------------------------

    def _step(self, event: type[DatedEvent], cmd: Command, ctx: StepContext) -> None:
        occurred_on = cmd.on(ctx.today)
        rules.require_not_future(occurred_on, ctx.today)
        fields = {**cmd.checked(), "occurred_on": occurred_on}
        self.trigger_event(event, meta=ctx.meta, **fields)

    def register_pro_bono_worker(self, cmd: p.RegisterProBonoWorker, ctx: StepContext) -> None:
        if not self.kind.is_natural_person:
            raise NotAProBonoWorkerError()
        if self.bank_status in (ACTIVE, PAUSED):
            raise AlreadyInProBonoBankError()
        self._step(self.ProBonoWorkerRegistered, cmd, ctx)

    def pause_pro_bono_work(self, cmd: p.PauseProBonoWork, ctx: StepContext) -> None:
        self._require_active()
        self._step(self.ProBonoWorkPaused, cmd, ctx)

    def resume_pro_bono_work(self, cmd: p.ResumeProBonoWork, ctx: StepContext) -> None:
        self._require_member()
        if self.bank_status != PAUSED:
            raise ProBonoWorkNotPausedError()
        self._step(self.ProBonoWorkResumed, cmd, ctx)

    def leave_pro_bono_bank(self, cmd: p.LeaveProBonoBank, ctx: StepContext) -> None:
        self._require_member()
        self._step(self.ProBonoBankLeft, cmd, ctx)

    def propose_pro_bono_match(self, cmd: p.ProposeProBonoMatch, ctx: StepContext) -> None:
        """Only an active worker who consented to be contacted, offers the skill and is
        still available; the case's need is checked by the case (`Case.require_need`)."""
        self._require_active()
        if not self.contact_consent:
            raise ProBonoNoContactConsentError()
        skill = skill_check(cmd.skill, "skill", "スキル")
        if skill not in self.skills:
            raise ProBonoSkillNotOfferedError(skill=skill_label(skill))
        until = self.available_until
        if until is not None and cmd.on(ctx.today) > until:
            raise ProBonoAvailabilityOverError(until=until.isoformat())
        if self.matches.get(cmd.case_id) in OPEN_MATCHES:
            raise ProBonoMatchAlreadyOpenError()
        self._step(self.ProBonoMatchProposed, cmd, ctx)

    def accept_pro_bono_match(self, cmd: p.AcceptProBonoMatch, ctx: StepContext) -> None:
        self._require_match(cmd.case_id, PROPOSED, ProBonoMatchNotProposedError())
        self._step(self.ProBonoMatchAccepted, cmd, ctx)

    def decline_pro_bono_match(self, cmd: p.DeclineProBonoMatch, ctx: StepContext) -> None:
        self._require_match(cmd.case_id, PROPOSED, ProBonoMatchNotProposedError())
        self._step(self.ProBonoMatchDeclined, cmd, ctx)

    def complete_pro_bono_match(self, cmd: p.CompleteProBonoMatch, ctx: StepContext) -> None:
        self._require_match(cmd.case_id, ACCEPTED, ProBonoMatchNotAcceptedError())
        self._step(self.ProBonoMatchCompleted, cmd, ctx)

    def _require_member(self) -> None:
        if self.bank_status not in (ACTIVE, PAUSED):
            raise NotInProBonoBankError()

    def _require_active(self) -> None:
        self._require_member()
        if self.bank_status != ACTIVE:
            raise ProBonoWorkerNotActiveError()

    def _require_match(self, case_id: UUID, state: str, refusal: RuleViolation) -> None:
        if self.matches.get(case_id) != state:
            raise refusal
