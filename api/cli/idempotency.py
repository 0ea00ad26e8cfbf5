"""`kyodo idempotency prune`: forget the commands' retry keys older than a number of days.

Every command is stored with a key (the client's `clientMutationId` / `Idempotency-Key`, or
one the ledger makes up), one small row per command. Clients retry within a day, so keys of
last month only take room: pruning them changes no event and no read model.
"""

from __future__ import annotations

import typer

from api.cli.common import open_container, reported_errors

app = typer.Typer(help="再送キー（idempotency keys）の管理", no_args_is_help=True)


@app.command()
def prune(
    days: int = typer.Option(30, "--days", help="この日数より古いキーを削除する（1以上）"),
) -> None:
    """指定した日数より古い再送キーを削除する（イベントは変わらない）。"""
    with reported_errors(), open_container(create=False) as container:
        forgotten = container.ledger.forget_command_keys(days)
    typer.echo(f"{days}日より古い再送キーを{forgotten}件削除しました")
