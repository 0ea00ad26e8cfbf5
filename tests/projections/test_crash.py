"""Exactly once across a crash: a worker killed in the middle of a batch leaves the read
models as if that batch never began, and a restart makes them equal to a fresh rebuild."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from application.ledger import Ledger
from domain.vocabulary import PartyKind
from persistence.settings import Settings
from projections.engine.store import ReadStore
from tests.projections.conftest import ServiceFactory
from tests.projections.crashing_worker import CRASHED
from tests.projections.support import MINE, CountsEvents, dump, fresh_rebuild
from tests.support import CaseFixture

ROOT = Path(__file__).resolve().parents[2]


def environment(settings: Settings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(KYODO_DATA_DIR=str(settings.data_dir), KYODO_LEDGER_NAME=settings.ledger_name)
    if settings.database_url:
        env["DATABASE_URL"] = settings.database_url
    return env


def test_a_worker_killed_mid_batch_neither_loses_nor_duplicates(
    settings: Settings, ledger: Ledger, read_store: ReadStore, make_service: ServiceFactory
) -> None:
    for i in range(4):
        case = CaseFixture(ledger)
        case.open(title=f"案件{i}")
        case.join("山口ボランティア会", PartyKind.VOLUNTARY_GROUP)
        if i % 2:
            case.join("山口食品株式会社", PartyKind.BUSINESS)
            case.agree()
            case.act()
    head = ledger.recorder.max_notification_id() or 0

    crashed = subprocess.run(
        [sys.executable, "-m", "tests.projections.crashing_worker", "9", "4"],
        cwd=ROOT,
        env=environment(settings),
        capture_output=True,
        timeout=60,
        check=False,
    )

    assert crashed.returncode == CRASHED, crashed.stderr.decode()
    interrupted = read_store.active("counts_events")
    assert interrupted is not None
    assert 0 < interrupted.position < head  # earlier batches committed, the last one not
    make_service([CountsEvents(), *MINE]).run_until_caught_up()
    for model in [CountsEvents(), *MINE]:
        assert dump(read_store, model) == fresh_rebuild(read_store, ledger, model)
