"""Japanese one-line summaries of a case's events (the words of GLOSSARY.md)."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any, Protocol
from uuid import UUID

from domain.case import STEP_LABELS, Case
from domain.vocabulary import CENTRE_BY_KEY, FIELD_BY_KEY, MUNICIPALITY_BY_KEY


class Names(Protocol):
    """Resolves ids to public names (a pro bono worker's own name is never one)."""

    def party(self, party_id: UUID) -> str: ...

    def meeting(self, meeting_id: UUID) -> str: ...


KINDS = STEP_LABELS


FIELD_LABELS: dict[str, str] = {
    "attendee_count": "参加者数",
    "participants": "参加者数",
    "volunteers": "ボランティア数",
    "occurred_on": "日付",
    "title": "名称",
    "summary": "内容",
    "agenda": "議題",
    "decisions": "決定事項",
    "contribution": "役割の内容",
    "reason": "理由",
}


def pad(text: str, width: int) -> str:
    """Pad to a display width, counting full-width characters as two columns."""
    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(0, width - used)


def kind_ja(event: Any) -> str:
    name = type(event).__name__
    return KINDS.get(name, name)


def describe(event: Any, names: Names) -> str:
    """`相談受付: …` — the event's kind in Japanese and its key details."""
    detail = _DETAILS.get(type(event).__name__, _nothing)(event, names)
    return f"{kind_ja(event)}: {detail}" if detail else kind_ja(event)


def _nothing(event: Any, names: Names) -> str:
    return ""


def _opened(e: Case.ConsultationReceived, names: Names) -> str:
    fields = "・".join(FIELD_BY_KEY[f].ja for f in e.fields)
    text = (
        f"「{e.title}」 {MUNICIPALITY_BY_KEY[e.municipality].ja}／{CENTRE_BY_KEY[e.centre].ja}"
        f"／相談者 {names.party(e.initiating_party.party_id)}／分野 {fields}"
        f"／SDGs {','.join(map(str, e.sdgs))}／担当 {e.facilitator_id}"
    )
    return text + ("／横展開元あり" if e.replicates else "")


def _roles(e: Case.AgreementReached, names: Names) -> str:
    roles = "、".join(f"{names.party(r.party_id)}={r.role.ja}" for r in e.roles)
    end = e.period_end.isoformat() if e.period_end else ""
    return f"{e.form.ja}／期間 {e.period_start.isoformat()}〜{end}／{roles}"


def _review(e: Case.ReviewConducted, names: Names) -> str:
    outcomes = "、".join(
        f"{o.indicator} {o.actual}{o.unit}（目標 {o.target}{o.unit}）" for o in e.outcomes
    )
    return f"{e.kind.ja}／{e.summary}" + (f"／{outcomes}" if outcomes else "")


def _corrected(e: Case.StepCorrected, names: Names) -> str:
    changes = "、".join(f"{FIELD_LABELS.get(k, k)}={v}" for k, v in e.changes.items())
    step = KINDS.get(e.corrected_step, e.corrected_step)
    return f"第{e.corrected_version}版（{step}）を訂正 {changes}／理由 {e.reason}"


_DETAILS: dict[str, Callable[[Any, Names], str]] = {
    "ConsultationReceived": _opened,
    "FacilitatorAssigned": lambda e, n: e.facilitator_id,
    "HearingHeld": lambda e, n: (f"{n.party(e.party_id)}: " if e.party_id else "") + e.summary,
    "PartnersProposed": lambda e, n: "、".join(map(n.party, e.party_ids)) + f"／{e.rationale}",
    "PartyJoined": lambda e, n: f"{n.party(e.party.party_id)}（{e.role.ja}）{e.contribution}",
    "PartyWithdrew": lambda e, n: f"{n.party(e.party_id)}／{e.reason}",
    "RoundtableHeld": lambda e, n: f"{e.agenda}（{e.attendee_count}人）{e.decisions}",
    "AgreementReached": _roles,
    "ActivityCarriedOut": lambda e, n: (
        f"{e.title}（参加 {e.participants}人・ボランティア {e.volunteers}人）"
    ),
    "ReviewConducted": _review,
    "CaseClosed": lambda e, n: e.result.ja + (f"／{e.reason}" if e.reason else ""),
    "CaseReopened": lambda e, n: e.reason,
    "NominatedAsSuccessCase": lambda e, n: e.reason,
    "SuccessCasePublished": lambda e, n: f"「{e.story.title}」 承認 {e.approved_by}",
    "SuccessCaseWithdrawn": lambda e, n: e.reason,
    "PresentedAtMeeting": lambda e, n: f"「{n.meeting(e.meeting_id)}」",
    "StepCorrected": _corrected,
    "NoteAdded": lambda e, n: e.text,
}
