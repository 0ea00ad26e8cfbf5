"""Projection bookkeeping without needless reads or waits: the tracking rows are kept in
memory (updated by the store's own writes), and a command saved in this process wakes the
read models at once instead of on the next poll."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from api.container import Container
from persistence.settings import Settings
from projections.engine import Dialect
from projections.engine import service as engine_service
from projections.engine.store import ACTIVE, ReadStore
from tests.support import CaseFixture


@pytest.fixture
def container(tmp_path: Path) -> Iterator[Container]:
    built = Container(Settings(data_dir=tmp_path))
    yield built
    built.close()


def test_batches_read_the_tracking_rows_once(container: Container) -> None:
    service, store = container.projections, container.read_store
    service.run_until_caught_up()
    store.versions_ttl = 60.0  # the copy's life outlasts the test on a slow machine
    store.versions("case_list")  # a fresh copy
    reads = store.tracking_reads
    for _ in range(5):
        CaseFixture(container.ledger).open()
        service.step("case_list")
    # None per batch, position or query; and, since the third session, none per round
    # either while the copy lives (a rebuild asked elsewhere shows within `versions_ttl`).
    assert store.tracking_reads - reads == 0
    with store.reading() as db:
        for _ in range(3):
            assert store.tables("case_list", db) is not None
    assert store.tracking_reads - reads == 0  # queries resolve their tables from the copy
    row = store.active("case_list")
    assert row is not None
    assert row.position == container.ledger.recorder.max_notification_id()


def test_the_copy_follows_a_switch_and_a_fresh_read_sees_another_store(
    container: Container, tmp_path: Path
) -> None:
    service, store = container.projections, container.read_store
    service.run_until_caught_up()
    other = ReadStore(store.dialect, prefix=store.prefix, sqlite_path=store.sqlite_path)
    cached = store.active("case_list", cached=True)
    assert cached is not None
    other.record_error("case_list", cached.version, "stopped elsewhere")
    assert store.active("case_list", cached=True) == cached  # the copy, until it expires
    fresh = store.active("case_list")
    assert fresh is not None
    assert fresh.error == "stopped elsewhere"
    rebuilt = service.rebuild("timeline")
    service.run_until_caught_up(["timeline"])
    active = store.active("timeline", cached=True)
    assert active is not None
    assert (active.version, active.state) == (rebuilt, ACTIVE)
    other.close()


def test_a_command_wakes_the_read_models_without_waiting_for_the_poll(
    container: Container,
) -> None:
    service = container.projections
    events = service._wake  # the events each read model's thread sleeps on
    case = CaseFixture(container.ledger)
    case.party("こどもの未来")  # registered (and woken for) beforehand
    for event in events.values():
        event.clear()
    case.open()
    assert events["timeline"].is_set()
    assert events["case_list"].is_set()
    assert not events["party_directory"].is_set()  # follows no topic of a case's opening


def test_a_build_from_zero_is_tidied_once_it_has_caught_up(
    container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine_service, "TIDY_EVENTS", 3)
    tidied: list[tuple[str, int]] = []
    store = container.read_store
    monkeypatch.setattr(store, "tidy", lambda model, version: tidied.append((model.name, version)))
    for _ in range(3):
        CaseFixture(container.ledger).open()
    container.projections.run_until_caught_up(["case_list"])
    row = store.active("case_list")
    assert row is not None
    assert tidied == [("case_list", row.version)]
    container.projections.run_until_caught_up(["case_list"])
    assert len(tidied) == 1  # not again until as many events again


def test_a_query_holding_a_connection_never_takes_a_second_one(
    container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    service, store = container.projections, container.read_store
    service.run_until_caught_up()
    store.versions_ttl = 0.0  # the copy is always too old: the rows are read again
    with store.reading() as db:
        monkeypatch.setattr(store, "reading", lambda: pytest.fail("a second connection"))
        assert store.tables("case_list", db) is not None


def test_a_version_another_process_made_active_is_found_despite_the_copy(
    tmp_path: Path,
) -> None:
    """The API with `KYODO_PROJECTIONS=worker` read the tracking rows before the worker's
    first build made a version active; its copy (none active) hid the tables for
    `versions_ttl`, and a timeline read in that second came back empty. A copy with none
    active is asked again."""
    from projections.wiring import read_models

    api_side = ReadStore(Dialect.SQLITE, prefix="t_", sqlite_path=tmp_path / "read.sqlite3")
    worker = ReadStore(Dialect.SQLITE, prefix="t_", sqlite_path=tmp_path / "read.sqlite3")
    api_side.versions_ttl = 60.0
    timeline = next(m for m in read_models() if m.name == "timeline")
    try:
        assert api_side.tables(timeline) is None  # the copy: no version yet
        worker.create_version(timeline, timeline.version, ACTIVE)

        found = api_side.tables(timeline)

        assert found is not None
        reads = api_side.tracking_reads
        assert api_side.tables(timeline) == found
        assert api_side.tracking_reads == reads  # an active version is read from the copy
    finally:
        api_side.close()
        worker.close()
