"""Every correction the domain accepts is followed by every read model that shows the field.

The oracle: a history in which a step was recorded, then corrected, must read — in every read
model but the timeline, which shows the correction as such — exactly as the history in which
the step was recorded right in the first place. `CORRECTED` names a new value for every
correctable field of every step; a field that becomes correctable without an entry here fails
`test_every_correctable_field_is_walked`, so the next one cannot be forgotten.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from application.ledger import Ledger
from domain.case import STEP_CLASSES, correctable_fields
from domain.values import Outcome, RoleAssignment, SuccessStory
from domain.vocabulary import ClosureResult, CollaborationForm, PartyKind, PartyRole, ReviewKind
from persistence.settings import Settings
from persistence.wiring import build_ledger
from projections.engine.base import ReadModel
from projections.timeline.projection import TimelineReadModel
from projections.wiring import read_models
from tests.library.readside import ReadSide
from tests.support import CHIEF, FACILITATOR, MEETING, CaseFixture

D = date

# A new value for every correctable field, as a client sends it (codes, names, ISO dates),
# and, where it differs, as the step's command takes it.
CORRECTED: dict[tuple[str, str], Any] = {
    ("ConsultationReceived", "title"): "こども食堂の立ち上げ",
    ("ConsultationReceived", "issue_statement"): "空き家を活かして子どもの居場所をつくりたい",
    ("ConsultationReceived", "municipality"): "宇部市",
    ("ConsultationReceived", "fields"): ["環境の保全"],
    ("ConsultationReceived", "sdgs"): [11],
    ("ConsultationReceived", "occurred_on"): D(2024, 4, 20),
    ("ConsultationReceived", "facilitator_id"): "fac-yamaguchi-09",
    ("FacilitatorAssigned", "facilitator_id"): "fac-yamaguchi-03",
    ("FacilitatorAssigned", "occurred_on"): D(2024, 5, 3),
    ("HearingHeld", "summary"): "食材の調達が課題",
    ("HearingHeld", "occurred_on"): D(2024, 5, 4),
    ("PartnersProposed", "rationale"): "地域の食品事業者と組むため",
    ("PartnersProposed", "occurred_on"): D(2024, 5, 5),
    ("ProBonoNeedDeclared", "skill"): "会計・税務",
    ("ProBonoNeedDeclared", "hours"): 30,
    ("ProBonoNeedDeclared", "description"): "会計の仕組みづくり",
    ("ProBonoNeedDeclared", "occurred_on"): D(2024, 5, 5),
    ("PartyJoined", "role"): "funder",
    ("PartyJoined", "contribution"): "食材の提供",
    ("PartyJoined", "occurred_on"): D(2024, 5, 7),
    ("PartyWithdrew", "reason"): "担当者の異動",
    ("PartyWithdrew", "occurred_on"): D(2024, 5, 9),
    ("RoundtableHeld", "agenda"): "会場と日程",
    ("RoundtableHeld", "attendee_count"): 20,
    ("RoundtableHeld", "decisions"): "公民館で月1回開く",
    ("RoundtableHeld", "next_actions"): "2024年7月1日までに会場を決める",
    ("RoundtableHeld", "occurred_on"): D(2024, 5, 11),
    ("AgreementReached", "form"): "co_hosting",
    ("AgreementReached", "period_start"): D(2024, 6, 15),
    ("AgreementReached", "period_end"): D(2025, 5, 31),
    ("AgreementReached", "resources"): "会場費は市の補助",
    ("AgreementReached", "occurred_on"): D(2024, 5, 22),
    ("ActivityCarriedOut", "title"): "第1回 こども食堂",
    ("ActivityCarriedOut", "participants"): 40,
    ("ActivityCarriedOut", "volunteers"): 9,
    ("ActivityCarriedOut", "outputs"): "献立表",
    ("ActivityCarriedOut", "occurred_on"): D(2024, 6, 20),
    ("ReviewConducted", "kind"): "third_party",
    ("ReviewConducted", "summary"): "参加者が倍になった",
    ("ReviewConducted", "outcomes"): [{"indicator": "参加者数", "actual": 50, "target": 20}],
    ("ReviewConducted", "lessons"): "早めの告知",
    ("ReviewConducted", "occurred_on"): D(2024, 9, 2),
    ("CaseClosed", "result"): "discontinued",
    ("CaseClosed", "reason"): "目標を達成",
    ("CaseClosed", "occurred_on"): D(2024, 9, 30),
    ("NominatedAsSuccessCase", "reason"): "横展開できる",
    ("NominatedAsSuccessCase", "occurred_on"): D(2024, 10, 2),
    ("SuccessCasePublished", "occurred_on"): D(2024, 10, 6),
    ("SuccessCaseWithdrawn", "reason"): "写真の差し替え",
    ("SuccessCaseWithdrawn", "occurred_on"): D(2024, 11, 2),
    ("CaseReopened", "reason"): "2年目に入る",
    ("CaseReopened", "occurred_on"): D(2024, 11, 6),
    ("NoteAdded", "text"): "次回は保護者も招く",
    ("NoteAdded", "occurred_on"): D(2024, 11, 11),
}

# As the step's command takes the value, where a client's form differs.
AS_COMMAND: dict[tuple[str, str], Any] = {
    ("PartyJoined", "role"): PartyRole.FUNDER,
    ("ProBonoNeedDeclared", "skill"): "accounting_tax",
    ("AgreementReached", "form"): CollaborationForm.CO_HOSTING,
    ("ReviewConducted", "kind"): ReviewKind.THIRD_PARTY,
    ("ReviewConducted", "outcomes"): [Outcome("参加者数", actual=50, target=20)],
    ("CaseClosed", "result"): ClosureResult.DISCONTINUED,
}

# A history that cannot go on past a changed step (a case not closed as a success is not
# nominated): both histories stop there.
STOPS_AFTER: dict[tuple[str, str], str] = {("CaseClosed", "result"): "CaseClosed"}


def test_every_correctable_field_is_walked() -> None:
    correctable = {(step, name) for step in STEP_CLASSES for name in correctable_fields(step)}
    assert set(CORRECTED) == correctable


@dataclass
class History:
    """One case through every kind of step, in order, each step's arguments overridable."""

    ledger: Ledger
    change: tuple[str, str] | None = None
    ids: list[UUID] | None = None

    def value(self, step: str, name: str, default: Any) -> Any:
        if self.change != (step, name):
            return default
        return AS_COMMAND.get(self.change, CORRECTED[self.change])

    def run(self, until: str | None) -> dict[str, int]:
        """Records the steps; returns each step's version."""
        case = CaseFixture(self.ledger)
        a, b = case.party("こどもの未来"), case.party("山口食品株式会社", PartyKind.BUSINESS)
        c = case.party("湯田自治会", PartyKind.NEIGHBOURHOOD_ASSOCIATION)
        meeting = self.ledger.hold_meeting(
            CHIEF, title="情報共有会議", host_centre="pref", occurred_on=D(2024, 10, 20)
        ).aggregate_id
        v = self.value
        case.case_id = self.ledger.receive_consultation(
            FACILITATOR,
            title=v("ConsultationReceived", "title", "子ども食堂の立ち上げ"),
            issue_statement=v("ConsultationReceived", "issue_statement", "孤食を減らしたい"),
            municipality=v("ConsultationReceived", "municipality", "山口市"),
            fields=v("ConsultationReceived", "fields", ["子どもの健全育成"]),
            sdgs=v("ConsultationReceived", "sdgs", [1, 2]),
            centre="yamaguchi",
            initiating_party_id=a,
            occurred_on=v("ConsultationReceived", "occurred_on", D(2024, 5, 1)),
            facilitator_id=v("ConsultationReceived", "facilitator_id", "fac-yamaguchi-01"),
        ).aggregate_id
        self.ids = [a, b, c, meeting, case.id]
        versions = {"ConsultationReceived": 1}
        steps: list[tuple[str, Callable[[], object]]] = [
            ("FacilitatorAssigned", lambda: self.ledger.assign_facilitator(
                FACILITATOR, case.id,
                facilitator_id=v("FacilitatorAssigned", "facilitator_id", "fac-yamaguchi-02"),
                occurred_on=v("FacilitatorAssigned", "occurred_on", D(2024, 5, 2)))),
            ("HearingHeld", lambda: self.ledger.hold_hearing(
                FACILITATOR, case.id, summary=v("HearingHeld", "summary", "場所が課題"),
                party_id=a, occurred_on=v("HearingHeld", "occurred_on", D(2024, 5, 3)))),
            ("PartnersProposed", lambda: self.ledger.propose_partners(
                FACILITATOR, case.id, party_ids=[b],
                rationale=v("PartnersProposed", "rationale", "食材の提供"),
                occurred_on=v("PartnersProposed", "occurred_on", D(2024, 5, 4)))),
            ("ProBonoNeedDeclared", lambda: self.ledger.declare_pro_bono_need(
                FACILITATOR, case.id, skill=v("ProBonoNeedDeclared", "skill", "広報・デザイン"),
                hours=v("ProBonoNeedDeclared", "hours", 20),
                description=v("ProBonoNeedDeclared", "description", "チラシの制作"),
                occurred_on=v("ProBonoNeedDeclared", "occurred_on", D(2024, 5, 4)))),
            ("PartyJoined", lambda: self.ledger.join_party(
                FACILITATOR, case.id, party_id=a, role=v("PartyJoined", "role", PartyRole.PROPOSER),
                contribution=v("PartyJoined", "contribution", "場所の提供"),
                occurred_on=v("PartyJoined", "occurred_on", D(2024, 5, 6)))),
            ("PartyJoined b", lambda: self.ledger.join_party(
                FACILITATOR, case.id, party_id=b, role=PartyRole.PARTNER, contribution="協力",
                occurred_on=D(2024, 5, 6))),
            ("PartyJoined c", lambda: self.ledger.join_party(
                FACILITATOR, case.id, party_id=c, role=PartyRole.VENUE_OR_GOODS,
                contribution="集会所", occurred_on=D(2024, 5, 6))),
            ("PartyWithdrew", lambda: self.ledger.withdraw_party(
                FACILITATOR, case.id, party_id=b, reason=v("PartyWithdrew", "reason", "人手不足"),
                occurred_on=v("PartyWithdrew", "occurred_on", D(2024, 5, 8)))),
            ("RoundtableHeld", lambda: self.ledger.hold_roundtable(
                FACILITATOR, case.id, agenda=v("RoundtableHeld", "agenda", "役割分担"),
                attendee_party_ids=[a],
                attendee_count=v("RoundtableHeld", "attendee_count", 12),
                decisions=v("RoundtableHeld", "decisions", "月1回開く"),
                next_actions=v("RoundtableHeld", "next_actions", "会場を探す"),
                occurred_on=v("RoundtableHeld", "occurred_on", D(2024, 5, 10)))),
            ("AgreementReached", lambda: self.ledger.reach_agreement(
                FACILITATOR, case.id,
                roles=[RoleAssignment(a, PartyRole.PARTNER), RoleAssignment(c, PartyRole.PARTNER)],
                period_start=v("AgreementReached", "period_start", D(2024, 6, 1)),
                form=v("AgreementReached", "form", CollaborationForm.BUSINESS_COOPERATION),
                period_end=v("AgreementReached", "period_end", D(2025, 3, 31)),
                resources=v("AgreementReached", "resources", "会場は無償"),
                occurred_on=v("AgreementReached", "occurred_on", D(2024, 5, 21)))),
            ("ActivityCarriedOut", lambda: self.ledger.carry_out_activity(
                FACILITATOR, case.id, title=v("ActivityCarriedOut", "title", "第1回 子ども食堂"),
                participants=v("ActivityCarriedOut", "participants", 30),
                volunteers=v("ActivityCarriedOut", "volunteers", 5),
                outputs=v("ActivityCarriedOut", "outputs", "チラシ"),
                occurred_on=v("ActivityCarriedOut", "occurred_on", D(2024, 6, 15)))),
            ("ReviewConducted", lambda: self.ledger.conduct_review(
                FACILITATOR, case.id, kind=v("ReviewConducted", "kind", ReviewKind.SELF),
                summary=v("ReviewConducted", "summary", "目標を上回った"),
                outcomes=v("ReviewConducted", "outcomes", [Outcome("参加者数", 30, 20, "人")]),
                lessons=v("ReviewConducted", "lessons", "告知が大事"),
                occurred_on=v("ReviewConducted", "occurred_on", D(2024, 9, 1)))),
            ("CaseClosed", lambda: self.ledger.close_case(
                FACILITATOR, case.id, result=v("CaseClosed", "result", ClosureResult.SUCCEEDED),
                reason=v("CaseClosed", "reason", "成功"),
                occurred_on=v("CaseClosed", "occurred_on", D(2024, 9, 28)))),
            ("NominatedAsSuccessCase", lambda: self.ledger.nominate_success_case(
                FACILITATOR, case.id, reason=v("NominatedAsSuccessCase", "reason", "好事例"),
                occurred_on=v("NominatedAsSuccessCase", "occurred_on", D(2024, 10, 1)))),
            ("SuccessCasePublished", lambda: self.ledger.publish_success_case(
                CHIEF, case.id,
                story=SuccessStory("地域の子ども食堂", "NPOと企業の協働", "相談から", "延べ300人",
                                   "分担が大事", party_ids=(a,)),
                occurred_on=v("SuccessCasePublished", "occurred_on", D(2024, 10, 5)))),
            ("PresentedAtMeeting", lambda: self.ledger.present_at_meeting(
                MEETING, case_id=case.id, meeting_id=meeting)),
            ("SuccessCaseWithdrawn", lambda: self.ledger.withdraw_success_case(
                CHIEF, case.id, reason=v("SuccessCaseWithdrawn", "reason", "写真の確認"),
                occurred_on=v("SuccessCaseWithdrawn", "occurred_on", D(2024, 11, 1)))),
            ("CaseReopened", lambda: self.ledger.reopen_case(
                FACILITATOR, case.id, reason=v("CaseReopened", "reason", "続ける"),
                occurred_on=v("CaseReopened", "occurred_on", D(2024, 11, 5)))),
            ("NoteAdded", lambda: self.ledger.add_note(
                FACILITATOR, case.id, text=v("NoteAdded", "text", "保護者の声"),
                occurred_on=v("NoteAdded", "occurred_on", D(2024, 11, 10)))),
        ]  # fmt: skip
        for name, record in steps:
            if until is not None and name.split()[0] not in versions and until in versions:
                break
            record()
            versions.setdefault(name, self.ledger.get_case(case.id).version)
        return versions


