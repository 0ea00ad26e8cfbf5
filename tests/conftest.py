"""Fixtures: an in-memory ledger for unit tests; SQLite and PostgreSQL ledgers for
integration tests, parametrised by persistence rather than copied.

PostgreSQL comes from KYODO_TEST_POSTGRES_URL (default: the local server). When it cannot be
reached the PostgreSQL cases are skipped locally, and fail when `CI` is set.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from application.ledger import Ledger
from persistence.settings import Settings
from persistence.wiring import build_ledger

POSTGRES_URL = os.environ.get(
    "KYODO_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)


def postgres_available() -> str | None:
    """None when reachable, else the reason."""
    try:
        with psycopg.connect(POSTGRES_URL, connect_timeout=3):
            return None
    except psycopg.OperationalError as error:
        return str(error).strip().splitlines()[0]


def require_postgres() -> None:
    reason = postgres_available()
    if reason is None:
        return
    message = f"PostgreSQL at {POSTGRES_URL} is unreachable: {reason}"
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def drop_ledger_tables(name: str) -> None:
    """Every table a test's ledger made: its events, derived records and read models."""
    prefix = name.lower() + "\\_%"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE %s",
            (prefix,),
        ).fetchall()
        for (table,) in rows:
            conn.execute(f'DROP TABLE IF EXISTS "{table}" CASCADE')


@pytest.fixture
def memory_ledger() -> Iterator[Ledger]:
    ledger = Ledger(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    yield ledger
    ledger.close()


@pytest.fixture(params=["sqlite", "postgres"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    """Settings for a fresh, empty store of each kind."""
    if request.param == "sqlite":
        yield Settings(data_dir=tmp_path)
        return
    require_postgres()
    name = "t" + uuid.uuid4().hex[:12]
    # Few connections kept open per pool (more on demand): the suite's many stores, two test
    # processes and the tests' own threads then stay well under the server's 100 connections.
    yield Settings(
        database_url=POSTGRES_URL,
        data_dir=tmp_path,
        ledger_name=name,
        pool_size=3,
        max_overflow=7,
    )
    drop_ledger_tables(name)


@pytest.fixture
def ledger(settings: Settings) -> Iterator[Ledger]:
    built = build_ledger(settings)
    yield built
    built.close()
