"""Rebuild without downtime: the next version is built beside the active one, and reads
switch when it has caught up; the old tables are then dropped."""

from __future__ import annotations

import sqlite3

import psycopg

from application.ledger import Ledger
from domain.case import Case
from persistence.settings import Settings
from projections.case_list.projection import CaseListReadModel
from projections.case_list.queries import CaseListQueries
from projections.engine.base import Tables
from projections.engine.service import ServiceOptions
from projections.engine.store import ReadStore
from projections.kpi.projection import Kpi
from projections.wiring import build_service
from tests.projections.conftest import ServiceFactory
from tests.projections.support import dump
from tests.support import CaseFixture

V = CaseListReadModel.version
"""The case list's code version: its first build is stored under it, a rebuild under V + 1."""


class CaseListV2(CaseListReadModel):
    """The same read model with its code version raised."""

    version = V + 1


def table_exists(store: ReadStore, table: str) -> bool:
    with store.reading() as db:
        try:
            db.execute(f"SELECT 1 FROM {table} LIMIT 1")
        except (sqlite3.Error, psycopg.Error):
            return False
    return True


def test_rebuild_serves_the_old_version_until_the_new_one_has_caught_up(
    ledger: Ledger, read_store: ReadStore, make_service: ServiceFactory
) -> None:
    CaseFixture(ledger).through_success()
    service = make_service(batch_size=2)
    service.run_until_caught_up()
    before = dump(read_store, CaseListReadModel())
    assert service.rebuild("case_list") == V + 1
    active = read_store.active("case_list")
    assert active is not None
    assert active.version == V
    projector = service._reconcile(CaseListReadModel())[1]
    projector.run_batch()  # part of the way: reads still use version V
    building = read_store.version("case_list", V + 1)
    still = read_store.active("case_list")
    assert building is not None
    assert still is not None
    assert 0 < building.position < (ledger.recorder.max_notification_id() or 0)
    assert still.version == V
    assert CaseListQueries(read_store).list_cases().items
    service.run_until_caught_up()
    switched = read_store.active("case_list")
    assert switched is not None
    assert switched.version == V + 1
    assert dump(read_store, CaseListReadModel()) == before
    assert [v.version for v in read_store.versions("case_list")] == [V + 1]
    assert not table_exists(read_store, Tables(read_store.prefix, "case_list", V)["case_list"])


def test_raising_the_code_version_rebuilds_beside_the_old_tables(
    ledger: Ledger, read_store: ReadStore, make_service: ServiceFactory
) -> None:
    CaseFixture(ledger).through_success()
    make_service().run_until_caught_up()
    upgraded = make_service([CaseListV2()])
    upgraded.run_until_caught_up()
    (row,) = read_store.versions("case_list")
    assert (row.version, row.code_version, row.state) == (V + 1, V + 1, "active")
    assert len(CaseListQueries(read_store).list_cases().items) == 1


def test_the_old_tables_stay_for_queries_in_flight_until_the_grace_period_ends(
    settings: Settings, ledger: Ledger, read_store: ReadStore
) -> None:
    CaseFixture(ledger).through_success()
    options = ServiceOptions(retire_grace=3600)
    service = build_service(settings, ledger, read_store, None, options)
    service.run_until_caught_up()
    service.rebuild("case_list")
    service.run_until_caught_up()
    states = {v.version: v.state for v in read_store.versions("case_list")}
    assert states == {V: "retired", V + 1: "active"}
    assert table_exists(read_store, Tables(read_store.prefix, "case_list", V)["case_list"])
    assert read_store.drop_retired(CaseListReadModel(), grace_seconds=0) == [V]
    assert not table_exists(read_store, Tables(read_store.prefix, "case_list", V)["case_list"])


def test_a_round_is_bounded_so_a_rebuild_progresses_beside_a_busy_version(
    ledger: Ledger, read_store: ReadStore, make_service: ServiceFactory
) -> None:
    CaseFixture(ledger).through_success()
    service = make_service(batch_size=2)
    service.run_until_caught_up()
    service.rebuild("case_list")
    assert service.step("case_list", max_batches=1) is False
    building = read_store.version("case_list", V + 1)
    assert building is not None
    assert building.state == "building"
    assert 0 < building.position < (ledger.recorder.max_notification_id() or 0)


def test_readers_see_every_case_throughout_a_live_rebuild(
    settings: Settings, ledger: Ledger, read_store: ReadStore
) -> None:
    for i in range(6):
        CaseFixture(ledger).open(title=f"案件{i}")
    options = ServiceOptions(batch_size=2, poll_interval=0.05, batches_per_round=1)
    service = build_service(settings, ledger, read_store, None, options)
    service.run_until_caught_up()
    queries = CaseListQueries(read_store)
    service.start()
    try:
        service.rebuild("case_list")
        seen_versions = set()
        for _ in range(5000):
            assert len(queries.list_cases().items) == 6
            active = read_store.active("case_list")
            assert active is not None
            seen_versions.add(active.version)
            if active.version == V + 1:
                break
        assert seen_versions >= {V + 1}
    finally:
        service.stop()


def test_a_version_whose_tracking_row_was_lost_is_built_again_from_empty_tables(
    ledger: Ledger, read_store: ReadStore, make_service: ServiceFactory
) -> None:
    """A version begins at position 0 with empty tables: built again over the rows an earlier
    life of it left (its tracking row gone), the KPI's volunteers counted once, not twice (a
    fact begun again at its position would be current again beside its correction)."""
    case = CaseFixture(ledger)
    case.through_success()
    activity = next(
        e.originator_version
        for e in ledger.case_history(case.id)
        if isinstance(e, Case.ActivityCarriedOut)
    )
    ledger.correct_step(
        case.ctx,
        case.id,
        corrected_version=activity,
        changes={"volunteers": 9},
        reason="人数の訂正",
    )
    kpi = Kpi()
    make_service(models=[kpi]).run_until_caught_up()
    built = dump(read_store, kpi)
    with read_store.transaction() as db:
        db.execute(f"DROP TABLE {read_store.tracking}")
    read_store.setup()
    read_store.forget_versions()
    make_service(models=[kpi]).run_until_caught_up()
    assert dump(read_store, kpi) == built
