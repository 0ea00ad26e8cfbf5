"""What every command shares: building the container, and turning failures into one line.

A user's mistake (a bad case number, a malformed DATABASE_URL, an unreachable database) is
reported as one line on stderr and a non-zero exit, never as a traceback.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import typer
from eventsourcing.persistence import PersistenceError

from api.container import Container
from api.refusals import Refusal
from domain.errors import DomainError
from persistence.settings import Settings, SettingsError, postgres_env

if TYPE_CHECKING:
    import psycopg

FAILURE = 1


class DatabaseUnreachableError(RuntimeError):
    """The configured database does not answer."""


def fail(message: str, code: int = FAILURE) -> typer.Exit:
    """Print one line on stderr; the caller raises the returned `Exit`."""
    typer.echo(message, err=True)
    return typer.Exit(code)


@contextmanager
def reported_errors() -> Iterator[None]:
    """Turn expected failures into one line on stderr and exit code 1."""
    try:
        yield
    except (DomainError, Refusal) as error:
        raise fail(f"エラー: {error.message} [{error.code}]") from None
    except SettingsError as error:
        raise fail(f"設定エラー: {error} [invalid_setting]") from None
    except BrokenPipeError:
        # The reader went away (`kyodo case show … | head`): stop quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(FAILURE) from None
    except DatabaseUnreachableError as error:
        raise fail(f"データベースエラー: {error} [database_unreachable]") from None
    except _database_errors() as error:
        raise fail(f"データベースエラー: {first_line(error)} [database_error]") from None


def _database_errors() -> tuple[type[BaseException], ...]:
    """The stores' errors; psycopg's once it is loaded (a command on the embedded store
    never loads it, so none of its errors can arise)."""
    driver = sys.modules.get("psycopg")
    return (PersistenceError, sqlite3.Error, OSError, *([driver.Error] if driver else []))


def parsed_day(text: str) -> date:
    """A date given on the command line as YYYY-MM-DD."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise fail(
            f"エラー: 日付は YYYY-MM-DD で指定してください（{text}） [invalid_date]"
        ) from None


def first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def load_settings(serving: bool = False) -> Settings:
    """Settings from the environment, with DATABASE_URL checked before anything connects.

    A command that runs once waits for its pooled PostgreSQL connection as long as a new
    connection may take to open (`KYODO_DB_CONNECT_TIMEOUT`), unless `KYODO_DB_POOL_TIMEOUT`
    says otherwise: the pool's one second is the server's (`serving`: a request answers 503 at
    once with the database away), and on a loaded machine a command's first connection can
    take longer than that to open ("couldn't get a connection after 1.00 sec")."""
    _check_database_url(os.environ.get("DATABASE_URL"))
    settings = Settings.from_env()
    if not serving and not os.environ.get("KYODO_DB_POOL_TIMEOUT"):
        settings = replace(
            settings, pool_timeout=max(settings.pool_timeout, settings.connect_timeout)
        )
    settings.ledger_env()
    if not settings.ledger_name.isidentifier():
        raise SettingsError(
            "KYODO_LEDGER_NAME must be an identifier such as Ledger_yamaguchi "
            f"(got {settings.ledger_name!r})"
        )
    return settings


def _check_database_url(url: str | None) -> None:
    """A malformed DATABASE_URL, said in Japanese (its password never printed)."""
    if not url:
        return
    parts = urlsplit(url)
    shape = "postgresql://ユーザー:パスワード@ホスト:5432/データベース名"
    if parts.scheme not in ("postgres", "postgresql", "postgresql+psycopg"):
        scheme = f"{parts.scheme}://" if parts.scheme else "(スキームなし)"
        raise SettingsError(f"DATABASE_URL は {shape} の形で指定してください（指定: {scheme}）")
    try:
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        raise SettingsError(f"DATABASE_URL のポートが数字ではありません（{shape}）") from None
    if not parts.hostname or not parts.path.lstrip("/"):
        raise SettingsError(f"DATABASE_URL にホストとデータベース名が必要です（{shape}）")


def postgres_connection(settings: Settings) -> psycopg.Connection[tuple[object, ...]]:
    """A plain connection to the configured PostgreSQL (settings must name one)."""
    import psycopg

    assert settings.database_url is not None
    env = postgres_env(settings.database_url)
    return psycopg.connect(
        host=env["POSTGRES_HOST"],
        port=int(env["POSTGRES_PORT"]),
        dbname=env["POSTGRES_DBNAME"],
        user=env["POSTGRES_USER"],
        password=env["POSTGRES_PASSWORD"],
        connect_timeout=settings.connect_timeout,
    )


def ensure_reachable(settings: Settings) -> None:
    """Fail fast on an unreachable PostgreSQL (the library would retry for many seconds)."""
    if settings.database_url is None:
        return
    import psycopg

    try:
        with postgres_connection(settings):
            pass
    except psycopg.Error as error:
        env = postgres_env(settings.database_url)
        where = f"{env['POSTGRES_HOST']}:{env['POSTGRES_PORT']}/{env['POSTGRES_DBNAME']}"
        raise DatabaseUnreachableError(
            f"PostgreSQL（{where}）に接続できません: {first_line(error)}"
        ) from None


def ensure_ledger_exists(settings: Settings) -> None:
    """A command that only reads refuses an empty data directory instead of creating a
    database there (the usual cause: KYODO_DATA_DIR names another folder)."""
    if settings.database_url is None and not settings.sqlite_path.exists():
        raise fail(
            f"エラー: {settings.data_dir} に台帳がありません（KYODO_DATA_DIR を確かめるか、"
            "kyodo demo load か kyodo serve で作成してください） [no_ledger]"
        )


def run_once(settings: Settings) -> Settings:
    """The settings of a command that runs once: its ledger's PostgreSQL pool opens one
    connection, and another only when a thread waits for one (up to
    KYODO_DB_MAX_OVERFLOW more), instead of the KYODO_DB_POOL_SIZE a server keeps open for
    its requests. A size set in the environment is kept."""
    if "KYODO_DB_POOL_SIZE" in os.environ:
        return settings
    return replace(settings, pool_size=1)


@contextmanager
def open_container(create: bool = True, lasting: bool = False) -> Iterator[Container]:
    """A container over a reachable store, closed on the way out; with `create=False`, an
    embedded store that does not exist yet is refused rather than created. A command that
    runs once opens one connection to PostgreSQL (`run_once`); one that keeps running
    (`lasting`: `kyodo project`) opens KYODO_DB_POOL_SIZE, as the server does."""
    settings = load_settings()
    if not lasting:
        settings = run_once(settings)
    ensure_reachable(settings)
    if not create:
        ensure_ledger_exists(settings)
    container = Container(settings)
    try:
        yield container
    finally:
        container.close()
