"""The rules of a plan's items, one behaviour each, on the in-memory ledger."""

from __future__ import annotations

import pytest

from application.ledger import Ledger
from domain import errors
from domain import plan_errors as pe
from domain.plan_vocabulary import FutureHandling, ImplementationStatus
from domain.plans import Plan, plan_id
from tests.plan.support import MEASURE_3, MEASURE_IV_2, PLAN, POLICY_I, POLICY_IV, PlanFixture
from tests.support import AUDITOR, FACILITATOR, CaseFixture, context
from tests.unit.helpers import refused

S = ImplementationStatus
H = FutureHandling


@pytest.fixture
def plan(memory_ledger: Ledger) -> PlanFixture:
    return PlanFixture(memory_ledger).seeded()


def _plan(fixture: PlanFixture) -> Plan:
    found = fixture.ledger.get_or_none(fixture.id)
    assert isinstance(found, Plan)
    return found


# --- registering a plan ----------------------------------------------------------------------


def test_a_plan_is_found_by_its_name(memory_ledger: Ledger) -> None:
    registered = PlanFixture(memory_ledger).register(f"  {PLAN} ")

    assert registered == plan_id(PLAN)


def test_a_plan_is_registered_once(plan: PlanFixture) -> None:
    refused(plan.ledger, pe.PlanAlreadyRegisteredError, plan.register)


def test_a_plan_needs_a_name(memory_ledger: Ledger) -> None:
    refused(memory_ledger, errors.BlankValueError, lambda: PlanFixture(memory_ledger).register(" "))


def test_a_plan_s_municipality_must_be_known(memory_ledger: Ledger) -> None:
    refused(
        memory_ledger,
        errors.UnknownVocabularyError,
        lambda: memory_ledger.register_plan(PlanFixture.ctx, name=PLAN, municipality="東京市"),
    )


# --- items -----------------------------------------------------------------------------------


def test_an_item_keeps_its_place_in_the_hierarchy(plan: PlanFixture) -> None:
    item = _plan(plan).item(11)

    assert (item.title, item.placement) == ("各種助成、補助金制度の情報提供", (POLICY_I, MEASURE_3))


def test_an_item_number_is_used_once(plan: PlanFixture) -> None:
    error = refused(plan.ledger, pe.PlanItemNumberTakenError, lambda: plan.item(1, "別の項目"))

    assert "地域交流センターの設置" in error.message


def test_an_item_number_is_one_or_more(plan: PlanFixture) -> None:
    refused(plan.ledger, errors.InvalidValueError, lambda: plan.item(0, "番号なし"))


def test_an_item_needs_a_title(plan: PlanFixture) -> None:
    refused(plan.ledger, errors.BlankValueError, lambda: plan.item(3, "  "))


def test_an_item_of_an_unknown_plan_is_refused(memory_ledger: Ledger) -> None:
    fixture = PlanFixture(memory_ledger, plan_id=plan_id("ない計画"))

    refused(memory_ledger, pe.PlanNotFoundError, lambda: fixture.item(1, "項目"))


def test_an_item_is_restated_under_another_measure(plan: PlanFixture) -> None:
    plan.ledger.restate_plan_item(
        plan.ctx, plan.id, number=1, policy=POLICY_IV, measure=MEASURE_IV_2
    )

    assert _plan(plan).item(1).restated_under == [(POLICY_IV, MEASURE_IV_2)]


def test_an_item_is_not_restated_where_it_is_already_listed(plan: PlanFixture) -> None:
    refused(
        plan.ledger,
        pe.PlanItemAlreadyPlacedError,
        lambda: plan.ledger.restate_plan_item(
            plan.ctx, plan.id, number=11, policy=POLICY_I, measure=MEASURE_3
        ),
    )


# --- statuses --------------------------------------------------------------------------------


def test_a_status_is_recorded_per_fiscal_year(plan: PlanFixture) -> None:
    plan.status(2, S.PARTIAL, H.CONTINUED, year=2011, review_note="引き続き検討")
    plan.status(2, S.DONE, H.COMPLETED, year=2012)

    statuses = _plan(plan).item(2).statuses
    assert {y: (s.status, s.handling) for y, s in statuses.items()} == {
        2011: (S.PARTIAL, H.CONTINUED),
        2012: (S.DONE, H.COMPLETED),
    }


def test_a_status_is_read_from_its_mark(plan: PlanFixture) -> None:
    plan.status(1, "◎", "完了")  # type: ignore[arg-type]

    assert _plan(plan).item(1).statuses[2011].status is S.DONE


def test_an_unknown_mark_is_refused(plan: PlanFixture) -> None:
    refused(plan.ledger, errors.UnknownVocabularyError, lambda: plan.status(1, "☆"))  # type: ignore[arg-type]


