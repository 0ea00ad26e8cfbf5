"""On generated cases (`kyodo demo generate`'s path), on SQLite and PostgreSQL: every read
model built in small batches is the same as built from 0 in one batch, and the KPI tables
written a run of statements at a time are those of writing each change on its own."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from application.ledger import Ledger
from demo.generate import Generator
from demo.loader import default_context
from persistence.settings import Settings
from projections.engine import Change, Db, Dialect, Tables, Writer
from projections.engine.service import ProjectionService, ServiceOptions
from projections.engine.writer import SqlWriter
from projections.kpi.projection import Kpi
from projections.wiring import read_models
from tests.library.readside import read_side
from tests.projections.support import dump, fresh_rebuild

TODAY = date(2026, 12, 2)


def _generate(ledger: Ledger, cases: int = 60) -> None:
    generator = Generator(ledger, default_context, 5, TODAY)
    generator.register_parties(1)
    for _ in generator.batches(cases):
        pass


def test_small_batches_equal_one_batch_from_zero(ledger: Ledger, settings: Settings) -> None:
    _generate(ledger)
    models = read_models()
    with read_side(ledger, settings, models) as side:
        side.service = ProjectionService(
            side.store,
            ledger.recorder,
            ledger.mapper.to_domain_event,
            models,
            options=ServiceOptions(batch_size=7),
        )
        side.catch_up()
        for model in models:
            assert dump(side.store, model) == fresh_rebuild(side.store, ledger, model), model.name


class _OneByOne(SqlWriter):
    def apply(self, db: Db, dialect: Dialect, tables: Tables, changes: Sequence[Change]) -> None:
        for change in changes:
            super().apply(db, dialect, tables, [change])


class _KpiOneByOne(Kpi):
    def writer(self) -> Writer:
        return _OneByOne()


def test_kpi_runs_equal_one_change_at_a_time(ledger: Ledger, settings: Settings) -> None:
    _generate(ledger)
    model = Kpi()
    with read_side(ledger, settings, [model]) as side:
        side.catch_up()
        facts = dump(side.store, model)
        assert facts["facts"]
        assert facts == fresh_rebuild(side.store, ledger, _KpiOneByOne())
