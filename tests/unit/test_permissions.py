"""Who may write what: facilitators their centre's cases, chiefs every case, others not."""

from __future__ import annotations

import pytest

from application.ledger import Ledger
from domain import errors
from domain.values import CommandContext
from domain.vocabulary import ActorRole, PartyKind
from tests.support import AUDITOR, CHIEF, MEETING, OPENED_ON, CaseFixture, context
from tests.unit.helpers import refused, refused_on_case

SHIMONOSEKI = context(centre="shimonoseki", user_id="fac-shimonoseki-01")
ADMIN = context(ActorRole.ADMIN, None, "admin-01")


def _note(ledger: Ledger, ctx: CommandContext, given: CaseFixture) -> None:
    ledger.add_note(ctx, given.id, text="電話で近況確認", occurred_on=OPENED_ON)


def test_a_facilitator_writes_in_a_case_of_their_centre(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)
    given.open()

    _note(memory_ledger, given.ctx, given)

    assert len(memory_ledger.case_history(given.id)) == 2


def test_a_facilitator_cannot_write_in_another_centres_case(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)
    given.open()

    error = refused_on_case(
        memory_ledger,
        given.id,
        errors.NotAllowedError,
        lambda: _note(memory_ledger, SHIMONOSEKI, given),
    )

    assert error.message == "この操作を行う権限がありません（他のセンターの案件です）"
    assert error.code == "forbidden"


def test_a_facilitator_cannot_open_a_case_for_another_centre(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger, ctx=SHIMONOSEKI)
    given.party("こどもの未来")

    refused(memory_ledger, errors.NotAllowedError, given.open)


def test_a_chief_facilitator_writes_in_every_case(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)
    given.open()

    _note(memory_ledger, CHIEF, given)

    assert memory_ledger.case_history(given.id)[-1].meta.actor_role is ActorRole.CHIEF_FACILITATOR


@pytest.mark.parametrize("ctx", [AUDITOR, MEETING, ADMIN], ids=["auditor", "meeting", "admin"])
def test_other_roles_record_no_case_step(memory_ledger: Ledger, ctx: CommandContext) -> None:
    given = CaseFixture(memory_ledger)
    given.open()

    error = refused_on_case(
        memory_ledger, given.id, errors.NotAllowedError, lambda: _note(memory_ledger, ctx, given)
    )

    assert f"{ctx.actor.role.ja}は案件を記録できません" in error.message


def test_an_auditor_cannot_record_a_meeting(memory_ledger: Ledger) -> None:
    error = refused(
        memory_ledger,
        errors.NotAllowedError,
        lambda: memory_ledger.hold_meeting(
            AUDITOR, title="検討会議", host_centre="pref", occurred_on=OPENED_ON
        ),
    )

    assert "監査人は会議の結果を記録できません" in error.message


def test_a_facilitator_cannot_record_a_meeting_outcome(memory_ledger: Ledger) -> None:
    refused(
        memory_ledger,
        errors.NotAllowedError,
        lambda: memory_ledger.hold_meeting(
            context(), title="検討会議", host_centre="pref", occurred_on=OPENED_ON
        ),
    )


@pytest.mark.parametrize("ctx", [context(), CHIEF], ids=["facilitator", "chief"])
def test_party_registration_by_staff(memory_ledger: Ledger, ctx: CommandContext) -> None:
    given = CaseFixture(memory_ledger, ctx=ctx)

    party = given.party("徳山駅前商店街振興組合", PartyKind.BUSINESS)

    assert memory_ledger.get_party(party).name == "徳山駅前商店街振興組合"


@pytest.mark.parametrize("ctx", [AUDITOR, MEETING, ADMIN], ids=["auditor", "meeting", "admin"])
def test_party_registration_refused_to_others(memory_ledger: Ledger, ctx: CommandContext) -> None:
    given = CaseFixture(memory_ledger, ctx=ctx)

    refused(memory_ledger, errors.NotAllowedError, lambda: given.party("徳山駅前商店街振興組合"))


def test_an_auditor_cannot_change_a_partys_consent(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)
    party = given.party("こどもの未来")

    refused(
        memory_ledger,
        errors.NotAllowedError,
        lambda: memory_ledger.change_publication_consent(AUDITOR, party, consent=False),
    )
