"""Japanese one-line summaries of case events, for the timeline, and of a party's own steps,
for its history (pure)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain.case import STEP_LABELS, Case, step_label
from domain.party import Party
from domain.pro_bono import skill_label
from domain.vocabulary import FIELD_BY_KEY

MAX_TEXT = 40


def short(text: str, limit: int = MAX_TEXT) -> str:
    """One line, at most `limit` characters (an ellipsis marks the cut)."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


_SUMMARIES: dict[type[Any], Callable[[Any], str]] = {
    Case.ConsultationReceived: lambda e: f"相談を受け付けました（{short(e.title)}）",
    Case.FacilitatorAssigned: lambda e: f"担当ファシリテーターを{e.facilitator_id}に変更しました",
    Case.HearingHeld: lambda e: f"ヒアリングを行いました：{short(e.summary)}",
    Case.PartnersProposed: lambda e: f"{len(e.party_ids)}団体とのマッチングを提案しました",
    Case.PartyJoined: lambda e: f"{e.party.kind.ja}が{e.role.ja}として参加しました",
    Case.PartyWithdrew: lambda e: f"参加団体が離脱しました：{short(e.reason)}",
    Case.RoundtableHeld: lambda e: f"円卓会議を開きました：{short(e.agenda)}",
    Case.AgreementReached: lambda e: f"{len(e.roles)}者で合意しました（{e.form.ja}）",
    Case.ActivityCarriedOut: lambda e: (
        f"活動を実施しました：{short(e.title)}（参加者{e.participants}人・"
        f"ボランティア{e.volunteers}人）"
    ),
    Case.ReviewConducted: lambda e: f"{e.kind.ja}を行いました：{short(e.summary)}",
    Case.CaseClosed: lambda e: f"案件を完了しました（{e.result.ja}）",
    Case.CaseReopened: lambda e: f"案件を再開しました：{short(e.reason)}",
    Case.NominatedAsSuccessCase: lambda e: "成功事例として推薦しました",
    Case.SuccessCasePublished: lambda e: f"成功事例として公開しました：{short(e.story.title)}",
    Case.SuccessCaseWithdrawn: lambda e: f"成功事例の公開を取り下げました：{short(e.reason)}",
    Case.PresentedAtMeeting: lambda e: "情報共有・検討会議で共有しました",
    Case.ProBonoNeedDeclared: lambda e: (
        f"プロボノを依頼しました（{skill_label(e.skill)}・{e.hours}時間）"
        + (f"：{short(e.description)}" if e.description.strip() else "")
    ),
    Case.StepCorrected: lambda e: (
        f"第{e.corrected_version}版の「{STEP_LABELS.get(e.corrected_step, e.corrected_step)}」"
        f"を訂正しました：{short(e.reason)}"
    ),
    Case.NoteAdded: lambda e: f"メモ：{short(e.text)}",
    Party.Registered: lambda e: (
        f"{e.kind.ja}として登録しました" + ("" if e.name == e.kind.ja else f"（{short(e.name)}）")
    ),
    Party.PublicationConsentChanged: lambda e: (
        "成功事例集への掲載に同意しました"
        if e.consent
        else "成功事例集への掲載の同意を取り下げました"
    ),
    Party.FieldsChanged: lambda e: (
        "活動分野を変更しました：" + "、".join(FIELD_BY_KEY[f].ja for f in e.fields)
    ),
    Party.ContactDetailsChanged: lambda e: "連絡先を変更しました（暗号化して保管）",
    Party.ContactDetailsSealed: lambda e: "平文の連絡先を暗号化して記録し直しました",
    Party.PersonalDataErasureRequested: lambda e: (
        f"個人情報の消去請求を{'代理人から' if e.by_agent else ''}受け付けました"
        + (f"：{short(e.note)}" if e.note.strip() else "")
    ),
    Party.PersonalDataErasureDeclined: lambda e: f"消去しない旨を決定しました：{short(e.reason)}",
    Party.PersonalDataErased: lambda e: f"個人情報を消去しました：{short(e.reason)}",
    Party.Deregistered: lambda e: f"登録を抹消しました：{short(e.reason)}",
}


def summary(event: object) -> str:
    """A sentence for the steps that have one; the step's label for any other."""
    describe = _SUMMARIES.get(type(event))
    return describe(event) if describe else step_label(event)


def party_subject(event: object) -> tuple[str, str] | None:
    """For steps whose subject is one party: its id and the rest of the sentence, so that
    queries can put the party's public name in front (`山口食品株式会社` + `が…参加しました`)."""
    if isinstance(event, Case.PartyJoined):
        return str(event.party.party_id), f"が{event.role.ja}として参加しました"
    if isinstance(event, Case.PartyWithdrew):
        return str(event.party_id), f"が離脱しました：{short(event.reason)}"
    return None
