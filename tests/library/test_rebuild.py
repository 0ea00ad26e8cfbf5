"""Built step by step or rebuilt from position 0, the library and the KPIs are the same."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date

from application.ledger import Ledger
from persistence.settings import Settings
from projections.kpi.projection import Kpi
from projections.kpi.queries import KpiScope, kpi_table
from projections.library.projection import Library
from projections.library.queries import search
from tests.library.given import PUBLISHED_ON, publish, published_case
from tests.library.readside import ReadSide, read_side
from tests.support import CHIEF, MEETING, TODAY, CaseFixture

MODELS = (Library(), Kpi())


def snapshot(side: ReadSide) -> tuple[list[str], list[object]]:
    with side.reading(MODELS[0]) as (db, tables):
        entries = sorted(e.to_json() for e in search(db, side.dialect, tables, limit=100).entries)
    with side.reading(MODELS[1]) as (db, tables):
        kpis: list[object] = [
            kpi_table(db, side.dialect, tables, KpiScope(2024, m)) for m in (None, "山口市")
        ]
    return entries, kpis


def raw_rows(side: ReadSide) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, so that nothing (not even an FTS rowid) differs unseen."""
    out = {}
    for model in MODELS:
        with side.reading(model) as (db, tables):
            for name in model.tables:
                rows = db.execute(f"SELECT * FROM {tables[name]}").fetchall()
                out[f"{model.name}.{name}"] = sorted((tuple(r) for r in rows), key=repr)
    return out


def commands(ledger: Ledger) -> list[Callable[[], object]]:
    first: list[CaseFixture] = []
    meeting = ledger.hold_meeting(
        MEETING, title="情報共有会議", host_centre="pref", occurred_on=PUBLISHED_ON
    ).aggregate_id
    failed = CaseFixture(ledger)
    return [
        lambda: first.append(published_case(ledger)),
        lambda: ledger.present_at_meeting(MEETING, meeting, first[0].id),
        lambda: published_case(ledger, title="萩の竹林整備", municipality="萩市"),
        lambda: ledger.withdraw_success_case(
            CHIEF, first[0].id, reason="見直し", occurred_on=TODAY
        ),
        lambda: failed.open(on=date(2024, 6, 1)),
        lambda: failed.join("山口食品株式会社", on=date(2024, 6, 2)),
        lambda: ledger.set_kpi_target(CHIEF, 2024, "山口市", "successes", 5, 2),
        lambda: publish(first[0], title="みんなの子ども食堂", summary="再公開"),
        lambda: published_case(ledger, title="横展開の食堂", replicates=first[0].id),
        lambda: ledger.change_publication_consent(
            CHIEF, first[0].parties["山口食品株式会社"], False, occurred_on=TODAY
        ),
    ]


def test_step_by_step_equals_a_rebuild(ledger: Ledger, settings: Settings) -> None:
    rng = random.Random(7)
    with read_side(ledger, settings, MODELS, "live") as live:
        for command in commands(ledger):
            command()
            if rng.random() < 0.6:
                live.catch_up()
        built_step_by_step = snapshot(live)
        with read_side(ledger, settings, MODELS, "rebuilt") as rebuilt:
            assert snapshot(rebuilt) == built_step_by_step
            assert raw_rows(rebuilt) == raw_rows(live)
    entries, _ = built_step_by_step
    assert len(entries) == 3
