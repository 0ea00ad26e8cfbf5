"""The collaboration case (協働案件): one collaboration from consultation to closure.

Public methods check the rules and raise named errors; private `@event` methods only
mutate, because they run again on every replay.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain import errors, rules
from domain.values import EventMeta, Outcome, PartyRef, RoleAssignment, SuccessStory
from domain.vocabulary import (
    ActorRole,
    CaseState,
    ClosureResult,
    CollaborationForm,
    PartyRole,
    ReviewKind,
)

_BEFORE_AGREEMENT = (CaseState.INTAKE, CaseState.COORDINATING)
_ENVELOPE = {"originator_id", "originator_version", "timestamp", "originator_topic", "meta"}


class Participation:
    """A party's place in a case, as the aggregate keeps it (not stored: derived by replay)."""

    def __init__(self, ref: PartyRef, role: PartyRole, contribution: str) -> None:
        self.ref = ref
        self.role = role
        self.contribution = contribution
        self.active = True


class Case(Aggregate):
    """A collaboration case. Its events are the steps a facilitator logs."""

    TOPIC = "kyodo:Case"

    class Event(Aggregate.Event):
        occurred_on: date
        meta: EventMeta

        def mutate(self, aggregate: Any) -> Any:
            mutated = super().mutate(aggregate)
            assert mutated is not None
            mutated.steps[self.originator_version] = type(self).__name__
            mutated.step_dates[self.originator_version] = self.occurred_on
            return mutated

    class Created(Aggregate.Created):
        TOPIC = "kyodo:Case.Created"

    class ConsultationReceived(Aggregate.Created):
        """A consultation was received and the case opened (相談受付)."""

        TOPIC = "kyodo:Case.ConsultationReceived"
        number: str
        title: str
        issue_statement: str
        municipality: str
        fields: tuple[str, ...]
        sdgs: tuple[int, ...]
        centre: str
        facilitator_id: str
        initiating_party: PartyRef
        replicates: UUID | None
        occurred_on: date
        meta: EventMeta

    class FacilitatorAssigned(Event):
        """Another facilitator took charge of the case."""

        TOPIC = "kyodo:Case.FacilitatorAssigned"
        facilitator_id: str

    class HearingHeld(Event):
        """The facilitator heard a party out about the issue (ヒアリング)."""

        TOPIC = "kyodo:Case.HearingHeld"
        party_id: UUID | None
        summary: str

    class PartnersProposed(Event):
        """The facilitator proposed partners to match (マッチング提案)."""

        TOPIC = "kyodo:Case.PartnersProposed"
        party_ids: tuple[UUID, ...]
        rationale: str

    class PartyJoined(Event):
        """A party joined the collaboration with a role and a contribution (参加)."""

        TOPIC = "kyodo:Case.PartyJoined"
        party: PartyRef
        role: PartyRole
        contribution: str

    class PartyWithdrew(Event):
        """A party left the collaboration (離脱)."""

        TOPIC = "kyodo:Case.PartyWithdrew"
        party_id: UUID
        reason: str

    class RoundtableHeld(Event):
        """The parties met around one table and recorded decisions (円卓会議)."""

        TOPIC = "kyodo:Case.RoundtableHeld"
        attendee_party_ids: tuple[UUID, ...]
        attendee_count: int
        agenda: str
        decisions: str
        next_actions: str

    class AgreementReached(Event):
        """The parties agreed on their roles, period, resources and form (合意)."""

        TOPIC = "kyodo:Case.AgreementReached"
        roles: tuple[RoleAssignment, ...]
        period_start: date
        period_end: date | None
        resources: str
        form: CollaborationForm

    class ActivityCarriedOut(Event):
        """An activity of the collaboration took place (活動の実施)."""

        TOPIC = "kyodo:Case.ActivityCarriedOut"
        title: str
        participants: int
        volunteers: int
        outputs: str

    class ReviewConducted(Event):
        """Outcomes were reviewed against the goals (振り返り・評価)."""

        TOPIC = "kyodo:Case.ReviewConducted"
        kind: ReviewKind
        outcomes: tuple[Outcome, ...]
        summary: str
        lessons: str

    class CaseClosed(Event):
        """The case was closed as succeeded, discontinued or withdrawn (完了)."""

        TOPIC = "kyodo:Case.CaseClosed"
        result: ClosureResult
        reason: str

    class CaseReopened(Event):
        """A closed case was taken up again (再開)."""

        TOPIC = "kyodo:Case.CaseReopened"
        reason: str

    class NominatedAsSuccessCase(Event):
        """The case was nominated for the success-case library (成功事例として推薦)."""

        TOPIC = "kyodo:Case.NominatedAsSuccessCase"
        reason: str

    class SuccessCasePublished(Event):
        """A chief facilitator approved and published the success story (公開)."""

        TOPIC = "kyodo:Case.SuccessCasePublished"
        story: SuccessStory
        approved_by: str

    class SuccessCaseWithdrawn(Event):
        """The success story was taken out of the library (公開の取り下げ)."""

        TOPIC = "kyodo:Case.SuccessCaseWithdrawn"
        reason: str

    class PresentedAtMeeting(Event):
        """The case was shared at an information-sharing meeting (会議で共有)."""

        TOPIC = "kyodo:Case.PresentedAtMeeting"
        meeting_id: UUID

    class StepCorrected(Event):
        """An earlier step was corrected; the original stays in the history (訂正)."""

        TOPIC = "kyodo:Case.StepCorrected"
        corrected_version: int
        corrected_step: str
        changes: dict[str, Any]
        reason: str

    class NoteAdded(Event):
        """A free note was added to the case (メモ)."""

        TOPIC = "kyodo:Case.NoteAdded"
        text: str

    @event(ConsultationReceived)
    def __init__(
        self,
        *,
        number: str,
        title: str,
        issue_statement: str,
        municipality: str,
        fields: tuple[str, ...],
        sdgs: tuple[int, ...],
        centre: str,
        facilitator_id: str,
        initiating_party: PartyRef,
        replicates: UUID | None,
        occurred_on: date,
        meta: EventMeta,
    ) -> None:
        self.number = number
        self.title = title
        self.municipality = municipality
        self.centre = centre
        self.facilitator_id = facilitator_id
        self.replicates = replicates
        self.opened_on = occurred_on
        self.state = CaseState.INTAKE
        self.state_before_closure = CaseState.INTAKE
        self.result: ClosureResult | None = None
        self.participations: dict[UUID, Participation] = {}
        self.has_agreement = False
        self.activity_count = 0
        self.review_count = 0
        self.nominated = False
        self.published = False
        self.steps: dict[int, str] = {1: "ConsultationReceived"}
        self.step_dates: dict[int, date] = {1: occurred_on}

    @classmethod
    def open(
        cls,
        *,
        case_id: UUID,
        number: str,
        title: str,
        issue_statement: str,
        municipality: str,
        fields: tuple[str, ...],
        sdgs: tuple[int, ...],
        centre: str,
        facilitator_id: str,
        initiating_party: PartyRef,
        replicates: UUID | None,
        occurred_on: date,
        today: date,
        meta: EventMeta,
    ) -> Case:
        rules.require_not_future(occurred_on, today)
        return cls._create(
            cls.ConsultationReceived,
            id=case_id,
            number=number,
            title=rules.require_text(title, "title", "案件名"),
            issue_statement=rules.require_text(issue_statement, "issueStatement", "地域課題"),
            municipality=rules.municipality_code(municipality),
            fields=rules.field_codes(fields),
            sdgs=rules.sdg_numbers(sdgs),
            centre=rules.centre_code(centre),
            facilitator_id=rules.require_text(
                facilitator_id, "facilitator", "担当ファシリテーター"
            ),
            initiating_party=initiating_party,
            replicates=replicates,
            occurred_on=occurred_on,
            meta=meta,
        )

    # --- queries the rules use -------------------------------------------------------

    @property
    def active_parties(self) -> list[PartyRef]:
        return [p.ref for p in self.participations.values() if p.active]

    @property
    def active_organisations(self) -> set[UUID]:
        return {ref.party_id for ref in self.active_parties if not ref.kind.is_natural_person}

    def _check_step(self, step: str, occurred_on: date, today: date) -> None:
        if self.state is CaseState.CLOSED:
            raise errors.CaseClosedError(step=step)
        rules.require_business_date(occurred_on, self.opened_on, today)

    def _check_date(self, occurred_on: date, today: date) -> None:
        rules.require_business_date(occurred_on, self.opened_on, today)

    # --- commands ------------------------------------------------------------------

    def assign_facilitator(
        self, facilitator_id: str, occurred_on: date, today: date, meta: EventMeta
    ) -> None:
        self._check_step("担当ファシリテーターの変更", occurred_on, today)
        text = rules.require_text(facilitator_id, "facilitator", "担当ファシリテーター")
        self._facilitator_assigned(facilitator_id=text, occurred_on=occurred_on, meta=meta)

    @event(FacilitatorAssigned)
    def _facilitator_assigned(
        self, facilitator_id: str, occurred_on: date, meta: EventMeta
    ) -> None:
        self.facilitator_id = facilitator_id

    def hold_hearing(
        self, party_id: UUID | None, summary: str, occurred_on: date, today: date, meta: EventMeta
    ) -> None:
        self._check_step("ヒアリング", occurred_on, today)
        text = rules.require_text(summary, "summary", "ヒアリングの内容")
        self._hearing_held(party_id=party_id, summary=text, occurred_on=occurred_on, meta=meta)

    @event(HearingHeld)
    def _hearing_held(
        self, party_id: UUID | None, summary: str, occurred_on: date, meta: EventMeta
    ) -> None:
        pass

    def propose_partners(
        self,
        party_ids: tuple[UUID, ...],
        rationale: str,
        occurred_on: date,
        today: date,
        meta: EventMeta,
    ) -> None:
        self._check_step("マッチング提案", occurred_on, today)
        if not party_ids:
            raise errors.BlankValueError(field="partyIds", label="提案する団体")
        self._partners_proposed(
            party_ids=tuple(dict.fromkeys(party_ids)),
            rationale=rationale.strip(),
            occurred_on=occurred_on,
            meta=meta,
        )

    @event(PartnersProposed)
    def _partners_proposed(
        self, party_ids: tuple[UUID, ...], rationale: str, occurred_on: date, meta: EventMeta
    ) -> None:
        if self.state is CaseState.INTAKE:
            self.state = CaseState.COORDINATING

    def join_party(
        self,
        party: PartyRef,
        role: PartyRole,
        contribution: str,
        occurred_on: date,
        today: date,
        meta: EventMeta,
    ) -> None:
        self._check_step("団体の参加", occurred_on, today)
        current = self.participations.get(party.party_id)
        if current is not None and current.active:
            raise errors.PartyAlreadyJoinedError(party=str(party.party_id))
        self._party_joined(
            party=party,
            role=role,
            contribution=contribution.strip(),
            occurred_on=occurred_on,
            meta=meta,
        )

    @event(PartyJoined)
    def _party_joined(
        self,
        party: PartyRef,
        role: PartyRole,
        contribution: str,
        occurred_on: date,
        meta: EventMeta,
    ) -> None:
        self.participations[party.party_id] = Participation(party, role, contribution)
        if self.state is CaseState.INTAKE:
            self.state = CaseState.COORDINATING

    def withdraw_party(
        self, party_id: UUID, reason: str, occurred_on: date, today: date, meta: EventMeta
    ) -> None:
        self._check_step("団体の離脱", occurred_on, today)
        current = self.participations.get(party_id)
        if current is None or not current.active:
            raise errors.PartyNotActiveError(party=str(party_id))
        text = rules.require_text(reason, "reason", "離脱の理由")
        self._party_withdrew(party_id=party_id, reason=text, occurred_on=occurred_on, meta=meta)

    @event(PartyWithdrew)
    def _party_withdrew(
        self, party_id: UUID, reason: str, occurred_on: date, meta: EventMeta
    ) -> None:
        self.participations[party_id].active = False

    def hold_roundtable(
        self,
        attendee_party_ids: tuple[UUID, ...],
        attendee_count: int,
        agenda: str,
        decisions: str,
        next_actions: str,
        occurred_on: date,
        today: date,
        meta: EventMeta,
    ) -> None:
        self._check_step("円卓会議", occurred_on, today)
        self._roundtable_held(
            attendee_party_ids=tuple(dict.fromkeys(attendee_party_ids)),
            attendee_count=rules.require_count(attendee_count, "attendeeCount", "参加者数"),
            agenda=rules.require_text(agenda, "agenda", "議題"),
            decisions=decisions.strip(),
            next_actions=next_actions.strip(),
            occurred_on=occurred_on,
            meta=meta,
        )

    @event(RoundtableHeld)
    def _roundtable_held(
        self,
        attendee_party_ids: tuple[UUID, ...],
        attendee_count: int,
        agenda: str,
        decisions: str,
        next_actions: str,
        occurred_on: date,
        meta: EventMeta,
    ) -> None:
        pass

    def reach_agreement(
        self,
        roles: tuple[RoleAssignment, ...],
        period_start: date,
        period_end: date | None,
        resources: str,
        form: CollaborationForm,
        occurred_on: date,
        today: date,
        meta: EventMeta,
    ) -> None:
        self._check_step("合意", occurred_on, today)
        if len(self.active_parties) < 2:
            raise errors.AgreementNeedsTwoPartiesError()
        if len(self.active_organisations) < 2:
            raise errors.AgreementNeedsTwoOrganisationsError()
        active = {ref.party_id for ref in self.active_parties}
        for assignment in roles:
            if assignment.party_id not in active:
                raise errors.PartyNotActiveError(party=str(assignment.party_id))
        missing = active - {assignment.party_id for assignment in roles}
        if missing:
            raise errors.AgreementRolesIncompleteError(missing="、".join(sorted(map(str, missing))))
        if period_end is not None and period_end < period_start:
            raise errors.InvalidValueError(
                field="periodEnd", label="協働期間", reason="終了日が開始日より前です"
            )
        self._agreement_reached(
            roles=roles,
            period_start=period_start,
            period_end=period_end,
            resources=resources.strip(),
            form=form,
            occurred_on=occurred_on,
            meta=meta,
        )

    @event(AgreementReached)
    def _agreement_reached(
        self,
        roles: tuple[RoleAssignment, ...],
        period_start: date,
        period_end: date | None,
        resources: str,
        form: CollaborationForm,
        occurred_on: date,
        meta: EventMeta,
    ) -> None:
        self.has_agreement = True
        if self.state in _BEFORE_AGREEMENT:
            self.state = CaseState.AGREED

    def carry_out_activity(
        self,
        title: str,
        participants: int,
        volunteers: int,
        outputs: str,
        occurred_on: date,
        today: date,
        meta: EventMeta,
    ) -> None:
        self._check_step("活動の実施", occurred_on, today)
        if not self.has_agreement:
            raise errors.ActivityNeedsAgreementError()
        self._activity_carried_out(
            title=rules.require_text(title, "title", "活動名"),
            participants=rules.require_count(participants, "participants", "参加者数"),
            volunteers=rules.require_count(volunteers, "volunteers", "ボランティア数"),
            outputs=outputs.strip(),
            occurred_on=occurred_on,
            meta=meta,
        )

    @event(ActivityCarriedOut)
    def _activity_carried_out(
        self,
        title: str,
        participants: int,
        volunteers: int,
        outputs: str,
        occurred_on: date,
        meta: EventMeta,
    ) -> None:
        self.activity_count += 1
        self.state = CaseState.IN_PROGRESS

    def conduct_review(
        self,
        kind: ReviewKind,
        outcomes: tuple[Outcome, ...],
        summary: str,
        lessons: str,
        occurred_on: date,
        today: date,
        meta: EventMeta,
    ) -> None:
        self._check_step("振り返り・評価", occurred_on, today)
        if self.activity_count == 0:
            raise errors.ReviewNeedsActivityError()
        self._review_conducted(
            kind=kind,
            outcomes=outcomes,
            summary=rules.require_text(summary, "summary", "評価の内容"),
            lessons=lessons.strip(),
            occurred_on=occurred_on,
            meta=meta,
        )

    @event(ReviewConducted)
    def _review_conducted(
        self,
        kind: ReviewKind,
        outcomes: tuple[Outcome, ...],
        summary: str,
        lessons: str,
        occurred_on: date,
        meta: EventMeta,
    ) -> None:
        self.review_count += 1
        self.state = CaseState.REVIEWING

    def close(
        self, result: ClosureResult, reason: str, occurred_on: date, today: date, meta: EventMeta
    ) -> None:
        self._check_step("完了", occurred_on, today)
        if result is ClosureResult.SUCCEEDED and self.review_count == 0:
            raise errors.SuccessNeedsReviewError()
        self._case_closed(result=result, reason=reason.strip(), occurred_on=occurred_on, meta=meta)

    @event(CaseClosed)
    def _case_closed(
        self, result: ClosureResult, reason: str, occurred_on: date, meta: EventMeta
    ) -> None:
        self.state_before_closure = self.state
        self.state = CaseState.CLOSED
        self.result = result

    def reopen(self, reason: str, occurred_on: date, today: date, meta: EventMeta) -> None:
        if self.state is not CaseState.CLOSED:
            raise errors.CaseNotClosedError()
        if self.published:
            raise errors.ReopenPublishedError()
        self._check_date(occurred_on, today)
        text = rules.require_text(reason, "reason", "再開の理由")
        self._case_reopened(reason=text, occurred_on=occurred_on, meta=meta)

    @event(CaseReopened)
    def _case_reopened(self, reason: str, occurred_on: date, meta: EventMeta) -> None:
        self.state = self.state_before_closure
        self.result = None
        self.nominated = False

    def nominate(self, reason: str, occurred_on: date, today: date, meta: EventMeta) -> None:
        self._check_date(occurred_on, today)
        if self.result is not ClosureResult.SUCCEEDED:
            raise errors.NominationNeedsSuccessError()
        if self.nominated:
            raise errors.AlreadyNominatedError()
        self._nominated(reason=reason.strip(), occurred_on=occurred_on, meta=meta)

    @event(NominatedAsSuccessCase)
    def _nominated(self, reason: str, occurred_on: date, meta: EventMeta) -> None:
        self.nominated = True

    def publish(
        self,
        story: SuccessStory,
        consents: Mapping[UUID, bool],
        occurred_on: date,
        today: date,
        meta: EventMeta,
    ) -> None:
        """`consents` holds each named party's publication consent, as the ledger read it."""
        self._check_date(occurred_on, today)
        if not self.nominated:
            raise errors.PublicationNeedsNominationError()
        if self.published:
            raise errors.AlreadyPublishedError()
        if meta.actor_role is not ActorRole.CHIEF_FACILITATOR:
            raise errors.PublicationNeedsChiefApprovalError()
        for party_id in story.party_ids:
            if party_id not in self.participations:
                raise errors.StoryNamesOutsiderError(party=str(party_id))
        refusing = [str(p) for p in story.party_ids if not consents.get(p, False)]
        if refusing:
            raise errors.PublicationNeedsConsentError(parties="、".join(refusing))
        checked = dataclasses.replace(
            story,
            title=rules.require_text(story.title, "title", "事例のタイトル"),
            summary=rules.require_text(story.summary, "summary", "事例の概要"),
        )
        self._published(
            story=checked, approved_by=meta.actor_id, occurred_on=occurred_on, meta=meta
        )

    @event(SuccessCasePublished)
    def _published(
        self, story: SuccessStory, approved_by: str, occurred_on: date, meta: EventMeta
    ) -> None:
        self.published = True

    def withdraw_publication(
        self, reason: str, occurred_on: date, today: date, meta: EventMeta
    ) -> None:
        self._check_date(occurred_on, today)
        if not self.published:
            raise errors.NotPublishedError()
        text = rules.require_text(reason, "reason", "取り下げの理由")
        self._publication_withdrawn(reason=text, occurred_on=occurred_on, meta=meta)

    @event(SuccessCaseWithdrawn)
    def _publication_withdrawn(self, reason: str, occurred_on: date, meta: EventMeta) -> None:
        self.published = False

    def present_at_meeting(
        self, meeting_id: UUID, occurred_on: date, today: date, meta: EventMeta
    ) -> None:
        self._check_date(occurred_on, today)
        if not (self.nominated or self.published):
            raise errors.PresentationNeedsSuccessCaseError()
        self._presented(meeting_id=meeting_id, occurred_on=occurred_on, meta=meta)

    @event(PresentedAtMeeting)
    def _presented(self, meeting_id: UUID, occurred_on: date, meta: EventMeta) -> None:
        pass

    def correct_step(
        self,
        corrected_version: int,
        changes: Mapping[str, Any],
        reason: str,
        occurred_on: date,
        today: date,
        meta: EventMeta,
    ) -> None:
        self._check_date(occurred_on, today)
        step = self.steps.get(corrected_version)
        if step is None:
            raise errors.CorrectionTargetMissingError(version=corrected_version)
        if not reason.strip():
            raise errors.CorrectionNeedsReasonError()
        if not changes:
            raise errors.CorrectionNeedsChangesError()
        allowed = correctable_fields(step)
        for name in changes:
            if name not in allowed:
                raise errors.CorrectionFieldUnknownError(step=STEP_LABELS[step], field=name)
        new_date = changes.get("occurred_on")
        if new_date is not None:
            if not isinstance(new_date, date):
                raise errors.InvalidValueError(
                    field="occurred_on", label="日付", reason="日付を指定してください"
                )
            if step != "ConsultationReceived":
                rules.require_business_date(new_date, self.opened_on, today)
            rules.require_not_future(new_date, today)
            if step == "ConsultationReceived":
                self._check_new_opening_date(new_date)
        checked = {name: rules.corrected_value(name, value) for name, value in changes.items()}
        self._step_corrected(
            corrected_version=corrected_version,
            corrected_step=step,
            changes=checked,
            reason=reason.strip(),
            occurred_on=occurred_on,
            meta=meta,
        )

    def _check_new_opening_date(self, new_date: date) -> None:
        """A consultation cannot be moved after a step that followed it."""
        later = [on for version, on in self.step_dates.items() if version != 1]
        if later and new_date > min(later):
            raise errors.ConsultationAfterStepsError(
                occurred_on=new_date.isoformat(), first=min(later).isoformat()
            )

    @event(StepCorrected)
    def _step_corrected(
        self,
        corrected_version: int,
        corrected_step: str,
        changes: dict[str, Any],
        reason: str,
        occurred_on: date,
        meta: EventMeta,
    ) -> None:
        new_date = changes.get("occurred_on")
        if isinstance(new_date, date):
            self.step_dates[corrected_version] = new_date
            if corrected_step == "ConsultationReceived":
                self.opened_on = new_date

    def add_note(self, text: str, occurred_on: date, today: date, meta: EventMeta) -> None:
        self._check_date(occurred_on, today)
        body = rules.require_text(text, "text", "メモ")
        self._note_added(text=body, occurred_on=occurred_on, meta=meta)

    @event(NoteAdded)
    def _note_added(self, text: str, occurred_on: date, meta: EventMeta) -> None:
        pass


