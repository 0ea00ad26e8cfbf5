"""Fixtures for the read side: a read-model store and a projection service over the
parametrised `settings` (SQLite and PostgreSQL), with every read-model table dropped after."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from application.ledger import Ledger
from persistence.settings import Settings
from projections.engine.base import ReadModel
from projections.engine.service import ProjectionService, ServiceOptions
from projections.engine.store import ReadStore
from projections.wiring import build_service, build_store, read_models
from tests.projections.support import ALL_MODELS


@pytest.fixture
def read_store(settings: Settings) -> Iterator[ReadStore]:
    store = build_store(settings)
    yield store
    store.drop_everything([*read_models(), *ALL_MODELS])
    store.close()


@pytest.fixture
def make_service(
    settings: Settings, ledger: Ledger, read_store: ReadStore
) -> Iterator[ServiceFactory]:
    made: list[ProjectionService] = []

    def make(
        models: list[ReadModel] | None = None, batch_size: int = 500, poll: float = 0.05
    ) -> ProjectionService:
        options = ServiceOptions(
            batch_size=batch_size, poll_interval=poll, standby_interval=0.1, retire_grace=0
        )
        service = build_service(settings, ledger, read_store, models, options)
        made.append(service)
        return service

    yield make
    for service in made:
        service.stop()


class ServiceFactory:
    """Type of `make_service`: `make_service(models=None, batch_size=500, poll=0.05)`."""

    def __call__(
        self, models: list[ReadModel] | None = None, batch_size: int = 500, poll: float = 0.05
    ) -> ProjectionService: ...
