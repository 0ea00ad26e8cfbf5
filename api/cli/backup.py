"""`kyodo backup DIR` and `kyodo restore DIR [--force]`: the embedded store copied while the
server runs, checked, and put back (`persistence.backup`). Each checks the copy's hash chains
as `kyodo audit verify --all` does; a broken chain exits 3, as there."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from api.cli.audit.proof import BROKEN
from api.cli.common import ensure_ledger_exists, fail, load_settings, reported_errors
from application.proof import LedgerVerdict
from persistence.backup import BackupError, Copied
from persistence.backup import backup as copy_store
from persistence.backup import restore as put_back
from persistence.settings import Settings
from persistence.verification import chain_store, verify_ledger
from persistence.wiring import build_ledger

POSTGRES = (
    "エラー: PostgreSQL の台帳は pg_dump でバックアップしてください"
    '（例: pg_dump --format=custom --file=kyodo.dump "$DATABASE_URL"。'
    "README の「バックアップと復元」） [backup_postgres]"
)


def backup(
    target: Annotated[
        Path, typer.Argument(metavar="DIR", help="バックアップ先（新しいか空のフォルダー）")
    ],
) -> None:
    """組み込みの台帳（SQLite）を、サーバーを止めずにフォルダーへ写し、写しの改ざん検証をする。"""
    settings = _embedded()
    ensure_ledger_exists(settings)
    with _refusals():
        copied = copy_store(settings, target)
    verdict = _verified(replace(settings, data_dir=target))
    typer.echo(f"バックアップを作成しました: {target}")
    _report(copied, verdict)
    typer.echo(
        "  元に戻すには、サーバーを止めて kyodo restore "
        f"{target} を実行します（README の「バックアップと復元」）"
    )
    if not verdict.ok:
        raise typer.Exit(BROKEN)


def restore(
    source: Annotated[Path, typer.Argument(metavar="DIR", help="kyodo backup で作ったフォルダー")],
    force: bool = typer.Option(
        False, "--force", help="今の台帳のほうが新しい、または別の台帳でも置き換える"
    ),
) -> None:
    """kyodo backup の写しを KYODO_DATA_DIR に戻す（サーバーを止めてから）。"""
    settings = _embedded()
    before = (
        _verified(replace(settings, data_dir=source)) if _has_ledger(settings, source) else None
    )
    if before is not None and not before.ok:
        for broken in before.broken:
            typer.echo(broken.message)
        raise fail(
            f"エラー: {source} の台帳は改ざん検証に通りません。戻しません [backup_broken]", BROKEN
        )
    with _refusals():
        copied = put_back(settings, source, force=force)
    verdict = _verified(settings)
    typer.echo(f"{source} から戻しました: {settings.data_dir}")
    _report(copied, verdict)
    if not copied.read_models:
        typer.echo("  読み取りモデルは次の起動のときにイベントから作り直されます")
    if not verdict.ok:
        raise typer.Exit(BROKEN)


def _embedded() -> Settings:
    with reported_errors():
        settings = load_settings()
    if settings.database_url is not None:
        raise fail(POSTGRES)
    return settings


def _has_ledger(settings: Settings, directory: Path) -> bool:
    return (directory / settings.sqlite_path.name).is_file()


@contextmanager
def _refusals() -> Iterator[None]:
    with reported_errors():
        try:
            yield
        except BackupError as error:
            raise fail(f"エラー: {error.message} [{error.code}]") from None


def _verified(settings: Settings) -> LedgerVerdict:
    with reported_errors():
        ledger = build_ledger(settings)
        try:
            return verify_ledger(chain_store(ledger))
        finally:
            ledger.close()


def _report(copied: Copied, verdict: LedgerVerdict) -> None:
    files = "、".join(copied.files)
    typer.echo(f"  写したもの: {files}（台帳はイベントの位置 {copied.head.position} まで）")
    for broken in verdict.broken:
        typer.echo(f"  {broken.message}")
    typer.echo(f"  改ざん検証: {verdict.message}")
