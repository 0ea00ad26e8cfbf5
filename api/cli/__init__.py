"""The `kyodo` command. Each group of commands lives in a module of its own and is
registered here with one line."""

from __future__ import annotations

import typer

app = typer.Typer(help="kyodo (協働): the collaboration-case ledger", no_args_is_help=True)


def main() -> None:
    app()
