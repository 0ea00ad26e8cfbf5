"""The pro bono worker bank read model on SQLite and PostgreSQL: the indicator counts first
registrations once, workers are found by skill and municipality, needs and matches follow
their steps."""

from __future__ import annotations

from datetime import date, timedelta

from application.ledger import Ledger
from projections.pro_bono.queries import ProBonoQueries, WorkerFilter, YearCount
from tests.library.readside import ReadSide
from tests.pro_bono.bank import join_bank, needing, worker
from tests.support import FACILITATOR, OPENED_ON, CaseFixture

ON = OPENED_ON + timedelta(days=4)


def test_the_indicator_counts_each_worker_once_in_the_year_they_first_joined(
    ledger: Ledger, bank_side: ReadSide
) -> None:
    a, b, c = worker(ledger, "山田 花子"), worker(ledger, "佐藤 一郎"), worker(ledger, "林 三郎")
    join_bank(ledger, a, on=date(2024, 3, 20))
    join_bank(ledger, b, on=date(2024, 4, 2))
    join_bank(ledger, c, on=date(2024, 6, 1))
    ledger.leave_pro_bono_bank(FACILITATOR, a, occurred_on=date(2024, 5, 1))
    join_bank(ledger, a, on=date(2024, 7, 1))
    ledger.pause_pro_bono_work(FACILITATOR, c, occurred_on=date(2024, 8, 1))

    bank_side.catch_up()
    figures = ProBonoQueries(bank_side.store).figures()

    assert figures.registered_total == 3
    assert figures.active_total == 2
    assert figures.by_fiscal_year == (YearCount(2023, 1, 1), YearCount(2024, 2, 3))


def test_workers_are_found_by_skill_and_municipality(ledger: Ledger, bank_side: ReadSide) -> None:
    designer, lawyer = worker(ledger, "山田 花子"), worker(ledger, "佐藤 一郎")
    join_bank(ledger, designer, ("広報・デザイン", "写真・映像"))
    join_bank(ledger, lawyer, ("法務",))
    bank_side.catch_up()
    bank = ProBonoQueries(bank_side.store)

    [found] = bank.workers(WorkerFilter(skill="legal", municipality="35206"))

    assert found.party_id == str(lawyer)
    assert found.municipalities == ("35203", "35206")
    assert sorted(w.skills for w in bank.workers()) == [("legal",), ("photo_video", "pr_design")]
    assert bank.workers(WorkerFilter(municipality="35201")) == []


def test_a_match_and_the_need_it_serves(ledger: Ledger, bank_side: ReadSide) -> None:
    case = CaseFixture(ledger)
    needing(case, hours=20)
    party_id = worker(ledger)
    join_bank(ledger, party_id)
    ledger.propose_pro_bono_match(
        FACILITATOR, party_id, case_id=case.id, skill="pr_design", hours=20, occurred_on=ON
    )
    ledger.accept_pro_bono_match(FACILITATOR, party_id, case_id=case.id, occurred_on=ON)
    ledger.complete_pro_bono_match(
        FACILITATOR, party_id, case_id=case.id, hours_given=18, occurred_on=ON
    )
    bank_side.catch_up()
    bank = ProBonoQueries(bank_side.store)

    [need] = bank.needs(str(case.id))
    [match] = bank.matches(case_id=str(case.id))

    assert (need.skill, need.hours) == ("pr_design", 20)
    assert (match.status, match.hours, match.hours_given) == ("completed", 20, 18)
    assert match.party_id == str(party_id)


def test_a_corrected_need_is_followed(ledger: Ledger, bank_side: ReadSide) -> None:
    case = CaseFixture(ledger)
    needing(case, hours=20)
    ledger.correct_step(
        FACILITATOR,
        case.id,
        corrected_version=2,
        changes={"hours": 35, "skill": "IT・ウェブ"},
        reason="記入の誤り",
    )
    bank_side.catch_up()

    [need] = ProBonoQueries(bank_side.store).needs(str(case.id))

    assert (need.skill, need.hours) == ("it_web", 35)
