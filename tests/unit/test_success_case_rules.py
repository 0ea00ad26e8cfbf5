"""Nomination, publication and withdrawal of a success case (成功事例), and replication."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from uuid import uuid4

from application.ledger import Ledger
from domain import errors
from domain.case import Case
from domain.values import CommandContext
from domain.vocabulary import ClosureResult
from tests.support import CHIEF, FACILITATOR, OPENED_ON, CaseFixture
from tests.unit.helpers import last_step, refused, refused_on_case

PUBLISHED_ON = OPENED_ON + timedelta(days=160)


def _publish(given: CaseFixture, ctx: CommandContext = CHIEF) -> None:
    given.ledger.publish_success_case(ctx, given.id, story=given.story(), occurred_on=PUBLISHED_ON)


def _nominated(ledger: Ledger) -> CaseFixture:
    given = CaseFixture(ledger)
    given.through_success()
    given.nominate()
    return given


def _published(ledger: Ledger) -> CaseFixture:
    given = _nominated(ledger)
    _publish(given)
    return given


def test_nomination_needs_a_succeeded_closure(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)
    given.open()
    given.close(ClosureResult.DISCONTINUED)

    error = refused_on_case(
        memory_ledger, given.id, errors.NominationNeedsSuccessError, given.nominate
    )

    assert error.message == "成功事例として推薦できるのは、成功として完了した案件だけです"


def test_a_case_is_nominated_only_once(memory_ledger: Ledger) -> None:
    given = _nominated(memory_ledger)

    refused_on_case(memory_ledger, given.id, errors.AlreadyNominatedError, given.nominate)


def test_publication_needs_a_nomination(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)
    given.through_success()

    refused_on_case(
        memory_ledger, given.id, errors.PublicationNeedsNominationError, lambda: _publish(given)
    )


def test_publication_needs_a_chief_facilitator(memory_ledger: Ledger) -> None:
    given = _nominated(memory_ledger)

    error = refused_on_case(
        memory_ledger,
        given.id,
        errors.PublicationNeedsChiefApprovalError,
        lambda: _publish(given, FACILITATOR),
    )

    assert error.message == "成功事例の公開には統括協働ファシリテーターの承認が必要です"


def test_a_chief_facilitator_publishes_and_is_recorded_as_approver(memory_ledger: Ledger) -> None:
    given = _nominated(memory_ledger)

    _publish(given)

    assert memory_ledger.get_case(given.id).published
    assert (
        last_step(memory_ledger, given.id, Case.SuccessCasePublished).approved_by
        == CHIEF.actor.user_id
    )


def test_publication_needs_every_named_partys_consent(memory_ledger: Ledger) -> None:
    given = _nominated(memory_ledger)
    shop = given.parties["山口食品株式会社"]
    memory_ledger.change_publication_consent(FACILITATOR, shop, consent=False)

    error = refused_on_case(
        memory_ledger, given.id, errors.PublicationNeedsConsentError, lambda: _publish(given)
    )

    assert "山口食品株式会社" in error.message
    assert str(shop) not in error.message


def test_a_story_may_leave_out_a_party_without_consent(memory_ledger: Ledger) -> None:
    given = _nominated(memory_ledger)
    shop = given.parties["山口食品株式会社"]
    memory_ledger.change_publication_consent(FACILITATOR, shop, consent=False)
    story = dataclasses.replace(given.story(), party_ids=(given.parties["こどもの未来"],))

    memory_ledger.publish_success_case(CHIEF, given.id, story=story, occurred_on=PUBLISHED_ON)

    assert memory_ledger.get_case(given.id).published


def test_a_story_names_only_parties_of_the_case(memory_ledger: Ledger) -> None:
    given = _nominated(memory_ledger)
    outsider = given.party("周南フードバンク")
    story = dataclasses.replace(given.story(), party_ids=(*given.story().party_ids, outsider))

    error = refused_on_case(
        memory_ledger,
        given.id,
        errors.StoryNamesOutsiderError,
        lambda: memory_ledger.publish_success_case(
            CHIEF, given.id, story=story, occurred_on=PUBLISHED_ON
        ),
    )

    assert error.code == "story_names_non_participant"


def test_a_published_case_is_not_published_twice(memory_ledger: Ledger) -> None:
    given = _published(memory_ledger)

    refused_on_case(memory_ledger, given.id, errors.AlreadyPublishedError, lambda: _publish(given))


def test_withdrawal_needs_a_published_case(memory_ledger: Ledger) -> None:
    given = _nominated(memory_ledger)

    error = refused_on_case(
        memory_ledger,
        given.id,
        errors.NotPublishedError,
        lambda: memory_ledger.withdraw_success_case(
            CHIEF, given.id, reason="内容の見直し", occurred_on=PUBLISHED_ON
        ),
    )

    assert error.message == "この事例は公開されていません"


def test_a_published_case_cannot_be_reopened(memory_ledger: Ledger) -> None:
    given = _published(memory_ledger)

    refused_on_case(
        memory_ledger,
        given.id,
        errors.ReopenPublishedError,
        lambda: memory_ledger.reopen_case(
            FACILITATOR, given.id, reason="続編", occurred_on=PUBLISHED_ON
        ),
    )


def test_a_withdrawn_publication_lets_the_case_reopen(memory_ledger: Ledger) -> None:
    given = _published(memory_ledger)
    memory_ledger.withdraw_success_case(
        CHIEF, given.id, reason="内容の見直し", occurred_on=PUBLISHED_ON
    )

    memory_ledger.reopen_case(FACILITATOR, given.id, reason="続編", occurred_on=PUBLISHED_ON)

    assert not memory_ledger.is_closed(given.id)


def _replicate(ledger: Ledger, given: CaseFixture) -> None:
    ledger.receive_consultation(
        FACILITATOR,
        title="子ども食堂を湯田地区にも",
        issue_statement="隣の地区でも同じ取り組みを",
        municipality="山口市",
        fields=["子どもの健全育成"],
        sdgs=[2],
        centre="yamaguchi",
        initiating_party_id=given.parties["こどもの未来"],
        occurred_on=PUBLISHED_ON,
        replicates=given.id,
    )


def test_a_consultation_may_replicate_a_published_success_case(memory_ledger: Ledger) -> None:
    given = _published(memory_ledger)

    _replicate(memory_ledger, given)

    newest = memory_ledger.find_case("山口-2024-002")
    assert memory_ledger.get_case(newest).replicates == given.id


def test_a_consultation_cannot_replicate_an_unpublished_case(memory_ledger: Ledger) -> None:
    given = _nominated(memory_ledger)

    error = refused(
        memory_ledger,
        errors.ReplicatedCaseNotPublishedError,
        lambda: _replicate(memory_ledger, given),
    )

    assert error.message == "横展開の元にできるのは公開された成功事例だけです"


def test_a_consultation_cannot_replicate_an_unknown_case(memory_ledger: Ledger) -> None:
    given = _published(memory_ledger)
    given.case_id = uuid4()

    refused(memory_ledger, errors.CaseNotFoundError, lambda: _replicate(memory_ledger, given))