def test_the_same_status_again_records_nothing(plan: PlanFixture) -> None:
    plan.status(1, S.DONE, H.COMPLETED, review_note="設置された")

    refused(
        plan.ledger,
        pe.PlanItemStatusUnchangedError,
        lambda: plan.status(1, S.DONE, H.COMPLETED, review_note="設置された"),
    )


def test_a_changed_review_note_is_a_new_status(plan: PlanFixture) -> None:
    plan.status(1, S.DONE, H.COMPLETED, review_note="設置された")
    plan.status(1, S.DONE, H.COMPLETED, review_note="全ての地区に設置された")

    assert _plan(plan).item(1).statuses[2011].review_note == "全ての地区に設置された"


def test_a_status_of_an_unknown_item_is_refused(plan: PlanFixture) -> None:
    refused(plan.ledger, pe.PlanItemNotFoundError, lambda: plan.status(99))


def test_a_status_needs_a_western_fiscal_year(plan: PlanFixture) -> None:
    refused(plan.ledger, errors.InvalidValueError, lambda: plan.status(1, year=23))


def test_merging_names_the_item_merged_into(plan: PlanFixture) -> None:
    plan.status(12, S.ONGOING, H.MERGED, merged_into=11)

    assert _plan(plan).item(12).statuses[2011].merged_into == 11


def test_merging_needs_a_target(plan: PlanFixture) -> None:
    refused(plan.ledger, pe.MergeTargetRequiredError, lambda: plan.status(12, S.ONGOING, H.MERGED))


def test_only_merging_has_a_target(plan: PlanFixture) -> None:
    refused(plan.ledger, pe.MergeTargetUnexpectedError, lambda: plan.status(12, merged_into=11))


def test_an_item_is_not_merged_into_itself(plan: PlanFixture) -> None:
    refused(
        plan.ledger,
        pe.MergeIntoItselfError,
        lambda: plan.status(12, handling=H.MERGED, merged_into=12),
    )


def test_an_item_is_merged_into_an_item_of_the_plan(plan: PlanFixture) -> None:
    refused(
        plan.ledger,
        pe.PlanItemNotFoundError,
        lambda: plan.status(12, handling=H.MERGED, merged_into=98),
    )


# --- links -----------------------------------------------------------------------------------


def test_a_facilitator_links_a_case_of_their_centre(plan: PlanFixture) -> None:
    case = CaseFixture(plan.ledger)
    case.open()

    plan.ledger.link_case_to_plan_item(FACILITATOR, plan.id, number=2, case_id=case.id)

    assert _plan(plan).item(2).cases == [case.id]


def test_a_case_is_linked_to_an_item_once(plan: PlanFixture) -> None:
    case = CaseFixture(plan.ledger)
    case.open()
    plan.ledger.link_case_to_plan_item(FACILITATOR, plan.id, number=2, case_id=case.id)

    refused(
        plan.ledger,
        pe.CaseAlreadyLinkedError,
        lambda: plan.ledger.link_case_to_plan_item(plan.ctx, plan.id, number=2, case_id=case.id),
    )


def test_a_facilitator_does_not_link_another_centre_s_case(plan: PlanFixture) -> None:
    case = CaseFixture(plan.ledger)
    case.open()
    other = context(centre="ube", user_id="fac-ube-01")

    refused(
        plan.ledger,
        errors.NotAllowedError,
        lambda: plan.ledger.link_case_to_plan_item(other, plan.id, number=2, case_id=case.id),
    )


def test_an_unknown_case_is_not_linked(plan: PlanFixture) -> None:
    refused(
        plan.ledger,
        errors.CaseNotFoundError,
        lambda: plan.ledger.link_case_to_plan_item(plan.ctx, plan.id, number=2, case_id=plan.id),
    )


def test_an_indicator_is_linked_once(plan: PlanFixture) -> None:
    plan.ledger.link_indicator_to_plan_item(
        plan.ctx, plan.id, number=11, indicator="市民活動団体の登録数"
    )

    refused(
        plan.ledger,
        pe.IndicatorAlreadyLinkedError,
        lambda: plan.ledger.link_indicator_to_plan_item(
            plan.ctx, plan.id, number=11, indicator=" 市民活動団体の登録数 "
        ),
    )


# --- who may ---------------------------------------------------------------------------------


def test_a_facilitator_does_not_record_statuses(plan: PlanFixture) -> None:
    plan.ctx = FACILITATOR

    error = refused(plan.ledger, errors.NotAllowedError, lambda: plan.status(1))

    assert "実施状況" in error.message


def test_an_auditor_registers_no_plan(memory_ledger: Ledger) -> None:
    refused(
        memory_ledger,
        errors.NotAllowedError,
        lambda: PlanFixture(memory_ledger, AUDITOR).register(),
    )


def test_a_status_is_dated_on_the_day_it_is_recorded(plan: PlanFixture) -> None:
    plan.status(1)

    last = list(plan.ledger.repository.event_store.get(plan.id))[-1]
    assert isinstance(last, Plan.PlanItemStatusRecorded)
    assert last.occurred_on == plan.ctx.today
