"""A command sent again under the same key answers its first outcome and records nothing new;
the same key with another command is refused. On SQLite and PostgreSQL, and in memory."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from application.idempotency import (
    IdempotencyKeyInvalidError,
    IdempotencyKeyReusedError,
    RetentionTooShortError,
)
from application.ledger import Ledger
from domain.commands.case import AddNote
from domain.values import Actor
from tests.support import CaseFixture


def _events(ledger: Ledger, given: CaseFixture) -> int:
    return len(list(ledger.repository.event_store.get(given.id)))


def test_a_command_sent_again_under_its_key_records_nothing_new(ledger: Ledger) -> None:
    given = CaseFixture(ledger)
    given.open()
    note = AddNote(case_id=given.id, text="電話で確認した")

    first = ledger.handle(given.ctx, note, key="note-1")
    again = ledger.handle(given.ctx, note, key="note-1")

    assert again == first
    assert _events(ledger, given) == first.version


def test_a_key_not_looked_up_first_is_settled_at_its_save(ledger: Ledger) -> None:
    given = CaseFixture(ledger)
    given.open()
    note = AddNote(case_id=given.id, text="電話で確認した")

    first = ledger.handle(given.ctx, note, key="note-1", key_likely_new=True)
    again = ledger.handle(given.ctx, note, key="note-1", key_likely_new=True)

    assert again == first
    assert _events(ledger, given) == first.version


def test_the_same_key_with_another_command_is_refused(ledger: Ledger) -> None:
    given = CaseFixture(ledger)
    given.open()
    ledger.handle(given.ctx, AddNote(case_id=given.id, text="一回目"), key="k")

    with pytest.raises(IdempotencyKeyReusedError) as refused:
        ledger.handle(given.ctx, AddNote(case_id=given.id, text="二回目"), key="k")

    assert refused.value.code == "idempotency_key_reused"
    assert "別の操作" in refused.value.message
    assert _events(ledger, given) == 2


def test_keys_are_kept_apart_by_who_sends_them(ledger: Ledger) -> None:
    given = CaseFixture(ledger)
    given.open()
    chief = replace(given.ctx, actor=Actor("chief-1", given.ctx.actor.role, "yamaguchi"))

    ledger.handle(given.ctx, AddNote(case_id=given.id, text="担当から"), key="k")
    ledger.handle(chief, AddNote(case_id=given.id, text="別の人から"), key="k")

    assert _events(ledger, given) == 3


def test_without_a_key_each_command_is_recorded(ledger: Ledger) -> None:
    given = CaseFixture(ledger)
    given.open()
    note = AddNote(case_id=given.id, text="同じ文面")

    ledger.handle(given.ctx, note)
    ledger.handle(given.ctx, note)

    assert _events(ledger, given) == 3


def test_a_stale_save_of_the_commands_own_commit_is_not_run_again(ledger: Ledger) -> None:
    """The library's retry of an insert whose commit went through meets the stored key: the
    ledger answers the first outcome instead of reloading and deciding again."""
    given = CaseFixture(ledger)
    given.open()
    recorder = ledger.recorder
    original = recorder.insert_events

    def committed_then_retried(stored_events, **kwargs):  # type: ignore[no-untyped-def]
        original(stored_events, **kwargs)
        return original(stored_events, **kwargs)  # as a retry after a lost answer does

    recorder.insert_events = committed_then_retried  # type: ignore[method-assign]
    result = ledger.handle(given.ctx, AddNote(case_id=given.id, text="一度だけ"), key="once")
    del recorder.insert_events

    assert result.version == 2
    assert _events(ledger, given) == 2


def test_a_malformed_key_is_refused(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)
    given.open()
    with pytest.raises(IdempotencyKeyInvalidError):
        memory_ledger.handle(given.ctx, AddNote(case_id=given.id, text="x"), key="改行\n")


def test_in_memory_too_a_key_answers_its_first_outcome(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)
    given.open()
    note = AddNote(case_id=given.id, text="メモ")
    assert memory_ledger.handle(given.ctx, note, "m") == memory_ledger.handle(given.ctx, note, "m")
    assert _events(memory_ledger, given) == 2


def test_the_same_key_sent_at_once_from_several_threads_records_once(ledger: Ledger) -> None:
    given = CaseFixture(ledger)
    given.open()
    note = AddNote(case_id=given.id, text="同時に送った")

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: ledger.handle(given.ctx, note, "same"), range(4)))

    assert len(set(results)) == 1
    assert _events(ledger, given) == 2


def _forgetting_keeps_the_events(ledger: Ledger) -> None:
    given = CaseFixture(ledger)
    given.open()
    ledger.handle(given.ctx, AddNote(case_id=given.id, text="一回目"), key="k")

    assert ledger.forget_command_keys(days=1) == 0  # all of today's are kept
    later = datetime.now(UTC) + timedelta(days=31)
    assert ledger.forget_command_keys(days=30, now=later) >= 2  # the opening's and "k"
    assert ledger.forget_command_keys(days=30, now=later) == 0

    assert _events(ledger, given) == 2
    # Forgotten, the key is free again: a month later it names a new command.
    ledger.handle(given.ctx, AddNote(case_id=given.id, text="一月後"), key="k")
    assert _events(ledger, given) == 3


def test_keys_older_than_the_retention_are_forgotten_and_the_events_stay(ledger: Ledger) -> None:
    _forgetting_keeps_the_events(ledger)


def test_in_memory_too_old_keys_are_forgotten(memory_ledger: Ledger) -> None:
    _forgetting_keeps_the_events(memory_ledger)


@pytest.mark.parametrize("days", [0, -5])
def test_keys_are_kept_a_day_at_least(memory_ledger: Ledger, days: int) -> None:
    with pytest.raises(RetentionTooShortError) as refused:
        memory_ledger.forget_command_keys(days=days)
    assert refused.value.code == "retention_too_short"
    assert "1日以上" in refused.value.message
