"""Verification recomputes every chain from the stored bytes and names the first version
where it breaks: each kind of tampering, done directly in SQLite and in PostgreSQL."""

from __future__ import annotations

from application.proof import BreakReason
from persistence.verification import ChainStore, verify_aggregate, verify_ledger
from tests.audit.tampering import Tamperer
from tests.support import CaseFixture


def _broken(store: ChainStore, case: CaseFixture) -> tuple[int | None, BreakReason | None]:
    verdict = verify_aggregate(store, case.id)
    assert verdict is not None
    return verdict.broken_version, verdict.reason


def test_an_untouched_store_verifies(store: ChainStore, case: CaseFixture) -> None:
    result = verify_ledger(store)
    assert result.ok, result.broken
    assert result.checked_events >= 4
    verdict = verify_aggregate(store, case.id)
    assert verdict is not None
    assert verdict.ok
    assert verdict.checked_events == 4
    assert verdict.case_number == "山口-2024-001"
    assert "改ざんは見つかりませんでした" in verdict.message


def test_altered_event_bytes_break_the_chain_at_that_event(
    store: ChainStore, case: CaseFixture, tamper: Tamperer
) -> None:
    tamper.replace_in_state(case.id, 3, "協力", "非協力")
    verdict = verify_aggregate(store, case.id)
    assert verdict is not None
    assert (verdict.broken_version, verdict.reason) == (3, BreakReason.EVENT_ALTERED)
    assert verdict.checked_events == 2
    assert "山口-2024-001" in verdict.message
    assert "版3" in verdict.message
    ledger_verdict = verify_ledger(store)
    assert [b.aggregate_id for b in ledger_verdict.broken] == [case.id]


def test_a_deleted_event_is_found(store: ChainStore, case: CaseFixture, tamper: Tamperer) -> None:
    tamper.delete("events", case.id, 2)
    assert _broken(store, case) == (2, BreakReason.EVENT_MISSING)


def test_an_event_deleted_with_its_hash_row_leaves_a_gap(
    store: ChainStore, case: CaseFixture, tamper: Tamperer
) -> None:
    tamper.delete("events", case.id, 2)
    tamper.delete("records", case.id, 2)
    assert _broken(store, case) == (2, BreakReason.VERSION_GAP)


def test_two_events_whose_bytes_are_swapped_are_found(
    store: ChainStore, case: CaseFixture, tamper: Tamperer
) -> None:
    second, third = tamper.state(case.id, 2), tamper.state(case.id, 3)
    tamper.set_state(case.id, 2, third)
    tamper.set_state(case.id, 3, second)
    assert _broken(store, case) == (2, BreakReason.EVENT_ALTERED)


def test_two_events_reordered_with_their_hash_rows_are_found(
    store: ChainStore, case: CaseFixture, tamper: Tamperer
) -> None:
    tamper.swap("events", case.id, 2, 3)
    tamper.swap("records", case.id, 2, 3)
    assert _broken(store, case) == (2, BreakReason.LINK_BROKEN)


def test_an_altered_hash_row_is_found(
    store: ChainStore, case: CaseFixture, tamper: Tamperer
) -> None:
    tamper.set_record(case.id, 2, "hash", "f" * 64)
    assert _broken(store, case) == (2, BreakReason.HASH_ALTERED)


def test_an_altered_previous_hash_is_found(
    store: ChainStore, case: CaseFixture, tamper: Tamperer
) -> None:
    tamper.set_record(case.id, 3, "prev_hash", "0" * 64)
    assert _broken(store, case) == (3, BreakReason.LINK_BROKEN)


def test_a_missing_hash_row_is_found(
    store: ChainStore, case: CaseFixture, tamper: Tamperer
) -> None:
    tamper.delete("records", case.id, 4)
    assert _broken(store, case) == (4, BreakReason.RECORD_MISSING)


def test_a_hash_row_whose_record_time_was_moved_is_found(
    store: ChainStore, case: CaseFixture, tamper: Tamperer
) -> None:
    tamper.set_record(case.id, 2, "recorded_at", "2020-01-01T00:00:00+00:00")
    assert _broken(store, case) == (2, BreakReason.RECORD_ALTERED)


def test_a_whole_ledger_run_is_recorded_for_the_metrics(
    store: ChainStore, case: CaseFixture, tamper: Tamperer
) -> None:
    assert store.last() is None
    first = verify_ledger(store, record=True)
    tamper.replace_in_state(case.id, 1, "子ども食堂", "大人食堂")
    second = verify_ledger(store, record=True)
    last = store.last()
    assert last is not None
    assert (last.ok, last.broken_chains) == (False, 1)
    assert last.verified_at == second.verified_at
    assert last.chains == first.chains