CaseEvent = Case.Event | Case.ConsultationReceived
"""Any step of a case: the opening event is a "created" event, the others `Case.Event`s."""

STEP_CLASSES: dict[str, type[Aggregate.Event]] = {
    name: value
    for name, value in vars(Case).items()
    if isinstance(value, type)
    and issubclass(value, Aggregate.Event)
    and hasattr(value, "TOPIC")
    and name not in ("Created", "Event")
}

# The facilitators' names of the steps (GLOSSARY.md), for messages that name a step.
STEP_LABELS: dict[str, str] = {
    "ConsultationReceived": "相談受付",
    "FacilitatorAssigned": "担当ファシリテーターの変更",
    "HearingHeld": "ヒアリング",
    "PartnersProposed": "マッチング提案",
    "PartyJoined": "団体の参加",
    "PartyWithdrew": "団体の離脱",
    "RoundtableHeld": "円卓会議",
    "AgreementReached": "合意",
    "ActivityCarriedOut": "活動の実施",
    "ReviewConducted": "振り返り・評価",
    "CaseClosed": "完了",
    "CaseReopened": "再開",
    "NominatedAsSuccessCase": "成功事例として推薦",
    "SuccessCasePublished": "成功事例の公開",
    "SuccessCaseWithdrawn": "公開の取り下げ",
    "PresentedAtMeeting": "会議で共有",
    "StepCorrected": "訂正",
    "NoteAdded": "メモ",
}


def correctable_fields(step: str) -> frozenset[str]:
    """The fields of a step that a correction may name (not the envelope, not the metadata)."""
    cls = STEP_CLASSES[step]
    return frozenset(f.name for f in dataclasses.fields(cls) if f.name not in _ENVELOPE)
