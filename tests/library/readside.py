"""A read side for integration tests: the ledger's read models in a fresh read store."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from application.ledger import Ledger
from persistence.settings import Settings
from projections.engine.base import Db, Dialect, ReadModel, Tables
from projections.engine.service import ProjectionService
from projections.engine.store import ReadStore


class ReadSide:
    """Runs the given read models synchronously and opens reading connections on them."""

    def __init__(
        self, ledger: Ledger, settings: Settings, models: Sequence[ReadModel], name: str = "read"
    ) -> None:
        if settings.database_url is None:
            self.store = ReadStore(
                Dialect.SQLITE, prefix="", sqlite_path=settings.data_dir / f"{name}.sqlite3"
            )
        else:
            self.store = ReadStore(
                Dialect.POSTGRES,
                prefix=f"{settings.ledger_name.lower()}_{name}_",
                database_url=settings.database_url,
                pool_size=2,
            )
        self.models = list(models)
        self.service = ProjectionService(
            self.store, ledger.recorder, ledger.mapper.to_domain_event, self.models
        )

    @property
    def dialect(self) -> Dialect:
        return self.store.dialect

    def catch_up(self) -> None:
        self.service.run_until_caught_up()

    @contextmanager
    def reading(self, model: ReadModel) -> Iterator[tuple[Db, Tables]]:
        self.catch_up()
        with self.store.reading() as db:
            tables = self.store.tables(model, db)
            assert tables is not None
            yield db, tables

    def close(self) -> None:
        self.store.drop_everything(self.models)
        self.store.close()


@contextmanager
def read_side(
    ledger: Ledger, settings: Settings, models: Sequence[ReadModel], name: str = "read"
) -> Iterator[ReadSide]:
    side = ReadSide(ledger, settings, models, name)
    try:
        yield side
    finally:
        side.close()
