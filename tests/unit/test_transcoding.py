"""Every stored event reloads identical: tuples stay tuples, enums stay enum members,
dates stay dates, value objects come back equal."""

from __future__ import annotations

import functools
import json
import re
from datetime import date, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest

from application.ledger import Ledger
from application.personal_data import MemoryKeyStore, Sealer
from domain import commands as c
from domain.case import STEP_CLASSES, Case
from domain.commands import pro_bono as p
from domain.commands.party import ErasePartyPersonalData, SealContactDetails
from domain.context import StepContext
from domain.meeting import Meeting
from domain.numbering import CaseNumbering
from domain.party import Party
from domain.values import (
    ContactDetails,
    EventMeta,
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


class _Directory:
    """Parties and meetings as a rule looks them up (no ledger needed)."""

    def __init__(self) -> None:
        self.meetings: dict[UUID, Meeting] = {}

    def party_ref(self, party_id: UUID) -> PartyRef:
        return {NPO.party_id: NPO, SHOP.party_id: SHOP}[party_id]

    def publication_consent(self, party_id: UUID) -> bool:
        return True

    def meeting(self, meeting_id: UUID) -> Meeting:
        return self.meetings[meeting_id]


DIRECTORY = _Directory()
CTX = StepContext(today=TODAY, meta=META, directory=DIRECTORY, may_approve=True)
SEALER = Sealer(MemoryKeyStore())


def _meeting() -> Meeting:
    meeting = Meeting.hold_meeting(
        c.HoldMeeting("検討会議", "pref", ON + timedelta(days=3), ("下関", "shunan")), CTX
    )
    DIRECTORY.meetings[meeting.id] = meeting
    return meeting


def _case_events() -> list[Any]:
    """One event of every case step, made by the aggregate itself."""
    case = Case.receive_consultation(
        c.ReceiveConsultation(
            title="コミュニティタクシーの運行",
            issue_statement="バス路線の廃止で買い物に行けない",
            municipality="周南市",
            fields=("まちづくり", "保健・医療・福祉"),
            sdgs=(11, 3),
            centre="shunan",
            initiating_party_id=NPO.party_id,
            occurred_on=ON,
            facilitator_id="fac-01",
            replicates=uuid4(),
        ),
        CTX,
        case_id=uuid4(),
        number="山口-2024-001",
    )
    later = ON + timedelta(days=3)
    cid = case.id
    commands: list[c.Command] = [
        c.AssignFacilitator(cid, "fac-02", later),
        c.HoldHearing(cid, "聞き取り", later, NPO.party_id),
        c.ProposePartners(cid, (SHOP.party_id,), "車両の提供", later),
        c.JoinParty(cid, NPO.party_id, PartyRole.PROPOSER, "運転手", later),
        c.JoinParty(cid, SHOP.party_id, PartyRole.VENUE_OR_GOODS, "車両", later),
        c.HoldRoundtable(cid, "運行ルート", later, (NPO.party_id,), 12, "週2回", "試走"),
        c.ReachAgreement(
            cid,
            (
                RoleAssignment(NPO.party_id, PartyRole.PROPOSER, "運営"),
                RoleAssignment(SHOP.party_id, PartyRole.VENUE_OR_GOODS),
            ),
            later,
            CollaborationForm.EXECUTIVE_COMMITTEE,
            later,
            None,
            "車両1台",
        ),
        c.CarryOutActivity(cid, "試験運行", later, 40, 6, "延べ40人"),
        c.DeclareProBonoNeed(cid, "IT・ウェブ", later, 10, "予約サイト"),
        c.ConductReview(
            cid,
            ReviewKind.THIRD_PARTY,
            "目標を達成",
            later,
            (Outcome("利用者数", 40, 30, "人", "目標超え"), Outcome("運行日数")),
            "地域の足は地域で",
        ),
        c.WithdrawParty(cid, SHOP.party_id, "撤退", later),
        c.CloseCase(cid, ClosureResult.SUCCEEDED, later, "本格運行へ"),
        c.ReopenCase(cid, "延長", later),
        c.CloseCase(cid, ClosureResult.SUCCEEDED, later, "完了"),
        c.NominateSuccessCase(cid, later, "好事例"),
        c.PublishSuccessCase(
            cid,
            SuccessStory("地域の足", "概要", "きっかけ", "成果", "教訓", (NPO.party_id,)),
            later,
        ),
        c.PresentAtMeeting(_meeting().id, cid),
        c.WithdrawSuccessCase(cid, "見直し", later),
        c.CorrectStep(cid, 9, {"occurred_on": ON, "volunteers": 7}, "誤記", later),
        c.AddNote(cid, "メモ", later),
    ]
    for command in commands:
        getattr(case, command.verb())(command, CTX)
    return list(case.collect_events())


def _other_events() -> list[Any]:
    party = Party.register_party(
        c.RegisterParty(
            kind=PartyKind.PRO_BONO_WORKER,
            name="",
            municipality="下関市",
            fields=("情報化社会",),
            contact=ContactDetails("下関 一郎", "ichiro@example.jp", "083-000-0000", "下関市"),
            publication_consent=False,
            occurred_on=ON,
        ),
        CTX,
        SEALER.seal,
    )
    party.change_publication_consent(c.ChangePublicationConsent(party.id, True, ON), CTX)
    party.change_contact_details(
        c.ChangeContactDetails(party.id, ContactDetails("下関 一郎", "new@example.jp"), ON),
        CTX,
        SEALER.seal,
    )
    for step in _pro_bono_steps(party.id):
        getattr(party, step.verb())(step, CTX)
    party.erase_party_personal_data(ErasePartyPersonalData(party.id, "本人の求め"), CTX)
    legacy = Party.register_party(
        c.RegisterParty(kind=PartyKind.BUSINESS, name="山口食品", municipality="山口市"),
        CTX,
        lambda _, contact: contact,  # stored in clear, as before encryption
    )
    legacy.seal_contact_details(SealContactDetails(legacy.id), CTX, SEALER.seal)
    meeting = _meeting()
    case_id = uuid4()
    meeting.record_presentation(case_id, META)
    meeting.agree_follow_up(
        c.AgreeFollowUp(meeting.id, case_id, "下関市", "shimonoseki", "再現"), CTX
    )
    numbering = CaseNumbering.start("yamaguchi", 2024)
    numbering.issue(uuid4())
    return [
        *party.collect_events(),
        *legacy.collect_events()[1:],
        *meeting.collect_events(),
        *numbering.collect_events(),
    ]


def _pro_bono_steps(party_id: UUID) -> list[c.Command]:
    case_id, other = uuid4(), uuid4()
    return [
        p.RegisterProBonoWorker(party_id, ("翻訳",), ("下関市",), 5, 10, ON, True, ON),
        p.PauseProBonoWork(party_id, "多忙", ON),
        p.ResumeProBonoWork(party_id, ON),
        p.ProposeProBonoMatch(party_id, case_id, "translation", 8, ON),
        p.AcceptProBonoMatch(party_id, case_id, ON),
        p.CompleteProBonoMatch(party_id, case_id, 7, ON),
        p.ProposeProBonoMatch(party_id, other, "translation", 8, ON),
        p.DeclineProBonoMatch(party_id, other, "", ON),
        p.LeaveProBonoBank(party_id, "転居", ON),
    ]


OTHER_EVENTS = (
    "Party.Registered",
    "Party.PublicationConsentChanged",
    "Party.ContactDetailsChanged",
    "Party.ProBonoWorkerRegistered",
    "Party.ProBonoWorkPaused",
    "Party.ProBonoWorkResumed",
    "Party.ProBonoMatchProposed",
    "Party.ProBonoMatchAccepted",
    "Party.ProBonoMatchCompleted",
    "Party.ProBonoMatchDeclined",
    "Party.ProBonoBankLeft",
    "Party.PersonalDataErased",
    "Party.ContactDetailsSealed",
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


@pytest.mark.parametrize(
    "stored",
    [
        b'{"_type_":"value:Nowhere","_data_":{}}',
        b'{"_type_":1,"_data_":"x"}',
        b'{"a":1} trailing',
        b"not json",
    ],
)
def test_what_the_quick_decoding_cannot_read_fails_as_the_library_s_did(
    memory_ledger: Ledger, stored: bytes
) -> None:
    transcoder = memory_ledger.mapper.transcoder
    library = json.JSONDecoder(object_hook=transcoder._decode_obj)  # type: ignore[attr-defined]
    with pytest.raises((ValueError, TypeError)) as expected:  # JSON, or an unknown tag
        library.decode(stored.decode())
    with pytest.raises(type(expected.value), match=re.escape(str(expected.value))):
        transcoder.decode(stored)


def test_a_state_with_whitespace_around_it_decodes_as_before(
    memory_ledger: Ledger,
) -> None:
    transcoder = memory_ledger.mapper.transcoder
    assert transcoder.decode(b' {"_type_":"enum:PartyRole","_data_":"partner"} \n') is (
        PartyRole.PARTNER
    )
