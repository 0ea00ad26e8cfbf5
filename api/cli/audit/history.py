"""`kyodo audit history ID|NUMBER`: every stored event of a case, in stored order, with
who recorded it, its business date and record time, its request and source: a table, or
JSON Lines with `--json` (one event a line, record times in UTC)."""

from __future__ import annotations

import json
from functools import cache

import typer

from api.cli.case import TOKYO
from api.cli.common import open_container, reported_errors
from api.cli.wording import pad
from api.history import HistoryRecord

WIDTHS = (4, 14, 10, 19, 44, 6, 32)
HEADINGS = ("版", "種類", "業務日", "記録日時(JST)", "記録者（役割）", "経路", "相関ID", "内容")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the `kyodo audit` group."""
    app.command()(history)


def history(
    key: str = typer.Argument(
        ..., metavar="ID|NUMBER", help="案件のUUIDまたは番号（山口-2024-012）"
    ),
    as_json: bool = typer.Option(False, "--json", help="JSON Lines で出力する（1行に1件）"),
) -> None:
    """案件の記録を、記録した順にすべて表示する（記録者・業務日・記録日時・相関ID・経路）。"""
    with reported_errors(), open_container() as container:
        ledger = container.ledger
        events = ledger.case_history(ledger.find_case(key))
        name_of = cache(container.replay.public_name)
        records = [HistoryRecord.of(event, name_of) for event in events]
        if as_json:
            for r in records:
                typer.echo(json.dumps(r.as_json(), ensure_ascii=False, sort_keys=True))
            return
        typer.echo(_line(HEADINGS))
        for r in records:
            typer.echo(_line(_cells(r)))


def _cells(r: HistoryRecord) -> tuple[str, ...]:
    return (
        str(r.version),
        r.label,
        r.occurred_on.isoformat(),
        r.recorded_at.astimezone(TOKYO).strftime("%Y-%m-%d %H:%M:%S"),
        f"{r.actor_id}（{r.actor_role.ja}）",
        r.source,
        r.correlation_id,
        r.summary,
    )


def _line(cells: tuple[str, ...]) -> str:
    padded = [pad(cell, width) for cell, width in zip(cells, WIDTHS, strict=False)]
    return "  ".join([*padded, cells[-1]]).rstrip()
