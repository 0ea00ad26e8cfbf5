"""A ledger or a read store whose construction fails after its pool opened (the tables not
made: a pooled connection not had within the pool's timeout on a loaded machine, the
database gone between two steps) closes that pool before the error goes on. Before, its
connections and threads stayed for the life of the process: the API retries the read
models' start every two seconds, so each failed try kept a pool of its own.

Seen in CI: the app's start failed once ("couldn't get a connection after 1.00 sec"), the
request and the shutdown went well, and four connections of the first try stayed open."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient
from psycopg_pool import ConnectionPool, PoolTimeout

from api.app import create_app
from api.auth import TokenIssuer
from api.container import Container
from application.ledger import Ledger
from persistence.postgres import PostgresLedgerRecorder
from persistence.settings import Settings
from persistence.wiring import build_ledger
from projections.engine.store import ReadStore
from projections.wiring import build_store
from tests.api.client import ACTORS, SECRET
from tests.conftest import POSTGRES_URL, _left_open, drop_ledger_tables, require_postgres

TIMED_OUT = "couldn't get a connection after 1.00 sec"


@pytest.fixture
def settings(tmp_path: Path) -> Any:
    require_postgres()
    name = "tfail" + str(time.monotonic_ns())[-9:]
    yield Settings(database_url=POSTGRES_URL, data_dir=tmp_path, ledger_name=name)
    drop_ledger_tables(name)


def connections_left() -> list[tuple[int, str, str]]:
    """This process's connections still open after two seconds (a pool's workers that are
    stopping get that long)."""
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        left = _left_open(conn)
        for _ in range(20):
            if not left:
                break
            time.sleep(0.1)
            left = _left_open(conn)
        return left


def pools_opened(monkeypatch: pytest.MonkeyPatch) -> list[ConnectionPool[Any]]:
    """Every psycopg pool opened from here on (the library's and the read store's)."""
    opened: list[ConnectionPool[Any]] = []
    original = ConnectionPool.__init__

    def recorded(self: ConnectionPool[Any], *args: Any, **kwargs: Any) -> None:
        opened.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(ConnectionPool, "__init__", recorded)
    return opened


def failing_once(monkeypatch: pytest.MonkeyPatch, owner: type, name: str) -> list[int]:
    """`owner.name` raises the pool's timeout at its first call, then works; the calls."""
    original = getattr(owner, name)
    calls: list[int] = []

    def first_fails(self: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            raise PoolTimeout(TIMED_OUT)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(owner, name, first_fails)
    return calls


@pytest.mark.parametrize(
    ("owner", "step", "build", "pools"),
    [
        (PostgresLedgerRecorder, "create_table", build_ledger, 1),
        (ReadStore, "setup", build_store, 2),  # its writers' pool and its readers'
    ],
    ids=["ledger", "read store"],
)
def test_a_store_whose_tables_are_not_made_leaves_no_connection_open(
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    owner: type,
    step: str,
    build: Callable[[Settings], Ledger | ReadStore],
    pools: int,
) -> None:
    failing_once(monkeypatch, owner, step)
    opened = pools_opened(monkeypatch)
    with pytest.raises(PoolTimeout) as failed:
        build(settings)
    # The error's frames hold the half-built store, as the app's start kept them (its
    # future, a cycle): the library's datastore closes its pool when collected, and only then.
    assert failed.traceback
    assert len(opened) == pools
    assert all(pool.closed for pool in opened)  # closed, not left to the garbage collector
    assert connections_left() == []
    built = build(settings)  # the next try works, and is closed as usual
    built.close()
    assert connections_left() == []


def test_the_app_whose_first_start_failed_leaves_no_connection_open(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What CI saw: the read models' first start fails building the ledger, the app tries
    again, serves a request, and shuts down with nothing left open."""
    calls = failing_once(monkeypatch, PostgresLedgerRecorder, "create_table")
    opened = pools_opened(monkeypatch)
    container = Container(settings)
    tokens = TokenIssuer(SECRET)
    with TestClient(create_app(container, tokens)) as client:
        answer = client.post(
            "/graphql",
            json={"query": "{ cases(first: 1) { totalCount } }"},
            headers={"Authorization": f"Bearer {tokens.issue(ACTORS['facilitator'])}"},
        )
        assert answer.status_code == 200
        assert answer.json()["data"]["cases"]["totalCount"] == 0
    assert len(calls) >= 2, calls  # the failed try, then the one that worked
    assert opened
    assert all(pool.closed for pool in opened)
    assert connections_left() == []
