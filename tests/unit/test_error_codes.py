"""Clients match refusals on their English codes: the codes are a contract, so a renamed code
fails here before it breaks a client. Every message is Japanese."""

from __future__ import annotations

import re

import pytest

import application.idempotency
import application.replay  # noqa: F401 - its refusals are part of the contract
import domain.party_roster  # noqa: F401 - a roster's refusals too
from domain import errors

CODES = {
    "AsOfAxisError": "as_of_axis",
    "BeforeOpeningError": "before_opening",
    "NoSuchVersionError": "no_such_version",
    "NotYetRecordedError": "not_yet_recorded",
    "IdempotencyKeyReusedError": "idempotency_key_reused",
    "RetentionTooShortError": "retention_too_short",
    "IdempotencyKeyInvalidError": "idempotency_key_invalid",
    "IndicatorNotFoundError": "indicator_not_found",
    "IndicatorAlreadyDefinedError": "indicator_already_defined",
    "DerivedIndicatorError": "indicator_derived",
    "FiscalYearNotOverError": "fiscal_year_not_over",
    "FiscalYearAlreadyClosedError": "fiscal_year_already_closed",
    "CaseNotFoundError": "case_not_found",
    "PartyNotFoundError": "party_not_found",
    "MeetingNotFoundError": "meeting_not_found",
    "UnknownVocabularyError": "unknown_value",
    "BlankValueError": "blank_value",
    "InvalidValueError": "invalid_value",
    "UnstorableCharacterError": "invalid_character",
    "TooLongError": "too_long",
    "FutureDateError": "occurred_on_in_future",
    "DateBeforeConsultationError": "occurred_on_before_consultation",
    "CaseClosedError": "case_closed",
    "CaseNotClosedError": "case_not_closed",
    "PartyAlreadyJoinedError": "party_already_joined",
    "PartyNotActiveError": "party_not_active",
    "AgreementNeedsTwoPartiesError": "agreement_needs_two_parties",
    "AgreementNeedsTwoOrganisationsError": "agreement_needs_two_organisations",
    "AgreementRolesIncompleteError": "agreement_roles_incomplete",
    "ActivityNeedsAgreementError": "activity_needs_agreement",
    "ReviewNeedsActivityError": "review_needs_activity",
    "SuccessNeedsReviewError": "success_needs_review",
    "NominationNeedsSuccessError": "nomination_needs_success",
    "AlreadyNominatedError": "already_nominated",
    "PublicationNeedsNominationError": "publication_needs_nomination",
    "PublicationNeedsChiefApprovalError": "publication_needs_chief_approval",
    "PublicationNeedsConsentError": "publication_needs_consent",
    "StoryNamesOutsiderError": "story_names_non_participant",
    "AlreadyPublishedError": "already_published",
    "NotPublishedError": "not_published",
    "ReopenPublishedError": "reopen_published_case",
    "PresentationNeedsSuccessCaseError": "presentation_needs_success_case",
    "FollowUpNeedsPresentationError": "follow_up_needs_presentation",
    "FollowUpNotFoundError": "follow_up_not_found",
    "FollowUpAlreadyDroppedError": "follow_up_already_dropped",
    "DateBeforeMeetingError": "date_before_meeting",
    "ReplicatedCaseNotPublishedError": "replicated_case_not_published",
    "CorrectionTargetMissingError": "correction_target_missing",
    "ConsultationAfterStepsError": "consultation_after_steps",
    "CorrectionNeedsReasonError": "correction_needs_reason",
    "CorrectionFieldUnknownError": "correction_field_unknown",
    "CorrectionNeedsChangesError": "correction_needs_changes",
    "NotAllowedError": "forbidden",
    "ConcurrencyConflictError": "conflict",
    "PlanNotFoundError": "plan_not_found",
    "PlanItemNotFoundError": "plan_item_not_found",
    "PlanAlreadyRegisteredError": "plan_already_registered",
    "PlanItemNumberTakenError": "plan_item_number_taken",
    "PlanItemAlreadyPlacedError": "plan_item_already_placed",
    "PlanItemStatusUnchangedError": "plan_item_status_unchanged",
    "MergeTargetRequiredError": "merge_target_required",
    "MergeTargetUnexpectedError": "merge_target_unexpected",
    "MergeIntoItselfError": "merge_into_itself",
    "CaseAlreadyLinkedError": "case_already_linked",
    "IndicatorAlreadyLinkedError": "indicator_already_linked",
    "PersonalDataErasedError": "personal_data_erased",
    "ContactAlreadySealedError": "contact_already_sealed",
    "ErasureAlreadyRequestedError": "erasure_already_requested",
    "NoErasureRequestError": "no_erasure_request",
    "NotAProBonoWorkerError": "not_a_pro_bono_worker",
    "AlreadyInProBonoBankError": "already_in_pro_bono_bank",
    "NotInProBonoBankError": "not_in_pro_bono_bank",
    "ProBonoWorkerNotActiveError": "pro_bono_worker_not_active",
    "ProBonoWorkNotPausedError": "pro_bono_work_not_paused",
    "ProBonoNoContactConsentError": "pro_bono_no_contact_consent",
    "ProBonoSkillNotOfferedError": "pro_bono_skill_not_offered",
    "ProBonoAvailabilityOverError": "pro_bono_availability_over",
    "ProBonoNeedNotDeclaredError": "pro_bono_need_not_declared",
    "ProBonoMatchAlreadyOpenError": "pro_bono_match_already_open",
    "ProBonoMatchNotProposedError": "pro_bono_match_not_proposed",
    "ProBonoMatchNotAcceptedError": "pro_bono_match_not_accepted",
    "PartyDeregisteredError": "party_deregistered",
    "PartyAlreadyDeregisteredError": "party_already_deregistered",
    "FieldsUnchangedError": "fields_unchanged",
    "RosterUnreadableError": "roster_unreadable",
    "RosterEmptyError": "roster_empty",
    "RosterTooLargeError": "roster_too_large",
    "RosterColumnsMissingError": "roster_columns_missing",
    "RosterInvalidError": "roster_invalid",
}


def _refusals() -> dict[str, type[errors.DomainError]]:
    found: dict[str, type[errors.DomainError]] = {}
    pending = [errors.DomainError]
    while pending:
        for sub in pending.pop().__subclasses__():
            pending.append(sub)
            if "code" in vars(sub):
                found[sub.__name__] = sub
    return found


def test_every_refusal_keeps_its_code() -> None:
    assert {name: cls.code for name, cls in _refusals().items()} == CODES


def test_codes_are_unique() -> None:
    assert len(set(CODES.values())) == len(CODES)


@pytest.mark.parametrize("name", sorted(CODES))
def test_a_message_is_japanese(name: str) -> None:
    words = re.sub(r"\{\w+\}", "", _refusals()[name].template)

    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", words), words
    assert not re.search(r"[A-Za-z]{3,}", words), words
