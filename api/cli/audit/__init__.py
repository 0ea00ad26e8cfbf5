"""`kyodo audit ...`: the auditor's commands. Each part registers its commands here."""

from __future__ import annotations

import typer

from api.cli.audit import history, personal_data, proof

app = typer.Typer(help="監査: 履歴の再生、改ざんの検証、個人情報の閲覧記録", no_args_is_help=True)

history.register(app)
proof.register(app)
personal_data.register(app)
