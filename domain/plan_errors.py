"""Refusals of a plan's steps: each a stable English code and a Japanese message."""

from __future__ import annotations

from domain.errors import NotFoundError, RuleViolation


class PlanNotFoundError(NotFoundError):
    code = "plan_not_found"
    template = "計画「{plan}」が登録されていません"


class PlanItemNotFoundError(NotFoundError):
    code = "plan_item_not_found"
    template = "推進項目 No.{number} はこの計画にありません"


class PlanAlreadyRegisteredError(RuleViolation):
    code = "plan_already_registered"
    template = "計画「{plan}」はすでに登録されています"


class PlanItemNumberTakenError(RuleViolation):
    code = "plan_item_number_taken"
    template = "推進項目 No.{number} はすでに「{title}」に使われています"


class PlanItemAlreadyPlacedError(RuleViolation):
    code = "plan_item_already_placed"
    template = "推進項目 No.{number} はすでに「{measure}」に掲載されています"


class PlanItemStatusUnchangedError(RuleViolation):
    code = "plan_item_status_unchanged"
    template = "推進項目 No.{number} の{year}年度の実施状況は、すでに同じ内容で記録されています"


class MergeTargetRequiredError(RuleViolation):
    code = "merge_target_required"
    template = "今後の取扱いが「統合」のときは、統合先の推進項目を指定してください"


class MergeTargetUnexpectedError(RuleViolation):
    code = "merge_target_unexpected"
    template = "統合先を指定できるのは、今後の取扱いが「統合」のときだけです"


class MergeIntoItselfError(RuleViolation):
    code = "merge_into_itself"
    template = "推進項目 No.{number} を自分自身に統合することはできません"


class CaseAlreadyLinkedError(RuleViolation):
    code = "case_already_linked"
    template = "この案件はすでに推進項目 No.{number} に結び付けられています"


class IndicatorAlreadyLinkedError(RuleViolation):
    code = "indicator_already_linked"
    template = "評価指標「{indicator}」はすでに推進項目 No.{number} に結び付けられています"