_VOLATILE = re.compile(r"(^|_)(version|position|recorded_at|valid_from|valid_to)$|_at$")
_SKIPPED_COLUMNS = {"last_step_on", "last_recorded_at"}
_SKIPPED_TABLES = {"moments"}  # which positions the KPI model took in: one more, the correction
_LATEST_ONLY = {"revisions": "case_id"}  # a log of past states: compare the latest per case


def _dump(side: ReadSide, models: list[ReadModel], ids: list[UUID]) -> dict[str, list[str]]:
    """Every row of every read model, without positions, versions and record times, with
    ids replaced by their place in the history (so two ledgers compare)."""
    side.catch_up()
    names = {str(i): f"<id{n}>" for n, i in enumerate(ids)}
    out: dict[str, list[str]] = {}
    with side.store.reading() as db:
        for model in models:
            tables = side.store.tables(model, db)
            assert tables is not None
            for logical in model.tables:
                if logical in _SKIPPED_TABLES:
                    continue
                table = tables[logical]
                sql = f"SELECT * FROM {table}"
                if logical in _LATEST_ONLY:
                    per = _LATEST_ONLY[logical]
                    sql += (
                        f" t WHERE position = (SELECT MAX(position) FROM {table} "
                        f"WHERE {per} = t.{per})"
                    )
                cursor = db.execute(sql)
                columns = [d[0] for d in cursor.description]  # type: ignore[attr-defined]
                rows = []
                for row in cursor.fetchall():
                    cells = dict(zip(columns, row, strict=True))
                    if "valid_to" in cells and cells["valid_to"] is not None:
                        continue
                    kept = {
                        k: v
                        for k, v in cells.items()
                        if not _VOLATILE.search(k) and k not in _SKIPPED_COLUMNS
                    }
                    text = repr(sorted(kept.items()))
                    for raw, name in names.items():
                        text = text.replace(raw, name)
                    rows.append(text)
                out[f"{model.name}.{logical}"] = sorted(rows)
    return out


