"""Round trips per command on PostgreSQL (issue 11: at most 8), counted on the wire through a
proxy — deterministic, unlike timings: the server answers only at a Sync or a Flush. And what
the savings must not cost: a stale writer still loses and is retried, the chain verifies."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from eventsourcing.persistence import IntegrityError

from application.handling import step_context
from application.ledger import SNAPSHOT_INTERVAL, Ledger
from domain.commands import AddNote
from persistence.verification import chain_store, verify_aggregate
from tests.conftest import POSTGRES_URL, require_postgres
from tests.faults.pgproxy import PgProxy
from tests.integration.conftest import add_note, postgres_ledger
from tests.support import CaseFixture

MAX_ROUND_TRIPS = 8


@pytest.fixture
def proxy() -> Iterator[PgProxy]:
    require_postgres()
    counting = PgProxy(POSTGRES_URL)
    yield counting
    counting.close()


@pytest.fixture
def counted(proxy: PgProxy, ledger_name: str, tmp_path: Path) -> Iterator[Ledger]:
    built = postgres_ledger(proxy.url, ledger_name, tmp_path)
    yield built
    built.close()


def _counted(proxy: PgProxy, times: int, run: Callable[[], object]) -> float:
    """Round trips on the wire per run, on average."""
    proxy.exchanges = 0
    for _ in range(times):
        run()
    return proxy.exchanges / times


def test_a_command_takes_at_most_eight_round_trips(counted: Ledger, proxy: PgProxy) -> None:
    given = CaseFixture(counted)
    given.open()
    for _ in range(10):  # the pool's connections opened, the statements prepared
        add_note(given)

    per_command = _counted(proxy, 10, lambda: add_note(given))
    with_key = _counted(proxy, 10, lambda: add_note(given, key=uuid.uuid4().hex))

    def loading_the_case() -> None:
        counted.working_copies.take(given.id)  # as a process that has not saved the case
        add_note(given)

    for _ in range(30):  # the load's statement prepared on every pooled connection
        loading_the_case()
    loading = _counted(proxy, 10, loading_the_case)

    print(f"round trips per command: {per_command}, with a client's key: {with_key}")
    assert per_command <= MAX_ROUND_TRIPS
    assert with_key <= MAX_ROUND_TRIPS
    assert loading <= MAX_ROUND_TRIPS
    # ADR 2026-12-02-performance: the save alone on the case this ledger kept ("Working
    # copies"); the load and the save when it has to load the case
    assert (per_command, loading) == (1, 2)


def test_loading_a_snapshotted_case_is_one_round_trip_and_saving_one(
    counted: Ledger, proxy: PgProxy
) -> None:
    given = CaseFixture(counted)
    given.open()
    while counted.get_case(given.id).version < SNAPSHOT_INTERVAL + 2:
        add_note(given)
    assert counted.snapshots is not None
    assert list(counted.snapshots.get(given.id))  # there is one to read

    for _ in range(10):  # the load's statement prepared (the notes above were not loaded)
        counted.get_case(given.id)
    loading = _counted(proxy, 5, lambda: counted.get_case(given.id))
    case = counted.get_case(given.id)
    case.add_note(
        AddNote(case_id=given.id, text="直接", occurred_on=given.ctx.today),
        step_context(counted, given.ctx),
    )
    proxy.exchanges = 0
    counted.save(case)
    saving = proxy.exchanges

    assert (loading, saving) == (1, 1)
    assert counted.get_case(given.id).version == SNAPSHOT_INTERVAL + 3
    assert counted.get_case(given.id, version=SNAPSHOT_INTERVAL + 1).version == (
        SNAPSHOT_INTERVAL + 1
    )


def test_two_writers_on_one_case_one_wins_the_other_is_retried_and_the_chain_holds(
    ledger_name: str, tmp_path: Path
) -> None:
    """Each writer chains from the hash read with its own load: the stale one's save fails
    on the events' key, is retried after reloading, and chains from the winner's event."""
    require_postgres()
    first = postgres_ledger(POSTGRES_URL, ledger_name, tmp_path)
    second = postgres_ledger(POSTGRES_URL, ledger_name, tmp_path)
    try:
        given = CaseFixture(first)
        given.open()
        stale = second.get_case(given.id)  # the second writer's load, hash remembered
        add_note(given, "先に")
        note = AddNote(case_id=given.id, text="後に", occurred_on=given.ctx.today)
        stale.add_note(note, step_context(second, given.ctx))
        with pytest.raises(IntegrityError):
            second.save(stale)

        retried = second.handle(given.ctx, note)

        assert retried.version == stale.version + 1
        verdict = verify_aggregate(chain_store(first), given.id)
        assert verdict is not None
        assert verdict.ok, verdict
        assert verdict.checked_events == retried.version
    finally:
        first.close()
        second.close()
