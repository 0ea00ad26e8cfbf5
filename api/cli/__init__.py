"""The `kyodo` command. Each group of commands lives in a module of its own and is
registered here with one line."""

from __future__ import annotations

import typer

from api.cli import attention, audit, case, check, demo, export, plan, projections, serve, users

app = typer.Typer(
    help="kyodo (協働): the collaboration-case ledger",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

app.command()(serve.serve)
app.command()(check.check)
app.add_typer(demo.app, name="demo")
app.add_typer(case.app, name="case")
app.add_typer(users.app, name="users")
app.add_typer(audit.app, name="audit")
app.add_typer(export.app, name="export")
app.add_typer(plan.app, name="plan")

projections.register(app)
attention.register(case.app)


def main() -> None:
    app()
