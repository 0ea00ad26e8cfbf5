"""A case tells which steps it refuses as it stands (`Case.refusal`), with the refusal its
rule would raise: the page offers a facilitator only the steps the case can take."""

from __future__ import annotations

import pytest

from application.ledger import CASE_STEPS, Ledger
from domain import errors
from domain.commands import Command
from domain.commands.case import (
    AddNote,
    CarryOutActivity,
    CloseCase,
    CorrectStep,
    HoldHearing,
    PublishSuccessCase,
)
from domain.values import CommandContext
from domain.vocabulary import PartyKind, PartyRole
from tests.support import AUDITOR, CHIEF, FACILITATOR, CaseFixture, context
from tests.unit.helpers import refused_on_case


def _refused(
    ledger: Ledger, given: CaseFixture, ctx: CommandContext | None = None
) -> dict[str, str]:
    """What the case refuses (to `ctx`'s actor, or whatever the rights): code by step."""
    refused = ledger.refused_steps(given.id, None if ctx is None else ctx.actor)
    return {step.__name__: error.code for step, error in refused}


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


def test_a_publication_is_refused_to_a_facilitator_and_admitted_to_a_chief(
    memory_ledger: Ledger,
) -> None:
    """A nominated case: its facilitator may not publish it (a chief approves) nor withdraw
    a publication (a chief's); the chief facilitator may publish it."""
    given = CaseFixture(memory_ledger)
    given.through_success()
    given.nominate()

    to_facilitator = _refused(memory_ledger, given, FACILITATOR)
    to_chief = _refused(memory_ledger, given, CHIEF)

    assert to_facilitator["PublishSuccessCase"] == "publication_needs_chief_approval"
    assert to_facilitator["WithdrawSuccessCase"] == "forbidden"
    assert "PublishSuccessCase" not in to_chief
    assert to_chief["WithdrawSuccessCase"] == "not_published"  # the state, for a chief
    assert "PublishSuccessCase" not in _refused(memory_ledger, given)  # no actor: the state


def test_the_publication_refused_to_a_facilitator_is_the_one_its_rule_raises(
    memory_ledger: Ledger,
) -> None:
    given = CaseFixture(memory_ledger)
    given.through_success()
    given.nominate()
    told = dict(memory_ledger.refused_steps(given.id, FACILITATOR.actor))[PublishSuccessCase]

    raised = refused_on_case(
        memory_ledger,
        given.id,
        errors.PublicationNeedsChiefApprovalError,
        lambda: memory_ledger.publish_success_case(
            FACILITATOR, given.id, story=given.story(), occurred_on=given.ctx.today
        ),
    )

    assert (told.code, told.message) == (raised.code, raised.message)


@pytest.mark.parametrize(
    ("ctx", "reason"),
    [
        (context(centre="ube", user_id="fac-ube-01"), "他のセンターの案件です"),
        (AUDITOR, "監査人は案件を記録できません"),
    ],
    ids=["another centre's facilitator", "auditor"],
)
def test_a_reader_who_may_not_write_in_the_case_is_refused_every_step(
    memory_ledger: Ledger, ctx: CommandContext, reason: str
) -> None:
    """Even a note: the rights come before the case's state, as a step is decided."""
    given = CaseFixture(memory_ledger)
    given.open()

    refused = memory_ledger.refused_steps(given.id, ctx.actor)

    assert [step for step, _ in refused] == list(CASE_STEPS)
    assert {error.code for _, error in refused} == {"forbidden"}
    assert reason in dict(refused)[AddNote].message  # a withdrawal and a presentation
    # are another role's steps, refused for that first
    raised = refused_on_case(
        memory_ledger,
        given.id,
        errors.NotAllowedError,
        lambda: memory_ledger.add_note(ctx, given.id, text="メモ", occurred_on=ctx.today),
    )
    assert reason in raised.message
