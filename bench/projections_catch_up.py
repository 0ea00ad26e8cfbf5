"""Benchmark: catch-up speed of the case list and timeline read models.

Fills a fresh ledger (SQLite file, or PostgreSQL with --postgres, default the local server
from KYODO_BENCH_POSTGRES_URL) with cases driven through their steps, then prints events/s for
  - reference: reading and decoding the whole notification log in batches (no writes),
  - each read model caught up from 0 in batches of --batch (one transaction per batch),
  - the same read model with one event per transaction (on the first --single events),
with the ratio of each to the reference. Bounded: about a minute at the defaults.

    .venv/bin/python bench/projections_catch_up.py [--cases 1500] [--batch 500] [--postgres]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from domain.vocabulary import PartyKind
from persistence.settings import Settings
from persistence.wiring import build_ledger
from projections.case_list.projection import CaseListReadModel
from projections.engine.service import ProjectionService, ServiceOptions
from projections.timeline.projection import TimelineReadModel
from projections.wiring import build_store
from tests.support import CaseFixture

POSTGRES_URL = os.environ.get(
    "KYODO_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)


def fill(settings: Settings, cases: int) -> int:
    ledger = build_ledger(settings)
    for i in range(cases):
        case = CaseFixture(ledger)
        case.open(title=f"ベンチ案件{i}")
        case.join("こどもの未来")
        case.join("山口食品株式会社", PartyKind.BUSINESS)
        case.agree()
        case.act()
    head = ledger.recorder.max_notification_id() or 0
    ledger.close()
    return head


def reference(settings: Settings, batch: int) -> float:
    ledger = build_ledger(settings)
    started, position, count = time.perf_counter(), 0, 0
    while True:
        notes = ledger.recorder.select_notifications(position, batch, inclusive_of_start=False)
        if not notes:
            break
        for note in notes:
            ledger.mapper.to_domain_event(note)
        count += len(notes)
        position = notes[-1].id
    elapsed = time.perf_counter() - started
    ledger.close()
    return count / elapsed


def catch_up(settings: Settings, model_cls: type, batch: int, limit: int | None) -> float:
    ledger = build_ledger(settings)
    store = build_store(settings)
    model = model_cls()
    service = ProjectionService(
        store,
        ledger.recorder,
        ledger.mapper.to_domain_event,
        [model],
        options=ServiceOptions(batch_size=batch),
    )
    projector = service._reconcile(model)[0]
    started = time.perf_counter()
    while projector.run_batch():
        if limit is not None and projector.position() >= limit:
            break
    elapsed = time.perf_counter() - started
    position = projector.position()
    store.drop_everything([model])
    store.close()
    ledger.close()
    return position / elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1500)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--single", type=int, default=1000)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        name = "bench" + uuid.uuid4().hex[:8]
        url = POSTGRES_URL if args.postgres else None
        settings = Settings(database_url=url, data_dir=Path(tmp), ledger_name=name)
        head = fill(settings, args.cases)
        print(f"store: {settings.backend}, events in the log: {head}")
        base = reference(settings, args.batch)
        print(f"reference (read + decode)      {base:10.0f} events/s   1.00")
        for model_cls in (CaseListReadModel, TimelineReadModel):
            batched = catch_up(settings, model_cls, args.batch, None)
            single = catch_up(settings, model_cls, 1, args.single)
            label = model_cls.name
            print(
                f"{label:<12} batch {args.batch:<5}        {batched:10.0f} events/s "
                f"{batched / base:6.2f}"
            )
            print(f"{label:<12} one per txn         {single:10.0f} events/s {single / base:6.2f}")
        if url is not None:
            import psycopg

            with psycopg.connect(url, autocommit=True) as conn:
                for suffix in ("events", "event_records", "rm_tracking"):
                    conn.execute(f'DROP TABLE IF EXISTS "{name}_{suffix}" CASCADE')


if __name__ == "__main__":
    main()
