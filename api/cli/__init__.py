"""The `kyodo` command. Each group of commands lives in a module of its own and is
registered here with one line."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

import typer

from api.cli import (
    attention,
    audit,
    case,
    check,
    demo,
    export,
    idempotency,
    kpi,
    plan,
    pro_bono,
    projections,
    search_words,
    serve,
    users,
    vocabulary,
)
from api.cli.oneline import OneLineGroup

DISTRIBUTION = "kyodo-ledger"

app = typer.Typer(
    cls=OneLineGroup,
    help="kyodo (協働): the collaboration-case ledger",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Plain click help: rich's panels cut a command's description at the terminal's width.
    rich_markup_mode=None,
    context_settings={"max_content_width": 120},
)


def kyodo_version() -> str:
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
    """kyodo (協働): the collaboration-case ledger"""


app.command()(serve.serve)
app.command()(check.check)
app.command()(vocabulary.vocabulary)
app.command(name="search-words")(search_words.search_words)
app.add_typer(demo.app, name="demo")
app.add_typer(case.app, name="case")
app.add_typer(users.app, name="users")
app.add_typer(audit.app, name="audit")
app.add_typer(export.app, name="export")
app.add_typer(plan.app, name="plan")
app.add_typer(idempotency.app, name="idempotency")
app.add_typer(kpi.app, name="kpi")
app.add_typer(pro_bono.app, name="probono")

projections.register(app)
attention.register(case.app)


def main() -> None:
    app()
