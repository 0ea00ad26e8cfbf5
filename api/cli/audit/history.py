"""`kyodo audit history ID|NUMBER`: every stored event of a case, in stored order, with
who recorded it, its business date and record time, its request and source: a table, or
JSON Lines with `--json` (one event a line, record times in UTC)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import typer

from api.cli.case import TOKYO
from api.cli.common import open_container, reported_errors
from api.cli.wording import pad
from domain.case import CaseEvent, step_label
from domain.vocabulary import ActorRole
from projections.engine.plain import payload
from projections.timeline.summaries import summary

WIDTHS = (4, 14, 10, 19, 36, 6, 12)
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
        if as_json:
            for event in events:
                typer.echo(json.dumps(record(event), ensure_ascii=False, sort_keys=True))
            return
        typer.echo(_line(HEADINGS))
        for event in events:
            typer.echo(_line(_cells(record(event))))


def record(event: CaseEvent) -> dict[str, Any]:
    """One event as an auditor reads it (the same fields as GraphQL's `HistoryEntry`)."""
    meta = event.meta
    return {
        "version": event.originator_version,
        "step": type(event).__name__,
        "topic": str(getattr(type(event), "TOPIC", "")),
        "label": step_label(event),
        "summary": summary(event),
        "occurred_on": event.occurred_on.isoformat(),
        "recorded_at": event.timestamp.isoformat(),
        "actor_id": meta.actor_id,
        "actor_role": meta.actor_role.value,
        "correlation_id": meta.correlation_id,
        "source": meta.source.value,
        "details": payload(event),
    }


def _cells(r: dict[str, Any]) -> tuple[str, ...]:
    recorded = datetime.fromisoformat(r["recorded_at"]).astimezone(TOKYO)
    role = ActorRole(r["actor_role"]).ja
    return (
        str(r["version"]),
        r["label"],
        r["occurred_on"],
        recorded.strftime("%Y-%m-%d %H:%M:%S"),
        f"{r['actor_id']}（{role}）",
        r["source"],
        r["correlation_id"][:12],
        r["summary"],
    )


def _line(cells: tuple[str, ...]) -> str:
    padded = [pad(cell, width) for cell, width in zip(cells, WIDTHS, strict=False)]
    return "  ".join([*padded, cells[-1]]).rstrip()
