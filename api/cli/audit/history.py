"""`kyodo audit history ID|NUMBER`: every stored event of a case, in stored order, with
who recorded it, its business date and record time, its request and source: a table, or
JSON Lines with `--json` (one event a line, record times in UTC). `kyodo audit
party-history ID`: the same for a party (its contact details only as how they were kept)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from typing import cast
from uuid import UUID

import typer

from api.cli.case import TOKYO
from api.cli.common import fail, open_container, reported_errors
from api.cli.wording import pad
from api.history import HistoryRecord, NameOf
from domain.events import Step

WIDTHS = (4, 14, 10, 19, 44, 6, 32)
HEADINGS = ("版", "種類", "業務日", "記録日時(JST)", "記録者（役割）", "経路", "相関ID", "内容")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the `kyodo audit` group."""
    app.command()(history)
    app.command(name="party-history")(party_history)


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
        _show(events, cache(container.replay.public_name), as_json)


def party_history(
    key: str = typer.Argument(..., metavar="ID", help="団体・個人のUUID"),
    as_json: bool = typer.Option(False, "--json", help="JSON Lines で出力する（1行に1件）"),
) -> None:
    """団体・個人の記録を、記録した順にすべて表示する（登録・掲載の同意・連絡先の保管・消去請求と対応）。"""
    party_id = party_uuid(key)
    with reported_errors(), open_container(create=False) as container:
        container.replay.registration(party_id)
        events = cast("list[Step]", list(container.ledger.repository.event_store.get(party_id)))
        _show(events, cache(container.replay.public_name), as_json)


def _show(events: Sequence[Step], name_of: NameOf, as_json: bool) -> None:
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


def party_uuid(text: str) -> UUID:
    """A party's id as typed; one line of error otherwise."""
    try:
        return UUID(text.strip())
    except ValueError:
        raise fail(f"エラー: 「{text}」は団体・個人のIDとして読めません [invalid_value]") from None
