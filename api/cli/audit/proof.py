"""`kyodo audit` commands: proof that nothing was altered.

Exit codes, for an operator's scheduler: 0 nothing broken, 1 the command could not run (bad
input, unreachable database, unreadable file), 3 a chain or a bundle is broken.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

import typer

from api.cli.common import fail, open_container, reported_errors
from application import proof
from domain.errors import CaseNotFoundError
from persistence.bundle import bundle_digest, export_bundle, verify_bundle
from persistence.verification import (
    ChainStore,
    chain_id,
    chain_store,
    daily_digest,
    verify_aggregate,
    verify_ledger,
)

BROKEN = 3

KEY_HELP = "案件のUUIDまたは番号（山口-2024-012）"


def verify(
    key: str | None = typer.Argument(None, metavar="[ID|NUMBER]", help=KEY_HELP),
    every: bool = typer.Option(False, "--all", help="台帳のすべての記録を検証し、結果を残す"),
) -> None:
    """保存されたイベントからハッシュチェーンを計算し直し、改ざんがあれば最初の版を示す。"""
    if (key is None) == (not every):
        raise fail("エラー: ID・案件番号か --all のどちらか一方を指定してください [bad_arguments]")
    with reported_errors(), open_container() as container:
        store = chain_store(container.ledger)
        if key is None:
            _verify_all(store)
            return
        verdict = verify_aggregate(store, chain_id(store, key, container.ledger.find_case))
        if verdict is None:
            raise CaseNotFoundError(case=key)
    typer.echo(verdict.message)
    if not verdict.ok:
        raise typer.Exit(BROKEN)


def _verify_all(store: ChainStore) -> None:
    result = verify_ledger(store, record=True)
    for verdict in result.broken:
        typer.echo(verdict.message)
    typer.echo(result.message)
    if not result.ok:
        raise typer.Exit(BROKEN)


def digest(
    day: str | None = typer.Argument(
        None, metavar="[DATE]", help="日付 YYYY-MM-DD（省略時は昨日、日本時間）"
    ),
) -> None:
    """ある日の終わり（日本時間）時点の全記録の先頭をまとめたダイジェストを表示する。"""
    on = parse_day(day) if day is not None else proof.yesterday(datetime.now(UTC))
    with reported_errors(), open_container() as container:
        try:
            found = daily_digest(chain_store(container.ledger), on)
        except proof.DayNotOverError as error:
            raise fail(f"エラー: {error.message} [{error.code}]") from None
    cutoff = found.cutoff.astimezone(proof.TOKYO).isoformat()
    typer.echo(f"日付: {found.day.isoformat()}（{cutoff} より前に記録されたもの）")
    typer.echo(f"ダイジェスト: {found.digest}")
    typer.echo(f"対象: {found.heads}件の記録（イベント{found.events}件）")
    if not found.intact:
        typer.echo(
            "注意: 検証できない記録があります（kyodo audit verify --all で確認してください）"
        )
        raise typer.Exit(BROKEN)


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise fail(
            f"エラー: 日付「{text}」が読めません。YYYY-MM-DD で指定してください [bad_date]"
        ) from None


def export(
    targets: Annotated[
        list[str],
        typer.Argument(
            metavar="[ID|NUMBER] FILE",
            help=f"{KEY_HELP}と書き出し先のファイル（--all のときはファイルだけ）",
        ),
    ],
    every: bool = typer.Option(False, "--all", help="台帳のすべての記録を書き出す"),
) -> None:
    """イベントを保存されたとおりに、ハッシュとダイジェストを添えて JSON Lines で書き出す。"""
    if len(targets) != (1 if every else 2):
        raise fail(
            "エラー: ID・案件番号とファイル、または --all とファイルを指定してください"
            " [bad_arguments]"
        )
    path = Path(targets[-1])
    with reported_errors(), open_container() as container:
        store = chain_store(container.ledger)
        key = None if every else chain_id(store, targets[0], container.ledger.find_case)
        try:
            written = export_bundle(store, path, key, datetime.now(UTC))
        except OSError as error:
            raise fail(f"エラー: {path} に書き出せません: {error.strerror} [unwritable]") from None
    typer.echo(f"{path} に書き出しました: 記録{written.chains}件・イベント{written.events}件")
    typer.echo(f"ダイジェスト: {written.digest}")


def verify_bundle_command(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="kyodo audit export のファイル")],
    day: str | None = typer.Option(
        None, "--date", help="この日（日本時間）の終わり時点のダイジェストも表示する"
    ),
) -> None:
    """書き出したバンドルをデータベースなしで検証する（tools/verify_bundle.py と同じ手順）。"""
    on = parse_day(day) if day is not None else None
    try:
        data = file.read_bytes()
    except OSError as error:
        raise fail(f"エラー: {file} を読めません: {error.strerror} [unreadable]") from None
    verdict = verify_bundle(data)
    typer.echo(verdict.message)
    if not verdict.ok:
        raise typer.Exit(BROKEN)
    typer.echo(f"ダイジェスト: {verdict.digest}")
    if on is not None:
        found = bundle_digest(data, on)
        typer.echo(
            f"{on.isoformat()}の終わり時点のダイジェスト: {found.digest}"
            f"（記録{found.heads}件・イベント{found.events}件）"
        )


def register(app: typer.Typer) -> None:
    """Add this module's commands to the `kyodo audit` group."""
    app.command()(verify)
    app.command()(digest)
    app.command()(export)
    app.command("verify-bundle")(verify_bundle_command)
