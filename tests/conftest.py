"""Fixtures: an in-memory ledger for unit tests; SQLite and PostgreSQL ledgers for
integration tests, parametrised by persistence rather than copied.

PostgreSQL comes from KYODO_TEST_POSTGRES_URL (default: the local server). When it cannot be
reached the PostgreSQL cases are skipped locally, and fail when `CI` is set.
"""

from __future__ import annotations

import io
import logging
import os
import threading
import time
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

# Every connection a test process opens (and the servers it starts) carries its name, unique
# to the process (libpq reads PGAPPNAME), so the guard below can count what a test left open.
APPLICATION_NAME = "kyodo-test-{}-{}".format(
    os.environ.get("PYTEST_XDIST_WORKER", "main"), os.getpid()
)
os.environ["PGAPPNAME"] = APPLICATION_NAME


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


_postgres_reachable: bool | None = None

# The catalogs the suite's thousands of CREATE/DROP TABLE leave dead rows in.
_CATALOGS = ("pg_attribute", "pg_depend", "pg_class", "pg_type", "pg_index", "pg_constraint")


def pytest_sessionstart(session: pytest.Session) -> None:
    """Vacuum the test database's catalogs once, before any test (in the controlling process
    only, not in each xdist worker). A server run with `autovacuum = off`, as this machine's
    is, otherwise keeps every dead catalog row of every earlier run: after a day of runs the
    `test` database held no table but measured 1.7 GB, and a run took about a minute longer.
    An unreachable server is left to `require_postgres` to report."""
    if hasattr(session.config, "workerinput"):
        return
    try:
        with psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=3) as conn:
            conn.execute("VACUUM " + ", ".join(f"pg_catalog.{c}" for c in _CATALOGS))
    except psycopg.Error:
        return


def _left_open(conn: psycopg.Connection[tuple[object, ...]]) -> list[tuple[int, str, str]]:
    return [
        (int(pid), str(state), str(query)[:80])
        for pid, state, query in conn.execute(
            "SELECT pid, coalesce(state, ''), coalesce(query, '') FROM pg_stat_activity"
            " WHERE application_name = %s AND pid <> pg_backend_pid()",
            (APPLICATION_NAME,),
        ).fetchall()
    ]


_LoggerState = tuple[list[logging.Handler], int, bool, bool]


def _logger_states() -> dict[str, _LoggerState]:
    loggers = {"": logging.getLogger()}
    for name, found in logging.Logger.manager.loggerDict.items():
        if isinstance(found, logging.Logger):
            loggers[name] = found
    return {
        name: (list(lg.handlers), lg.level, lg.propagate, lg.disabled)
        for name, lg in loggers.items()
    }


@pytest.fixture(autouse=True)
def logging_left_as_found() -> Iterator[None]:
    """After each test, the loggers as they were before it. A test that runs `kyodo serve`
    in this process (`test_mistakes`: a setting refused after the log config was applied)
    leaves the root logger a handler on the stream pytest captured for that test; later
    tests' lines then went to a closed stream ("--- Logging error ---" in the output). The
    handlers a test added are closed, their lines dropped if their stream is gone."""
    before = _logger_states()
    yield
    for name, (handlers, level, propagate, disabled) in before.items():
        logger = logging.getLogger(name or None)
        for added in [h for h in logger.handlers if h not in handlers]:
            logger.removeHandler(added)
            stream = getattr(added, "stream", None)
            if stream is not None and getattr(stream, "closed", False):
                added.stream = io.StringIO()  # type: ignore[attr-defined]
            added.close()
        logger.handlers[:] = handlers
        logger.setLevel(level)
        logger.propagate, logger.disabled = propagate, disabled


@pytest.fixture(autouse=True)
def no_connection_left_open(request: pytest.FixtureRequest) -> Iterator[None]:
    """After each test (its fixtures torn down), no connection of this process stays open.

    A store, service or app a test forgot to close keeps its pool (and threads) for the rest
    of the run; on a server with 100 connections, two test processes then run out of them
    long before the end. Such connections are reported with the test's name and closed, so
    one leak fails one test instead of hundreds after it.
    """
    global _postgres_reachable
    yield
    if _postgres_reachable is None:
        _postgres_reachable = postgres_available() is None
    if not _postgres_reachable:
        return
    try:
        with psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=3) as conn:
            left = _left_open(conn)
            for _ in range(20):  # threads that are stopping get two seconds to let go
                if not left:
                    return
                time.sleep(0.1)
                left = _left_open(conn)
            for pid, _state, _query in left:
                conn.execute("SELECT pg_terminate_backend(%s)", (pid,))
    except psycopg.OperationalError:
        return
    threads = sorted(t.name for t in threading.enumerate() if t is not threading.main_thread())
    pytest.fail(
        f"{request.node.nodeid} left {len(left)} PostgreSQL connection(s) open: {left};"
        f" threads still running: {threads}",
        pytrace=False,
    )


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
    # A command waits up to 5 s for a pooled connection, not the product's 1 s: on a loaded
    # machine (two test processes, a browser) opening one took longer, and a test that is not
    # about the database being away got a 503 (the outage tests build settings of their own).
    yield Settings(
        database_url=POSTGRES_URL,
        data_dir=tmp_path,
        ledger_name=name,
        pool_size=3,
        max_overflow=7,
        pool_timeout=5,
    )
    drop_ledger_tables(name)


@pytest.fixture
def ledger(settings: Settings) -> Iterator[Ledger]:
    built = build_ledger(settings)
    yield built
    built.close()
