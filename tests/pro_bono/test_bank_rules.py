"""The pro bono worker bank's rules, one behaviour each, on a ledger in memory."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from application.ledger import Ledger
from domain import pro_bono as pb
from domain.errors import UnknownVocabularyError
from domain.vocabulary import PartyKind
from tests.pro_bono.bank import REGISTERED_ON, join_bank, needing, worker
from tests.support import OPENED_ON, CaseFixture

ON = OPENED_ON + timedelta(days=4)


def test_a_worker_joins_the_bank_with_skills_by_name_or_code(memory_ledger: Ledger) -> None:
    party_id = worker(memory_ledger)

    join_bank(memory_ledger, party_id, ("広報・デザイン", "it_web"))

    party = memory_ledger.get_party(party_id)
    assert party.bank_status == pb.ACTIVE
    assert party.skills == ("pr_design", "it_web")


def test_an_organisation_cannot_join_the_bank(memory_ledger: Ledger) -> None:
    org = CaseFixture(memory_ledger).party("こどもの未来", PartyKind.NPO_CORPORATION)

    with pytest.raises(pb.NotAProBonoWorkerError):
        join_bank(memory_ledger, org)


def test_an_unknown_skill_is_refused(memory_ledger: Ledger) -> None:
    party_id = worker(memory_ledger)

    with pytest.raises(UnknownVocabularyError):
        join_bank(memory_ledger, party_id, ("占い",))
    assert memory_ledger.get_party(party_id).bank_status is None


def test_joining_twice_is_refused(memory_ledger: Ledger) -> None:
    party_id = worker(memory_ledger)
    join_bank(memory_ledger, party_id)

    with pytest.raises(pb.AlreadyInProBonoBankError):
        join_bank(memory_ledger, party_id)


def test_a_worker_pauses_resumes_and_leaves(memory_ledger: Ledger) -> None:
    party_id = worker(memory_ledger)
    join_bank(memory_ledger, party_id)
    ctx = CaseFixture(memory_ledger).ctx

    memory_ledger.pause_pro_bono_work(ctx, party_id, reason="転勤のため")
    assert memory_ledger.get_party(party_id).bank_status == pb.PAUSED
    memory_ledger.resume_pro_bono_work(ctx, party_id)
    memory_ledger.leave_pro_bono_bank(ctx, party_id)

    assert memory_ledger.get_party(party_id).bank_status == pb.LEFT


def test_resuming_a_worker_who_is_not_paused_is_refused(memory_ledger: Ledger) -> None:
    party_id = worker(memory_ledger)
    join_bank(memory_ledger, party_id)

    with pytest.raises(pb.ProBonoWorkNotPausedError):
        memory_ledger.resume_pro_bono_work(CaseFixture(memory_ledger).ctx, party_id)


def _propose(case: CaseFixture, party_id: object, skill: str = "広報・デザイン") -> None:
    case.ledger.propose_pro_bono_match(
        case.ctx, party_id, case_id=case.id, skill=skill, hours=20, occurred_on=ON
    )


def test_a_match_is_proposed_accepted_and_completed(memory_ledger: Ledger) -> None:
    case = CaseFixture(memory_ledger)
    needing(case)
    party_id = worker(memory_ledger)
    join_bank(memory_ledger, party_id)

    _propose(case, party_id)
    memory_ledger.accept_pro_bono_match(case.ctx, party_id, case_id=case.id, occurred_on=ON)
    memory_ledger.complete_pro_bono_match(
        case.ctx, party_id, case_id=case.id, hours_given=18, occurred_on=ON
    )

    assert memory_ledger.get_party(party_id).matches == {case.id: pb.COMPLETED}


def test_a_match_needs_the_cases_declared_need(memory_ledger: Ledger) -> None:
    case = CaseFixture(memory_ledger)
    needing(case, "会計・税務")
    party_id = worker(memory_ledger)
    join_bank(memory_ledger, party_id)

    with pytest.raises(pb.ProBonoNeedNotDeclaredError, match="広報・デザイン"):
        _propose(case, party_id)


def test_a_match_needs_the_workers_skill(memory_ledger: Ledger) -> None:
    case = CaseFixture(memory_ledger)
    needing(case, "法務")
    party_id = worker(memory_ledger)
    join_bank(memory_ledger, party_id)

    with pytest.raises(pb.ProBonoSkillNotOfferedError, match="法務"):
        _propose(case, party_id, "法務")


def test_a_worker_without_consent_to_be_contacted_is_not_proposed(
    memory_ledger: Ledger,
) -> None:
    case = CaseFixture(memory_ledger)
    needing(case)
    party_id = worker(memory_ledger)
    join_bank(memory_ledger, party_id, consent=False)

    with pytest.raises(pb.ProBonoNoContactConsentError):
        _propose(case, party_id)


def test_a_paused_worker_is_not_proposed(memory_ledger: Ledger) -> None:
    case = CaseFixture(memory_ledger)
    needing(case)
    party_id = worker(memory_ledger)
    join_bank(memory_ledger, party_id)
    memory_ledger.pause_pro_bono_work(case.ctx, party_id)

    with pytest.raises(pb.ProBonoWorkerNotActiveError):
        _propose(case, party_id)


def test_a_worker_past_their_availability_is_not_proposed(memory_ledger: Ledger) -> None:
    case = CaseFixture(memory_ledger)
    needing(case)
    party_id = worker(memory_ledger)
    join_bank(memory_ledger, party_id, until=date(2024, 5, 2))

    with pytest.raises(pb.ProBonoAvailabilityOverError):
        _propose(case, party_id)


def test_a_match_is_proposed_once_while_open(memory_ledger: Ledger) -> None:
    case = CaseFixture(memory_ledger)
    needing(case)
    party_id = worker(memory_ledger)
    join_bank(memory_ledger, party_id)
    _propose(case, party_id)

    with pytest.raises(pb.ProBonoMatchAlreadyOpenError):
        _propose(case, party_id)


def test_a_declined_match_cannot_be_completed(memory_ledger: Ledger) -> None:
    case = CaseFixture(memory_ledger)
    needing(case)
    party_id = worker(memory_ledger)
    join_bank(memory_ledger, party_id)
    _propose(case, party_id)
    memory_ledger.decline_pro_bono_match(case.ctx, party_id, case_id=case.id, occurred_on=ON)

    with pytest.raises(pb.ProBonoMatchNotAcceptedError):
        memory_ledger.complete_pro_bono_match(
            case.ctx, party_id, case_id=case.id, hours_given=1, occurred_on=ON
        )


def test_accepting_a_match_never_proposed_is_refused(memory_ledger: Ledger) -> None:
    case = CaseFixture(memory_ledger)
    needing(case)
    party_id = worker(memory_ledger)
    join_bank(memory_ledger, party_id)

    with pytest.raises(pb.ProBonoMatchNotProposedError):
        memory_ledger.accept_pro_bono_match(case.ctx, party_id, case_id=case.id, occurred_on=ON)


def test_a_need_names_a_known_skill(memory_ledger: Ledger) -> None:
    case = CaseFixture(memory_ledger)

    with pytest.raises(UnknownVocabularyError):
        needing(case, "占い")


def test_registration_date_is_kept(memory_ledger: Ledger) -> None:
    party_id = worker(memory_ledger)
    join_bank(memory_ledger, party_id)

    events = list(memory_ledger.repository.event_store.get(party_id))
    assert events[-1].occurred_on == REGISTERED_ON
