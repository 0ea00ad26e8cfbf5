"""A command that runs once keeps one PostgreSQL connection open; a worker keeps a pool."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from api.cli.common import open_container
from tests.conftest import APPLICATION_NAME, POSTGRES_URL, drop_ledger_tables, require_postgres


def _open_connections() -> int:
    """Connections of this process to the tests' database, besides the one that counts."""
    with psycopg.connect(POSTGRES_URL, application_name="kyodo-test-counter") as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s "
            "AND datname = current_database()",
            (APPLICATION_NAME,),
        ).fetchone()
    assert row is not None
    return int(row[0])


def _held_by_a_ledger(lasting: bool = False, filled: int = 0) -> int:
    """The connections a ledger holds once open; with `filled`, once its pool has opened
    that many (psycopg_pool opens its connections in the background: counted at once, a
    pool of four was once caught at three on a loaded machine), waiting 10 s at most."""
    before = _open_connections()
    with open_container(lasting=lasting) as container:
        assert container.ledger.recorder.max_notification_id() in (None, 0)
        held = _open_connections() - before
        deadline = time.monotonic() + 10
        while held < filled and time.monotonic() < deadline:
            time.sleep(0.05)
            held = _open_connections() - before
        return held


@pytest.fixture
def postgres_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    require_postgres()
    name = "t" + uuid.uuid4().hex[:12]
    monkeypatch.setenv("DATABASE_URL", POSTGRES_URL)
    monkeypatch.setenv("KYODO_LEDGER_NAME", name)
    monkeypatch.setenv("KYODO_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("KYODO_DB_POOL_SIZE", raising=False)
    yield
    drop_ledger_tables(name)


def test_a_command_that_runs_once_opens_one_connection_not_a_pool(postgres_env: object) -> None:
    # One, and one more that the pool opens as its first request waits for the first (the
    # library opens the pool without waiting; psycopg_pool grows when a request waits).
    assert _held_by_a_ledger() <= 2


def test_the_worker_keeps_the_pool_the_settings_name(postgres_env: object) -> None:
    assert _held_by_a_ledger(lasting=True, filled=5) >= 5


def test_a_pool_size_set_in_the_environment_is_kept(
    postgres_env: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KYODO_DB_POOL_SIZE", "4")

    assert _held_by_a_ledger(filled=4) >= 4
