"""Requests to erase personal data (消去請求), one rule each (in-memory ledger, no database):
the centre that registered the party receives them, one waits at a time, and the admin
answers each by erasing or by deciding not to, with a reason."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import UUID

from application.ledger import Ledger
from domain.errors import BlankValueError, FutureDateError, NotAllowedError
from domain.party import (
    ErasureAlreadyRequestedError,
    NoErasureRequestError,
    PersonalDataErasedError,
)
from domain.vocabulary import ActorRole
from tests.personal_data.conftest import ADMIN, FACILITATOR, TODAY, ctx, register_worker
from tests.unit.helpers import refused

ELSEWHERE = ctx(ActorRole.FACILITATOR, "fac-2", "shimonoseki")
CHIEF = ctx(ActorRole.CHIEF_FACILITATOR, "chief-1", "prefecture")


def _last(ledger: Ledger, party_id: UUID) -> Any:
    return list(ledger.repository.event_store.get(party_id))[-1]


def _request(ledger: Ledger, party_id: UUID, **fields: object) -> object:
    return ledger.request_personal_data_erasure(FACILITATOR, party_id, **fields)


def _decline(ledger: Ledger, party_id: UUID, reason: str = "法令により保存が必要") -> object:
    return ledger.decline_personal_data_erasure(ADMIN, party_id, reason=reason)


def test_a_request_waits_with_the_day_it_was_received(memory_ledger: Ledger) -> None:
    party_id = register_worker(memory_ledger)
    received = TODAY - timedelta(days=2)

    _request(
        memory_ledger,
        party_id,
        by_agent=True,
        note="代理人（家族）から書面で",
        occurred_on=received,
    )

    party = memory_ledger.get_party(party_id)
    assert party.erasure_requested_on == received
    event = _last(memory_ledger, party_id)
    assert isinstance(event, party.PersonalDataErasureRequested)
    assert (event.by_agent, event.note) == (True, "代理人（家族）から書面で")


def test_one_request_waits_at_a_time(memory_ledger: Ledger) -> None:
    party_id = register_worker(memory_ledger)
    _request(memory_ledger, party_id)

    error = refused(
        memory_ledger, ErasureAlreadyRequestedError, lambda: _request(memory_ledger, party_id)
    )

    assert error.details == {"requested_on": TODAY.isoformat()}


def test_a_request_is_not_received_in_the_future(memory_ledger: Ledger) -> None:
    party_id = register_worker(memory_ledger)
    tomorrow = TODAY + timedelta(days=1)

    refused(
        memory_ledger,
        FutureDateError,
        lambda: _request(memory_ledger, party_id, occurred_on=tomorrow),
    )


def test_erased_data_is_not_requested_again(memory_ledger: Ledger) -> None:
    party_id = register_worker(memory_ledger)
    memory_ledger.erase_party_personal_data(ADMIN, party_id, reason="本人からの削除請求")

    refused(memory_ledger, PersonalDataErasedError, lambda: _request(memory_ledger, party_id))


def test_the_registering_centre_receives_requests(memory_ledger: Ledger) -> None:
    party_id = register_worker(memory_ledger)

    refused(
        memory_ledger,
        NotAllowedError,
        lambda: memory_ledger.request_personal_data_erasure(ELSEWHERE, party_id),
    )
    memory_ledger.request_personal_data_erasure(CHIEF, party_id)

    assert memory_ledger.get_party(party_id).erasure_requested_on == TODAY


def test_an_erasure_answers_the_request(memory_ledger: Ledger) -> None:
    party_id = register_worker(memory_ledger)
    _request(memory_ledger, party_id)

    memory_ledger.erase_party_personal_data(ADMIN, party_id, reason="請求による")

    party = memory_ledger.get_party(party_id)
    assert party.personal_data_erased
    assert party.erasure_requested_on is None


def test_the_admin_may_decide_not_to_erase(memory_ledger: Ledger) -> None:
    party_id = register_worker(memory_ledger)
    _request(memory_ledger, party_id)

    _decline(memory_ledger, party_id)

    party = memory_ledger.get_party(party_id)
    assert party.erasure_requested_on is None
    assert not party.personal_data_erased
    assert _last(memory_ledger, party_id).reason == "法令により保存が必要"


def test_only_a_waiting_request_is_declined(memory_ledger: Ledger) -> None:
    party_id = register_worker(memory_ledger)
    refused(memory_ledger, NoErasureRequestError, lambda: _decline(memory_ledger, party_id))
    _request(memory_ledger, party_id)
    _decline(memory_ledger, party_id)

    refused(memory_ledger, NoErasureRequestError, lambda: _decline(memory_ledger, party_id))


def test_a_decision_not_to_erase_needs_a_reason(memory_ledger: Ledger) -> None:
    party_id = register_worker(memory_ledger)
    _request(memory_ledger, party_id)

    error = refused(memory_ledger, BlankValueError, lambda: _decline(memory_ledger, party_id, " "))

    assert error.field == "reason"
    assert memory_ledger.get_party(party_id).erasure_requested_on == TODAY


def test_only_the_admin_decides_not_to_erase(memory_ledger: Ledger) -> None:
    party_id = register_worker(memory_ledger)
    _request(memory_ledger, party_id)

    for who in (FACILITATOR, CHIEF):
        refused(
            memory_ledger,
            NotAllowedError,
            lambda who=who: memory_ledger.decline_personal_data_erasure(who, party_id, reason="x"),
        )


def test_after_a_decision_not_to_erase_a_new_request_is_received(memory_ledger: Ledger) -> None:
    party_id = register_worker(memory_ledger)
    _request(memory_ledger, party_id, occurred_on=date(2026, 11, 1))
    _decline(memory_ledger, party_id)

    _request(memory_ledger, party_id)

    assert memory_ledger.get_party(party_id).erasure_requested_on == TODAY
