"""Every stored event reloads identical: tuples stay tuples, enums stay enum members,
dates stay dates, value objects come back equal."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest

from domain.case import STEP_CLASSES, Case
from domain.ledger import Ledger
from domain.meeting import Meeting
from domain.numbering import CaseNumbering
from domain.party import Party
from domain.values import (
    ContactDetails,
    EventMeta,
    FollowUp,
    Outcome,
    PartyRef,
    RoleAssignment,
    SuccessStory,
)
from domain.vocabulary import (
    ActorRole,
    ClosureResult,
    CollaborationForm,
    PartyKind,
    PartyRole,
    ReviewKind,
    Source,
)
from tests.unit.helpers import assert_identical

ON = date(2024, 5, 1)
TODAY = date(2025, 3, 10)
META = EventMeta("fac-01", ActorRole.CHIEF_FACILITATOR, "corr-1", Source.IMPORT)
NPO = PartyRef(uuid4(), PartyKind.NPO_CORPORATION)
SHOP = PartyRef(uuid4(), PartyKind.BUSINESS)


def _case_events() -> list[Any]:
    """One event of every case step, made by the aggregate itself."""
    case = Case.open(
        case_id=uuid4(),
        number="山口-2024-001",
        title="コミュニティタクシーの運行",
        issue_statement="バス路線の廃止で買い物に行けない",
        municipality="周南市",
        fields=("まちづくり", "保健・医療・福祉"),
        sdgs=(11, 3),
        centre="shunan",
        facilitator_id="fac-01",
        initiating_party=NPO,
        replicates=uuid4(),
        occurred_on=ON,
        today=TODAY,
        meta=META,
    )
    later = ON + timedelta(days=3)
    steps: list[Callable[[], None]] = [
        lambda: case.assign_facilitator("fac-02", later, TODAY, META),
        lambda: case.hold_hearing(NPO.party_id, "聞き取り", later, TODAY, META),
        lambda: case.propose_partners((SHOP.party_id,), "車両の提供", later, TODAY, META),
        lambda: case.join_party(NPO, PartyRole.PROPOSER, "運転手", later, TODAY, META),
        lambda: case.join_party(SHOP, PartyRole.VENUE_OR_GOODS, "車両", later, TODAY, META),
        lambda: case.hold_roundtable(
            (NPO.party_id,), 12, "運行ルート", "週2回", "試走", later, TODAY, META
        ),
        lambda: case.reach_agreement(
            (
                RoleAssignment(NPO.party_id, PartyRole.PROPOSER, "運営"),
                RoleAssignment(SHOP.party_id, PartyRole.VENUE_OR_GOODS),
            ),
            later,
            None,
            "車両1台",
            CollaborationForm.EXECUTIVE_COMMITTEE,
            later,
            TODAY,
            META,
        ),
        lambda: case.carry_out_activity("試験運行", 40, 6, "延べ40人", later, TODAY, META),
        lambda: case.conduct_review(
            ReviewKind.THIRD_PARTY,
            (Outcome("利用者数", 40, 30, "人", "目標超え"), Outcome("運行日数")),
            "目標を達成",
            "地域の足は地域で",
            later,
            TODAY,
            META,
        ),
        lambda: case.withdraw_party(SHOP.party_id, "撤退", later, TODAY, META),
        lambda: case.close(ClosureResult.SUCCEEDED, "本格運行へ", later, TODAY, META),
        lambda: case.reopen("延長", later, TODAY, META),
        lambda: case.close(ClosureResult.SUCCEEDED, "完了", later, TODAY, META),
        lambda: case.nominate("好事例", later, TODAY, META),
        lambda: case.publish(
            SuccessStory("地域の足", "概要", "きっかけ", "成果", "教訓", (NPO.party_id,)),
            {NPO.party_id: True},
            later,
            TODAY,
            META,
        ),
        lambda: case.present_at_meeting(uuid4(), later, TODAY, META),
        lambda: case.withdraw_publication("見直し", later, TODAY, META),
        lambda: case.correct_step(
            9, {"occurred_on": ON, "volunteers": 7}, "誤記", later, TODAY, META
        ),
        lambda: case.add_note("メモ", later, TODAY, META),
    ]
    for step in steps:
        step()
    return list(case.collect_events())


def _other_events() -> list[Any]:
    party = Party.register(
        kind=PartyKind.PRO_BONO_WORKER,
        name="",
        municipality="下関市",
        fields=("情報化社会",),
        contact=ContactDetails("下関 一郎", "ichiro@example.jp", "083-000-0000", "下関市"),
        publication_consent=False,
        occurred_on=ON,
        today=TODAY,
        meta=META,
    )
    party.change_publication_consent(True, ON, TODAY, META)
    party.change_contact_details(ContactDetails("下関 一郎", "new@example.jp"), ON, TODAY, META)
    meeting = Meeting.hold(
        title="検討会議",
        host_centre="pref",
        attending_centres=("下関", "shunan"),
        occurred_on=ON,
        today=TODAY,
        meta=META,
    )
    case_id = uuid4()
    meeting.record_presentation(case_id, META)
    meeting.agree_follow_up(FollowUp(case_id, "下関市", "shimonoseki", "再現"), META)
    numbering = CaseNumbering(centre="yamaguchi", fiscal_year=2024)
    numbering.issue(uuid4())
    return [
        *party.collect_events(),
        *meeting.collect_events(),
        *numbering.collect_events(),
    ]


OTHER_EVENTS = (
    "Party.Registered",
    "Party.PublicationConsentChanged",
    "Party.ContactDetailsChanged",
    "Meeting.MeetingHeld",
    "Meeting.CasePresented",
    "Meeting.FollowUpAgreed",
    "CaseNumbering.NumberingStarted",
    "CaseNumbering.NumberIssued",
)
EVENT_NAMES = (*(f"Case.{name}" for name in STEP_CLASSES), *OTHER_EVENTS)


@functools.cache
def _events() -> dict[str, Any]:
    """Made once, when first needed (a domain regression fails a test, not the collection)."""
    return {type(e).__qualname__: e for e in [*_case_events(), *_other_events()]}


def test_every_event_class_is_exercised() -> None:
    assert set(_events()) == set(EVENT_NAMES)


@pytest.mark.parametrize("name", EVENT_NAMES)
def test_an_event_reloads_identical(memory_ledger: Ledger, name: str) -> None:
    saved = _events()[name]
    mapper = memory_ledger.mapper

    loaded = mapper.to_domain_event(mapper.to_stored_event(saved))

    assert loaded == saved
    assert_identical(saved, loaded)


def test_a_stored_case_replays_into_the_same_state(memory_ledger: Ledger) -> None:
    events = _case_events()
    mapper = memory_ledger.mapper
    reloaded: list[Any] = [mapper.to_domain_event(mapper.to_stored_event(e)) for e in events]

    case = None
    for event in reloaded:
        case = event.mutate(case)

    assert isinstance(case, Case)
    assert case.version == len(events)
    assert type(case.result) is ClosureResult
    assert case.steps[8] == "AgreementReached"


def test_identical_notices_a_lost_enum() -> None:
    with pytest.raises(AssertionError):
        assert_identical(PartyRole.PARTNER, "partner")


def test_identical_notices_a_lost_tuple() -> None:
    with pytest.raises(AssertionError):
        assert_identical((UUID(int=1),), [UUID(int=1)])
