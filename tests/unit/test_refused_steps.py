"""A case tells which steps it refuses as it stands (`Case.refusal`), with the refusal its
rule would raise: the page offers a facilitator only the steps the case can take."""

from __future__ import annotations

import pytest

from application.ledger import CASE_STEPS, Ledger
from domain import errors
from domain.commands import Command
from domain.commands.case import AddNote, CarryOutActivity, CloseCase, CorrectStep, HoldHearing
from domain.vocabulary import PartyKind, PartyRole
from tests.support import CaseFixture
from tests.unit.helpers import refused_on_case


def _refused(ledger: Ledger, given: CaseFixture) -> dict[str, str]:
    return {step.__name__: error.code for step, error in ledger.refused_steps(given.id)}


def test_a_new_case_refuses_what_needs_an_earlier_step(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)
    given.open()

    assert _refused(memory_ledger, given) == {
        "ReachAgreement": "agreement_needs_two_parties",
        "CarryOutActivity": "activity_needs_agreement",
        "ConductReview": "review_needs_activity",
        "ReopenCase": "case_not_closed",
        "NominateSuccessCase": "nomination_needs_success",
        "PublishSuccessCase": "publication_needs_nomination",
        "WithdrawSuccessCase": "not_published",
        "PresentAtMeeting": "presentation_needs_success_case",
    }


def test_each_step_lifts_the_refusal_it_answers(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)
    given.open()
    given.join("こどもの未来", role=PartyRole.PROPOSER)
    given.join("山口食品株式会社", PartyKind.BUSINESS, PartyRole.VENUE_OR_GOODS)
    assert "ReachAgreement" not in _refused(memory_ledger, given)

    given.agree()
    assert "CarryOutActivity" not in _refused(memory_ledger, given)
    given.act()
    assert "ConductReview" not in _refused(memory_ledger, given)


def test_a_closed_case_refuses_the_steps_of_an_open_one(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)
    given.through_success()

    refused = dict(memory_ledger.refused_steps(given.id))

    assert isinstance(refused[HoldHearing], errors.CaseClosedError)
    assert HoldHearing.label in refused[HoldHearing].message
    assert isinstance(refused[CloseCase], errors.CaseClosedError)
    for open_to_a_closed_case in ("ReopenCase", "NominateSuccessCase", "AddNote", "CorrectStep"):
        assert open_to_a_closed_case not in _refused(memory_ledger, given)


@pytest.mark.parametrize("step", [AddNote, CorrectStep])
def test_a_note_and_a_correction_are_never_refused_by_the_state(
    memory_ledger: Ledger, step: type[Command]
) -> None:
    given = CaseFixture(memory_ledger)
    given.open()
    assert memory_ledger.get_case(given.id).refusal(step) is None


def test_the_rule_raises_the_refusal_the_case_gave(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)
    given.open()
    told = memory_ledger.get_case(given.id).refusal(CarryOutActivity)

    raised = refused_on_case(memory_ledger, given.id, errors.ActivityNeedsAgreementError, given.act)

    assert told is not None
    assert (told.code, told.message) == (raised.code, raised.message)


def test_every_step_of_a_case_is_asked() -> None:
    """Every command that changes a case has its rule on the case, where its checks are."""
    from domain.case import Case

    for step in CASE_STEPS:
        assert callable(getattr(Case, step.verb(), None)), step.__name__
