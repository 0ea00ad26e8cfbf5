"""`kyodo check`: which store is configured, whether it answers and holds the ledger's tables.

It changes nothing: on a fresh data directory it reports the missing tables (the first
`kyodo demo load` or `kyodo serve` creates them) and exits 1.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing

import psycopg
import typer

from api.cli.common import (
    ensure_reachable,
    fail,
    load_settings,
    postgres_connection,
    reported_errors,
)
from api.container import Container
from persistence.settings import Settings, postgres_env


def check() -> None:
    """設定を表示し、データベースに接続できてテーブルがあるかを確かめる（何も変更しない）。"""
    with reported_errors():
        settings = load_settings()
        for line in describe_settings(settings):
            typer.echo(line)
        ensure_reachable(settings)
        typer.echo("接続: OK")
        missing = [name for name, present in table_status(settings).items() if not present]
        if missing:
            raise fail(
                f"テーブルがありません: {', '.join(missing)}"
                "（kyodo demo load または kyodo serve で作成されます）"
            )
        typer.echo("テーブル: OK")
        container = Container(settings)
        try:
            events = container.ledger.recorder.max_notification_id() or 0
        finally:
            container.close()
    typer.echo(f"記録済みイベント: {events}件")


def describe_settings(settings: Settings) -> list[str]:
    """The configuration, never a password."""
    lines = [f"バックエンド: {settings.backend}", f"台帳名: {settings.ledger_name}"]
    if settings.database_url is None:
        lines.append(f"データディレクトリ: {settings.data_dir.resolve()}")
        lines.append(f"SQLiteファイル: {settings.sqlite_path.resolve()}")
    else:
        env = postgres_env(settings.database_url)
        lines.append(f"ホスト: {env['POSTGRES_HOST']}:{env['POSTGRES_PORT']}")
        lines.append(f"データベース: {env['POSTGRES_DBNAME']}（ユーザー: {env['POSTGRES_USER']}）")
    return lines


def table_names(settings: Settings) -> list[str]:
    """The tables the ledger writes (SQLite names them without the application prefix)."""
    if settings.database_url is None:
        return ["stored_events", "event_records"]
    prefix = settings.ledger_name.lower()
    return [f"{prefix}_events", f"{prefix}_event_records"]


def table_status(settings: Settings) -> dict[str, bool]:
    """Each table the ledger writes and whether it exists, read without creating anything."""
    names = table_names(settings)
    if settings.database_url is None:
        if not settings.sqlite_path.exists():
            return dict.fromkeys(names, False)
        uri = f"{settings.sqlite_path.resolve().as_uri()}?mode=ro"
        with closing(sqlite3.connect(uri, uri=True)) as conn:
            rows = conn.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall()
        present = {str(row[0]) for row in rows}
        return {name: name in present for name in names}
    with postgres_connection(settings) as conn:
        return {name: _regclass(conn, name) for name in names}


def _regclass(conn: psycopg.Connection[tuple[object, ...]], name: str) -> bool:
    row = conn.execute("SELECT to_regclass(%s)", (name,)).fetchone()
    return row is not None and row[0] is not None
