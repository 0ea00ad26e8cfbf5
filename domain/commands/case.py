"""Commands on a collaboration case (協働案件): its opening and every step of its life."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from domain.commands.base import (
    SHORT_TEXT_LIMIT,
    Command,
    business_date,
    centre_check,
    commands_in,
    count,
    declare,
    fields_check,
    free,
    municipality_check,
    plain,
    ref,
    sdgs_check,
    short,
    skill_check,
    text,
    vocabulary,
)
from domain.values import Outcome, RoleAssignment, SuccessStory
from domain.vocabulary import ClosureResult, CollaborationForm, PartyRole, ReviewKind


class CaseCommand(Command, acts_on="case_id"):
    """A step of an existing case: `case_id` names it."""

    case_id: UUID = ref("case", "案件")


class ReceiveConsultation(Command, label="相談受付"):
    """Open a case: the case and its centre's numbering are saved together."""

    title: str = short("案件名")
    issue_statement: str = text("地域課題")
    municipality: str = vocabulary(
        "市町", municipality_check, description="市町: code or Japanese name"
    )
    fields: tuple[str, ...] = vocabulary(
        "活動分野", fields_check, description="Fields of activity: codes or names"
    )
    sdgs: tuple[int, ...] = vocabulary("SDGsの目標", sdgs_check)
    centre: str = vocabulary("支援センター", centre_check)
    initiating_party_id: UUID = ref("party", "相談者", registered=True)
    occurred_on: date = business_date("相談日")
    facilitator_id: str | None = declare(
        "担当ファシリテーター", default=None, error_field="facilitator"
    )
    replicates: UUID | None = ref(
        "case", "横展開元の事例", None, description="The published success case this replicates"
    )


class AssignFacilitator(CaseCommand, label="担当ファシリテーターの変更"):
    facilitator_id: str = text(
        "担当ファシリテーター", error_field="facilitator", limit=SHORT_TEXT_LIMIT
    )
    occurred_on: date = business_date()


class HoldHearing(CaseCommand, label="ヒアリング"):
    summary: str = text("ヒアリングの内容")
    occurred_on: date = business_date()
    party_id: UUID | None = ref("party", "相手の団体", None, registered=True)


class ProposePartners(CaseCommand, label="マッチング提案"):
    party_ids: tuple[UUID, ...] = ref("party", "提案する団体", registered=True, many=True)
    rationale: str = free("提案の理由")
    occurred_on: date = business_date()


class DeclareProBonoNeed(CaseCommand, label="プロボノの依頼"):
    """The case needs a pro bono worker's skill for some hours (プロボノの依頼)."""

    skill: str = vocabulary("スキル", skill_check, description="Skill: code or Japanese name")
    occurred_on: date = business_date()
    hours: int = count("必要な時間")
    description: str = free("依頼の内容", "")


class JoinParty(CaseCommand, label="団体の参加"):
    party_id: UUID = ref("party", "参加する団体", registered=True, among="outside")
    role: PartyRole = plain("役割")
    contribution: str = free("役割の内容")
    occurred_on: date = business_date()


class WithdrawParty(CaseCommand, label="団体の離脱"):
    party_id: UUID = ref("party", "離脱する団体", among="active")
    reason: str = text("離脱の理由")
    occurred_on: date = business_date()


class HoldRoundtable(CaseCommand, label="円卓会議"):
    agenda: str = text("議題")
    occurred_on: date = business_date()
    attendee_party_ids: tuple[UUID, ...] = ref(
        "party", "出席した団体", (), registered=True, many=True
    )
    attendee_count: int = count("参加者数")
    decisions: str = free("決定事項", "")
    next_actions: str = free("次の行動", "")


class ReachAgreement(CaseCommand, label="合意"):
    roles: tuple[RoleAssignment, ...] = plain("役割分担", among="active")
    period_start: date = plain("協働期間の開始")
    form: CollaborationForm = plain("協働の形態")
    occurred_on: date = business_date()
    period_end: date | None = plain("協働期間の終了", None)
    resources: str = free("資源", "")


class CarryOutActivity(CaseCommand, label="活動の実施"):
    title: str = short("活動名")
    occurred_on: date = business_date()
    participants: int = count("参加者数")
    volunteers: int = count("ボランティア数")
    outputs: str = free("成果物", "")


class ConductReview(CaseCommand, label="振り返り・評価"):
    kind: ReviewKind = plain("評価の種類")
    summary: str = text("評価の内容")
    occurred_on: date = business_date()
    outcomes: tuple[Outcome, ...] = plain("成果", ())
    lessons: str = free("教訓", "")


class CloseCase(CaseCommand, label="完了"):
    result: ClosureResult = plain("完了の区分")
    occurred_on: date = business_date()
    reason: str = free("理由", "")


class ReopenCase(CaseCommand, label="再開"):
    reason: str = text("再開の理由")
    occurred_on: date = business_date()


class NominateSuccessCase(CaseCommand, label="成功事例として推薦"):
    occurred_on: date = business_date()
    reason: str = free("推薦の理由", "")


class PublishSuccessCase(CaseCommand, label="成功事例の公開"):
    story: SuccessStory = plain("公開する事例", among="case")
    occurred_on: date = business_date()


class WithdrawSuccessCase(CaseCommand, label="公開の取り下げ"):
    reason: str = text("取り下げの理由")
    occurred_on: date = business_date()


class CorrectStep(CaseCommand, label="訂正"):
    corrected_version: int = plain("訂正する版")
    changes: dict[str, Any] = plain(
        "訂正の内容",
        description='The corrected fields of the step, e.g. {"occurred_on": "2024-05-02"}',
    )
    reason: str = free("訂正の理由")
    occurred_on: date | None = business_date(optional=True)


class AddNote(CaseCommand, label="メモ"):
    text: str = text("メモ")
    occurred_on: date | None = business_date(optional=True)


CASE_COMMANDS: tuple[type[Command], ...] = commands_in(globals())
