"""The read models shared out among the workers by their cost: every worker works the same
shares out of the same list of workers; on PostgreSQL two services each run their own share,
and one left alone runs them all."""

from __future__ import annotations

import os
import socket
from typing import cast

from typer.testing import CliRunner

from api.cli import app
from application.ledger import Ledger
from persistence.settings import Settings
from projections.engine.locks import AdvisoryLocks, shares
from projections.engine.store import ReadStore
from projections.wiring import conninfo, read_models
from tests.projections.conftest import ServiceFactory
from tests.projections.test_crash import environment
from tests.projections.test_postgres import eventually, only_postgres
from tests.support import CaseFixture

COSTS = {"library": 3.0, "similar": 3.0, "cases": 3.0, "timeline": 2.0, "kpi": 1.0, "tiny": 0.1}


def test_one_worker_runs_every_read_model() -> None:
    assert shares(COSTS, 1) == [["cases", "library", "similar", "timeline", "kpi", "tiny"]]


def test_the_costliest_go_to_different_workers_and_the_loads_even_out() -> None:
    first, second = shares(COSTS, 2)
    assert sorted(first + second) == sorted(COSTS)
    assert not set(first) & set(second)
    heavy = {"library", "similar", "cases"}
    assert set(first) & heavy
    assert set(second) & heavy
    loads = [sum(COSTS[n] for n in share) for share in (first, second)]
    assert abs(loads[0] - loads[1]) <= max(COSTS.values())
    assert loads == [6.1, 6.0]


def test_every_worker_works_out_the_same_shares_whatever_the_order_of_the_costs() -> None:
    backwards = dict(reversed(list(COSTS.items())))
    for workers in (1, 2, 3, 7):
        assert shares(backwards, workers) == shares(COSTS, workers)
    assert shares(COSTS, 7)[6] == []  # more workers than read models: some have none


@only_postgres
def test_two_services_each_run_their_share_and_one_left_alone_runs_them_all(
    settings: Settings, ledger: Ledger, read_store: ReadStore, make_service: ServiceFactory
) -> None:
    case = CaseFixture(ledger)
    case.open()
    first, second = make_service(), make_service()
    first.start()
    second.start()
    locks = [cast("AdvisoryLocks", s.locks) for s in (first, second)]
    every = {f"{read_store.prefix}{m.name}" for m in read_models()}

    def shared_out() -> bool:
        held = [lock.held() for lock in locks]
        return all(held) and not held[0] & held[1] and held[0] | held[1] == every

    assert eventually(shared_out)
    note = ledger.add_note(case.ctx, case.id, text="二つのワーカーで反映")
    assert first.wait_for(note.position, timeout=30)
    assert second.wait_for(note.position, timeout=30)

    second.stop()
    assert eventually(lambda: locks[0].held() == every)
    later = ledger.add_note(case.ctx, case.id, text="一つになってから")
    assert first.wait_for(later.position, timeout=30)


@only_postgres
def test_a_read_model_that_its_worker_does_not_know_is_taken_over_after_a_while(
    settings: Settings,
) -> None:
    """During an upgrade a newer worker knows a read model the older one does not: by the
    newer one's shares it is the older one's, which never takes it; the newer takes it over
    once it has lain unheld for `takeover_after`, and keeps it."""
    url = conninfo(settings)
    pair = [AdvisoryLocks(url, look_every=0, takeover_after=0.3) for _ in range(2)]
    known = {"sharing_x": 1.0, "sharing_y": 1.0}
    try:
        for lock in pair:
            lock.join("sharing_", known)
        for lock in [*pair, *pair]:  # each with its session, then each seeing both
            lock.runs_here("sharing_x")
        members, _ = pair[0].workers()
        assert len(members) == 2
        older, newer = sorted(pair, key=lambda lock: members.index(lock.workers()[1] or 0))
        newer.join("sharing_", {**known, "sharing_new": 5.0})  # the costliest: the first's
        assert not newer.runs_here("sharing_new")  # the older one's share, by the newer's count
        assert eventually(lambda: newer.runs_here("sharing_new"), timeout=10)
        assert newer.try_acquire("sharing_new")
        assert newer.runs_here("sharing_new")  # kept while the workers stay the same
        assert not older.held()
    finally:
        for lock in pair:
            lock.release_all()


@only_postgres
def test_status_says_which_worker_runs_each_read_model(
    settings: Settings, ledger: Ledger, read_store: ReadStore, make_service: ServiceFactory
) -> None:
    CaseFixture(ledger).open()
    service = make_service()
    service.start()
    every = {f"{read_store.prefix}{m.name}" for m in read_models()}
    assert eventually(lambda: cast("AdvisoryLocks", service.locks).held() == every)
    env = environment(settings)
    result = CliRunner().invoke(app, ["projections", "status"], env=env)
    assert result.exit_code == 0, result.output
    header, *rows = result.output.splitlines()
    assert header.split()[-2:] == ["worker", "error"]
    me = f"{socket.gethostname()} pid {os.getpid()}"
    case_list = next(row for row in rows if row.startswith("case_list "))
    assert me in case_list
    assert {s.worker for s in service.status(workers=True)} == {me}
    assert {s.worker for s in service.status()} == {None}  # health checks do not ask
    service.stop()  # its session ends: nobody runs them
    assert all(s.worker is None for s in service.status(workers=True))
