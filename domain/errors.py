"""Named domain errors: each carries a stable English code and a Japanese message.

A refused command raises one of these before any event is recorded, so a refusal
never leaves a trace in the ledger.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, ClassVar

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


class DomainError(Exception):
    """A command was refused. `code` is stable (clients match on it); `message` is Japanese."""

    code: ClassVar[str] = "domain_error"
    template: ClassVar[str] = "この操作はできません"

    def __init__(self, **details: Any) -> None:
        self.details = details
        self.message = self.template.format(**details)
        super().__init__(f"{self.code}: {self.message}")

    def naming(self, name_of: Callable[[str], str | None]) -> DomainError:
        """The same refusal with ids in its message replaced by names people know.

        Aggregates only know parties by id; the ledger, which can look names up, asks for
        this copy before the refusal reaches a person. Ids stay in `details`.
        """

        def replace(match: re.Match[str]) -> str:
            return name_of(match[0]) or match[0]

        named = type(self).__new__(type(self))
        named.__dict__.update(self.__dict__)
        named.message = _UUID.sub(replace, self.message)
        Exception.__init__(named, f"{self.code}: {named.message}")
        return named


class NotFoundError(DomainError):
    """Something the command names does not exist."""


class ValidationError(DomainError):
    """An input value is malformed; `field` names it."""

    def __init__(self, field: str, **details: Any) -> None:
        self.field = field
        super().__init__(field=field, **details)


class RuleViolation(DomainError):
    """A business rule of the case's life refuses the command."""


class ConcurrencyConflictError(DomainError):
    code = "conflict"
    template = "他の操作と重なったため記録できませんでした。もう一度お試しください"


# --- not found -------------------------------------------------------------------------


class CaseNotFoundError(NotFoundError):
    code = "case_not_found"
    template = "案件「{case}」が見つかりません"


class PartyDeregisteredError(RuleViolation):
    code = "party_deregistered"
    template = (
        "「{party}」は{deregistered_on}に登録を抹消しています"
        "（抹消の日からは手続きに加えられません）"
    )


class PartyNotFoundError(NotFoundError):
    code = "party_not_found"
    template = "団体・個人「{party}」が登録されていません"


class MeetingNotFoundError(NotFoundError):
    code = "meeting_not_found"
    template = "会議「{meeting}」が見つかりません"


class UnknownVocabularyError(ValidationError):
    code = "unknown_value"
    template = "「{value}」は{label}として登録されていません"


class BlankValueError(ValidationError):
    code = "blank_value"
    template = "{label}を入力してください"


class InvalidValueError(ValidationError):
    code = "invalid_value"
    template = "{label}の値が正しくありません: {reason}"


class UnstorableCharacterError(ValidationError):
    """A control character (tab and line breaks aside) or a lone surrogate: a store cannot
    hold it faithfully (PostgreSQL refuses NUL in text; UTF-8 has no lone surrogates)."""

    code = "invalid_character"
    template = "{label}に使えない文字（{char}）が含まれています（{position}文字目）"


class TooLongError(ValidationError):
    code = "too_long"
    template = "{label}は{limit}文字以内で入力してください（{length}文字あります）"


# --- dates -----------------------------------------------------------------------------


class FutureDateError(RuleViolation):
    code = "occurred_on_in_future"
    template = "未来の日付（{occurred_on}）は記録できません"


class DateBeforeConsultationError(RuleViolation):
    code = "occurred_on_before_consultation"
    template = "相談受付日（{opened_on}）より前の日付（{occurred_on}）は記録できません"


# --- case life ------------------------------------------------------------------------


class CaseClosedError(RuleViolation):
    code = "case_closed"
    template = (
        "完了した案件には「{step}」を記録できません"
        "（訂正・メモ・成功事例の手続き・再開のみ可能です）"
    )


class CaseNotClosedError(RuleViolation):
    code = "case_not_closed"
    template = "完了していない案件は再開できません"


class PartyAlreadyJoinedError(RuleViolation):
    code = "party_already_joined"
    template = "「{party}」はすでにこの案件に参加しています"


class PartyNotActiveError(RuleViolation):
    code = "party_not_active"
    template = "「{party}」はこの案件に参加していません"


class AgreementNeedsTwoPartiesError(RuleViolation):
    code = "agreement_needs_two_parties"
    template = "合意には二つ以上の参加団体が必要です"


