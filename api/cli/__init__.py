"""The `kyodo` command. Each group of commands lives in a module of its own and is
named here with one line, imported when it runs."""

from __future__ import annotations

import typer

from api.cli.ending import run_then_end
from api.cli.oneline import OneLineGroup, lazy

# Every command of `kyodo`, in the order of its help: each is imported when it runs.
COMMANDS = {
    "serve": "api.cli.serve:serve",
    "check": "api.cli.check:check",
    "vocabulary": "api.cli.vocabulary:vocabulary",
    "search-words": "api.cli.search_words:search_words",
    "project": "api.cli.projections:project",
    "demo": "api.cli.demo:app",
    "case": "api.cli.case:app",
    "users": "api.cli.users:app",
    "audit": "api.cli.audit:app",
    "export": "api.cli.export:app",
    "party": "api.cli.party:app",
    "plan": "api.cli.plan:app",
    "idempotency": "api.cli.idempotency:app",
    "kpi": "api.cli.kpi:app",
    "probono": "api.cli.pro_bono:app",
    "projections": "api.cli.projections:app",
    "backup": "api.cli.backup:backup",
    "restore": "api.cli.backup:restore",
}

DISTRIBUTION = "kyodo-ledger"

app = typer.Typer(
    cls=lazy(COMMANDS, OneLineGroup),
    help="kyodo（協働）: 協働案件の台帳",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Plain click help: rich's panels cut a command's description at the terminal's width.
    rich_markup_mode=None,
    context_settings={"max_content_width": 120},
)


def kyodo_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"kyodo {kyodo_version()}")
        raise typer.Exit()


@app.callback()
def root(
    _version: bool = typer.Option(
        False,
        "--version",
        callback=_print_version,
        is_eager=True,
        help="版を表示して終了する",
    ),
) -> None:
    """kyodo（協働）: 協働案件の台帳"""


def main() -> None:
    app()


def run() -> None:
    """The `kyodo` console script: `main`, then the process ends without the interpreter's
    teardown (`api.cli.ending`). Tests and scripts that call `main` in a process of their
    own keep the ordinary ending."""
    run_then_end(main)
