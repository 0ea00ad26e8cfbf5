"""A stale save is retried after reloading; endless conflicts end in a clear error."""

from __future__ import annotations

from copy import deepcopy
from uuid import UUID

import pytest

from application import ledger as ledger_module
from application.ledger import BACKOFF_SECONDS, MAX_ATTEMPTS, Ledger
from domain import errors
from domain.case import Case
from domain.vocabulary import PartyKind, PartyRole
from tests.support import CaseFixture


def _serve_stale_first(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch, stale: Case, times: int
) -> list[int]:
    calls: list[int] = []
    original = ledger.get_case
    ledger.working_copies.clear()  # the command loads its case (working copies: their own tests)

    def get_case(case_id: UUID, version: int | None = None) -> Case:
        calls.append(1)
        return deepcopy(stale) if len(calls) <= times else original(case_id, version)

    monkeypatch.setattr(ledger, "get_case", get_case)
    return calls


def test_a_stale_save_is_retried_after_reloading(
    memory_ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    given = CaseFixture(memory_ledger)
    given.open()
    stale = memory_ledger.get_case(given.id)
    given.join("山口食品株式会社", PartyKind.BUSINESS)
    late = given.party("湯田地区自治会", PartyKind.NEIGHBOURHOOD_ASSOCIATION)
    calls = _serve_stale_first(memory_ledger, monkeypatch, stale, times=1)

    result = memory_ledger.join_party(
        given.ctx,
        given.id,
        party_id=late,
        role=PartyRole.PARTNER,
        contribution="会場",
        occurred_on=given.ctx.today,
    )

    assert len(calls) == 2
    assert result.version == 3
    monkeypatch.undo()
    assert set(memory_ledger.get_case(given.id).participations) == {
        given.parties["山口食品株式会社"],
        late,
    }


def test_endless_conflicts_end_in_a_conflict_error(
    memory_ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    given = CaseFixture(memory_ledger)
    given.open()
    stale = memory_ledger.get_case(given.id)
    given.join("山口食品株式会社", PartyKind.BUSINESS)
    late = given.party("湯田地区自治会", PartyKind.NEIGHBOURHOOD_ASSOCIATION)
    calls = _serve_stale_first(memory_ledger, monkeypatch, stale, times=10**6)

    with pytest.raises(errors.ConcurrencyConflictError) as raised:
        memory_ledger.join_party(
            given.ctx,
            given.id,
            party_id=late,
            role=PartyRole.PARTNER,
            contribution="会場",
            occurred_on=given.ctx.today,
        )

    assert raised.value.code == "conflict"
    assert len(calls) == MAX_ATTEMPTS
    monkeypatch.undo()
    assert memory_ledger.get_case(given.id).version == 2


def test_retries_wait_a_jittered_and_growing_while(
    memory_ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    given = CaseFixture(memory_ledger)
    given.open()
    stale = memory_ledger.get_case(given.id)
    given.join("山口食品株式会社", PartyKind.BUSINESS)
    late = given.party("湯田地区自治会", PartyKind.NEIGHBOURHOOD_ASSOCIATION)
    waits: list[float] = []
    bounds: list[float] = []
    monkeypatch.setattr(ledger_module.time, "sleep", waits.append)
    monkeypatch.setattr(
        ledger_module.random, "uniform", lambda low, high: bounds.append(high) or high / 2
    )
    _serve_stale_first(memory_ledger, monkeypatch, stale, times=3)

    memory_ledger.join_party(given.ctx, given.id, late, PartyRole.PARTNER, "会場", given.ctx.today)

    assert bounds == [BACKOFF_SECONDS, BACKOFF_SECONDS * 2, BACKOFF_SECONDS * 4]
    assert waits == [bound / 2 for bound in bounds]
