"""An agreement (合意) needs two active parties, two organisations and a role for each."""

from __future__ import annotations

from datetime import timedelta

from application.ledger import Ledger
from domain import errors
from domain.values import RoleAssignment
from domain.vocabulary import CaseState, CollaborationForm, PartyKind, PartyRole
from tests.support import FACILITATOR, OPENED_ON, CaseFixture
from tests.unit.helpers import pro_bono_worker, refused_on_case


def _agree(given: CaseFixture, roles: list[RoleAssignment]) -> None:
    given.ledger.reach_agreement(
        FACILITATOR,
        given.id,
        roles=roles,
        period_start=OPENED_ON + timedelta(days=30),
        form=CollaborationForm.CO_HOSTING,
        occurred_on=OPENED_ON + timedelta(days=20),
    )


def test_one_party_cannot_agree(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)
    given.open()
    npo = given.join("こどもの未来", role=PartyRole.PROPOSER)

    error = refused_on_case(
        memory_ledger,
        given.id,
        errors.AgreementNeedsTwoPartiesError,
        lambda: _agree(given, [RoleAssignment(npo, PartyRole.PROPOSER)]),
    )

    assert error.message == "合意には二つ以上の参加団体が必要です"
    assert error.code == "agreement_needs_two_parties"


def test_an_organisation_and_a_pro_bono_worker_are_not_two_organisations(
    memory_ledger: Ledger,
) -> None:
    given = CaseFixture(memory_ledger)
    given.open()
    given.join("こどもの未来", role=PartyRole.PROPOSER)
    pro_bono_worker(given, "デザイナー")
    given.join("デザイナー", PartyKind.PRO_BONO_WORKER, PartyRole.EXPERTISE)

    error = refused_on_case(
        memory_ledger,
        given.id,
        errors.AgreementNeedsTwoOrganisationsError,
        given.agree,
    )

    assert error.message == "合意には異なる二つ以上の団体の参加が必要です"


def test_two_organisations_and_a_pro_bono_worker_agree(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)
    given.open()
    given.join("こどもの未来", role=PartyRole.PROPOSER)
    pro_bono_worker(given, "デザイナー")
    given.join("デザイナー", PartyKind.PRO_BONO_WORKER, PartyRole.EXPERTISE)
    given.join("湯田温泉自治会", PartyKind.NEIGHBOURHOOD_ASSOCIATION)

    given.agree()

    assert memory_ledger.get_case(given.id).state is CaseState.AGREED


def test_a_withdrawn_party_no_longer_counts(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)
    given.open()
    given.join("こどもの未来", role=PartyRole.PROPOSER)
    shop = given.join("山口食品株式会社", PartyKind.BUSINESS)
    memory_ledger.withdraw_party(
        FACILITATOR,
        given.id,
        party_id=shop,
        reason="担当者の異動",
        occurred_on=OPENED_ON + timedelta(days=10),
    )

    refused_on_case(memory_ledger, given.id, errors.AgreementNeedsTwoPartiesError, given.agree)


def test_roles_must_cover_every_active_party(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)
    given.open()
    npo = given.join("こどもの未来", role=PartyRole.PROPOSER)
    shop = given.join("山口食品株式会社", PartyKind.BUSINESS)

    error = refused_on_case(
        memory_ledger,
        given.id,
        errors.AgreementRolesIncompleteError,
        lambda: _agree(given, [RoleAssignment(npo, PartyRole.PROPOSER)]),
    )

    assert "山口食品株式会社" in error.message
    assert str(shop) not in error.message


def test_roles_may_not_name_a_withdrawn_party(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)
    given.open()
    npo = given.join("こどもの未来", role=PartyRole.PROPOSER)
    shop = given.join("山口食品株式会社", PartyKind.BUSINESS)
    council = given.join("山口市社会福祉協議会", PartyKind.SOCIAL_WELFARE_COUNCIL)
    memory_ledger.withdraw_party(
        FACILITATOR, given.id, party_id=shop, reason="撤退", occurred_on=OPENED_ON
    )
    roles = [
        RoleAssignment(npo, PartyRole.PROPOSER),
        RoleAssignment(council, PartyRole.PARTNER),
        RoleAssignment(shop, PartyRole.FUNDER),
    ]

    error = refused_on_case(
        memory_ledger, given.id, errors.PartyNotActiveError, lambda: _agree(given, roles)
    )

    assert error.code == "party_not_active"
    assert "山口食品株式会社" in error.message
    assert str(shop) not in error.message


def test_agreement_period_cannot_end_before_it_starts(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)
    given.open()
    given.join("こどもの未来", role=PartyRole.PROPOSER)
    given.join("山口食品株式会社", PartyKind.BUSINESS)
    roles = [
        RoleAssignment(ref.party_id, PartyRole.PARTNER)
        for ref in memory_ledger.get_case(given.id).active_parties
    ]

    error = refused_on_case(
        memory_ledger,
        given.id,
        errors.InvalidValueError,
        lambda: memory_ledger.reach_agreement(
            FACILITATOR,
            given.id,
            roles=roles,
            period_start=OPENED_ON + timedelta(days=30),
            period_end=OPENED_ON + timedelta(days=29),
            form=CollaborationForm.CO_HOSTING,
            occurred_on=OPENED_ON + timedelta(days=20),
        ),
    )

    assert error.field == "periodEnd"


def test_a_party_cannot_join_twice(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)
    given.open()
    given.join("こどもの未来", role=PartyRole.PROPOSER)

    refused_on_case(
        memory_ledger,
        given.id,
        errors.PartyAlreadyJoinedError,
        lambda: given.join("こどもの未来"),
    )


def test_a_withdrawn_party_may_join_again(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)
    given.open()
    npo = given.join("こどもの未来", role=PartyRole.PROPOSER)
    memory_ledger.withdraw_party(
        FACILITATOR, given.id, party_id=npo, reason="一時休止", occurred_on=OPENED_ON
    )

    given.join("こどもの未来")

    assert npo in {ref.party_id for ref in memory_ledger.get_case(given.id).active_parties}


def test_only_an_active_party_can_withdraw(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)
    given.open()
    outsider = given.party("山口食品株式会社", PartyKind.BUSINESS)

    refused_on_case(
        memory_ledger,
        given.id,
        errors.PartyNotActiveError,
        lambda: memory_ledger.withdraw_party(
            FACILITATOR, given.id, party_id=outsider, reason="撤退", occurred_on=OPENED_ON
        ),
    )
