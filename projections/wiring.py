"""Builds the read-model store and the projection service from settings.

Every read model is registered here, in `read_models()`: a read model left out is not
kept up to date, so the list is explicit (no discovery that could skip one silently).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol, cast

from persistence.settings import Settings, postgres_env
from projections.attention import projection as attention
from projections.case_list.projection import CaseListReadModel
from projections.engine.base import Dialect, ReadModel
from projections.engine.locks import AdvisoryLocks, Locks, NoLocks
from projections.engine.runner import EventLog
from projections.engine.service import ProjectionService, ServiceOptions
from projections.engine.store import ReadStore
from projections.kpi import projection as kpi
from projections.library import projection as library
from projections.meetings import projection as meetings
from projections.party_directory import projection as party_directory
from projections.plan_indicators import projection as plan_indicators
from projections.plan_items import projection as plan_items
from projections.pro_bono import projection as pro_bono
from projections.similar_cases import projection as similar_cases
from projections.suggestions import projection as suggestions
from projections.timeline.projection import TimelineReadModel


class Mapper(Protocol):
    def to_domain_event(self, stored: Any, /) -> Any: ...


class Ledger(Protocol):
    """What the service reads of the ledger (`application.ledger.Ledger` fits, without
    projections depending on the application layer): its recorder, the event log, and its
    mapper, which turns stored events back into domain events."""

    @property
    def recorder(self) -> EventLog: ...

    @property
    def mapper(self) -> Mapper: ...


def read_models() -> list[ReadModel]:
    return [
        CaseListReadModel(),
        TimelineReadModel(),
        *library.READ_MODELS,
        *kpi.READ_MODELS,
        *party_directory.READ_MODELS,
        *meetings.READ_MODELS,
        *attention.READ_MODELS,
        *plan_items.READ_MODELS,
        *pro_bono.READ_MODELS,
        *suggestions.READ_MODELS,
        *plan_indicators.READ_MODELS,
        *similar_cases.READ_MODELS,
    ]


BUILD_COSTS = {
    "case_list": 1.3,
    "library": 1.3,
    "similar_cases": 1.3,
    "attention": 0.65,
    "timeline": 0.5,
    "kpi": 0.45,
    "suggestions": 0.35,
    "party_directory": 0.15,
    "meetings": 0.07,
    "plan_items": 0.07,
    "pro_bono": 0.01,
    "plan_indicators": 0.01,
}
"""What building each read model from 0 costs beside the others: a worker's CPU seconds per
10,000 events of generated cases, measured together (`bench/projections_catch_up.py
--postgres`, 2026-12-04). Workers share the read models out by it (`locks.shares`); one
missing here counts 1."""


def table_prefix(settings: Settings) -> str:
    return f"{settings.ledger_name.lower()}_"


def conninfo(settings: Settings) -> str:
    """A libpq connection string for the configured PostgreSQL (any accepted URL scheme)."""
    from psycopg.conninfo import make_conninfo

    assert settings.database_url is not None
    env = postgres_env(settings.database_url)
    return make_conninfo(
        host=env["POSTGRES_HOST"],
        port=env["POSTGRES_PORT"],
        dbname=env["POSTGRES_DBNAME"],
        user=env["POSTGRES_USER"],
        password=env["POSTGRES_PASSWORD"],
        connect_timeout=str(settings.connect_timeout),
    )


def build_store(settings: Settings) -> ReadStore:
    if settings.database_url is None:
        return ReadStore(
            Dialect.SQLITE,
            prefix=table_prefix(settings),
            sqlite_path=settings.read_sqlite_path,
        )
    return ReadStore(
        Dialect.POSTGRES,
        prefix=table_prefix(settings),
        database_url=conninfo(settings),
        pool_size=max(2, settings.pool_size),
    )


def build_service(
    settings: Settings,
    ledger: Ledger,
    store: ReadStore | None = None,
    models: Sequence[ReadModel] | None = None,
    options: ServiceOptions | None = None,
) -> ProjectionService:
    locks: Locks = NoLocks()
    channel = None
    if settings.database_url is not None:
        locks = AdvisoryLocks(conninfo(settings), settings.connect_timeout)
        channel = cast("str | None", getattr(ledger.recorder, "channel_name", None))
    return ProjectionService(
        store or build_store(settings),
        ledger.recorder,
        ledger.mapper.to_domain_event,
        read_models() if models is None else models,
        locks=locks,
        costs=BUILD_COSTS,
        options=options,
        channel=channel,
        database_url=None if settings.database_url is None else conninfo(settings),
    )