@pytest.fixture
def two_histories(tmp_path: Path) -> Iterator[Callable[[Path], tuple[Ledger, ReadSide]]]:
    opened: list[tuple[Ledger, ReadSide]] = []

    def open_one(where: Path) -> tuple[Ledger, ReadSide]:
        where.mkdir()
        settings = Settings(data_dir=where)
        ledger = build_ledger(settings)
        side = ReadSide(ledger, settings, _models())
        opened.append((ledger, side))
        return ledger, side

    yield open_one
    for ledger, side in opened:
        side.close()
        ledger.close()


def _models() -> list[ReadModel]:
    return [m for m in read_models() if not isinstance(m, TimelineReadModel)]


@pytest.mark.parametrize(("step", "name"), sorted(CORRECTED), ids=lambda v: str(v))
def test_a_corrected_history_reads_as_one_recorded_right(
    two_histories: Callable[[Path], tuple[Ledger, ReadSide]],
    tmp_path: Path,
    step: str,
    name: str,
) -> None:
    until = STOPS_AFTER.get((step, name))
    corrected_ledger, corrected_side = two_histories(tmp_path / "corrected")
    corrected = History(corrected_ledger)
    versions = corrected.run(until)
    corrected_ledger.correct_step(
        CHIEF,
        corrected.ids[-1],  # type: ignore[index]
        corrected_version=versions[step],
        changes={name: CORRECTED[(step, name)]},
        reason="記入の誤り",
    )
    right_ledger, right_side = two_histories(tmp_path / "right")
    right = History(right_ledger, change=(step, name))
    right.run(until)

    seen = _dump(corrected_side, _models(), corrected.ids)  # type: ignore[arg-type]
    expected = _dump(right_side, _models(), right.ids)  # type: ignore[arg-type]
    differing = {t: (seen[t], expected[t]) for t in expected if seen.get(t) != expected[t]}
    assert not differing, f"{step}.{name} is not followed by: {sorted(differing)}"
