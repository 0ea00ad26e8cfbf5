"""`kyodo demo load`: the demo data, recorded through the ledger's own commands."""

from __future__ import annotations

import typer

from api.cli.common import fail, open_container, reported_errors
from demo import load_demo
from domain.values import Actor, CommandContext
from domain.vocabulary import Source

app = typer.Typer(help="デモデータ", no_args_is_help=True)


@app.command()
def load(
    if_empty: bool = typer.Option(False, "--if-empty", help="台帳にすでに記録があれば何もしない"),
) -> None:
    """デモデータ（協働案件・団体・会議）を台帳に取り込む。"""
    with reported_errors(), open_container() as container:
        ledger = container.ledger
        existing = ledger.recorder.max_notification_id() or 0
        if existing and if_empty:
            typer.echo(f"台帳にすでに{existing}件の記録があるため、デモデータは取り込みません。")
            return
        if existing:
            raise fail(
                f"台帳が空ではありません（{existing}件の記録）。"
                "空のデータディレクトリで実行するか --if-empty を付けてください。"
            )

        def context(actor: Actor, correlation_id: str) -> CommandContext:
            return container.context(actor, source=Source.IMPORT, correlation_id=correlation_id)

        summary = load_demo(ledger, context)
    typer.echo(
        f"デモデータを取り込みました: 案件 {summary.cases}件、団体・個人 {summary.parties}件、"
        f"会議 {summary.meetings}件、公開事例 {summary.published}件"
    )