class AgreementNeedsTwoOrganisationsError(RuleViolation):
    code = "agreement_needs_two_organisations"
    template = "合意には異なる二つ以上の団体の参加が必要です"


class AgreementRolesIncompleteError(RuleViolation):
    code = "agreement_roles_incomplete"
    template = "合意には参加しているすべての団体の役割が必要です（未記入: {missing}）"


class ActivityNeedsAgreementError(RuleViolation):
    code = "activity_needs_agreement"
    template = "活動の実施を記録するには、先に合意（役割分担）が必要です"


class ReviewNeedsActivityError(RuleViolation):
    code = "review_needs_activity"
    template = "振り返り・評価を記録するには、先に活動の実施が必要です"


class SuccessNeedsReviewError(RuleViolation):
    code = "success_needs_review"
    template = "成功として完了するには、先に振り返り・評価が必要です"


class NominationNeedsSuccessError(RuleViolation):
    code = "nomination_needs_success"
    template = "成功事例として推薦できるのは、成功として完了した案件だけです"


class AlreadyNominatedError(RuleViolation):
    code = "already_nominated"
    template = "この案件はすでに成功事例として推薦されています"


class PublicationNeedsNominationError(RuleViolation):
    code = "publication_needs_nomination"
    template = "公開するには、先に成功事例として推薦されている必要があります"


class PublicationNeedsChiefApprovalError(RuleViolation):
    code = "publication_needs_chief_approval"
    template = "成功事例の公開には統括協働ファシリテーターの承認が必要です"


class PublicationNeedsConsentError(RuleViolation):
    code = "publication_needs_consent"
    template = "公開に同意していない団体が事例に含まれています: {parties}"


class StoryNamesOutsiderError(RuleViolation):
    code = "story_names_non_participant"
    template = "事例に記載された「{party}」はこの案件の参加団体ではありません"


class AlreadyPublishedError(RuleViolation):
    code = "already_published"
    template = "この事例はすでに公開されています"


class NotPublishedError(RuleViolation):
    code = "not_published"
    template = "この事例は公開されていません"


class ReopenPublishedError(RuleViolation):
    code = "reopen_published_case"
    template = "公開中の成功事例は再開できません。先に公開を取り下げてください"


class PresentationNeedsSuccessCaseError(RuleViolation):
    code = "presentation_needs_success_case"
    template = "会議で共有できるのは、推薦または公開された成功事例だけです"


class FollowUpNeedsPresentationError(RuleViolation):
    code = "follow_up_needs_presentation"
    template = "横展開を決められるのは、この会議で共有した事例だけです"


class FollowUpNotFoundError(RuleViolation):
    code = "follow_up_not_found"
    template = "この会議に、その事例の{municipality}での横展開の取り決めはありません"


class FollowUpAlreadyDroppedError(RuleViolation):
    code = "follow_up_already_dropped"
    template = "その横展開は{dropped_on}に見送りが記録されています"


class DateBeforeMeetingError(RuleViolation):
    code = "date_before_meeting"
    template = "日付（{occurred_on}）が会議の開催日（{held_on}）より前です"


class ReplicatedCaseNotPublishedError(RuleViolation):
    code = "replicated_case_not_published"
    template = "横展開の元にできるのは公開された成功事例だけです"


class CorrectionTargetMissingError(RuleViolation):
    code = "correction_target_missing"
    template = "訂正する記録（第{version}版）がこの案件にありません"


class ConsultationAfterStepsError(RuleViolation):
    code = "consultation_after_steps"
    template = "相談受付日を、その後の記録の日付（{first}）より後の{occurred_on}にはできません"


class CorrectionNeedsReasonError(RuleViolation):
    code = "correction_needs_reason"
    template = "訂正には理由が必要です"


class CorrectionFieldUnknownError(RuleViolation):
    code = "correction_field_unknown"
    template = "「{step}」には訂正できる項目「{field}」がありません"


class CorrectionNeedsChangesError(RuleViolation):
    code = "correction_needs_changes"
    template = "訂正する内容を一つ以上指定してください"


class FiscalYearNotOverError(RuleViolation):
    code = "fiscal_year_not_over"
    template = "{year}年度はまだ終わっていないため、実績を確定できません（{end}に終わります）"


class FiscalYearAlreadyClosedError(RuleViolation):
    code = "fiscal_year_already_closed"
    template = "{year}年度の実績は{closed_on}に確定済みです"


class NotAllowedError(RuleViolation):
    code = "forbidden"
    template = "この操作を行う権限がありません（{reason}）"
