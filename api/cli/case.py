"""`kyodo case show ID`: a case's history, one Japanese line per event."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import typer

from api.cli.common import open_container, reported_errors
from api.cli.oneline import lazy
from api.cli.wording import describe, pad
from application.ledger import Ledger
from domain.case import Case
from domain.vocabulary import CENTRE_BY_KEY, MUNICIPALITY_BY_KEY

app = typer.Typer(
    cls=lazy({"attention": "api.cli.attention:attention"}),
    help="協働案件",
    no_args_is_help=True,
)

TOKYO = ZoneInfo("Asia/Tokyo")
ACTOR_WIDTH = 44


@app.command()
def show(
    key: str = typer.Argument(..., metavar="ID", help="案件のUUIDまたは番号（山口-2024-012）"),
) -> None:
    """案件の記録を古い順に一行ずつ表示する。"""
    with reported_errors(), open_container(create=False) as container:
        ledger = container.ledger
        case_id = ledger.find_case(key)
        for line in case_lines(ledger, case_id):
            typer.echo(line)


def case_lines(ledger: Ledger, case_id: UUID) -> list[str]:
    case = ledger.get_case(case_id)
    municipality = MUNICIPALITY_BY_KEY[case.municipality].ja
    centre = CENTRE_BY_KEY[case.centre].ja
    state = case.state.ja + (f"（{case.result.ja}）" if case.result else "")
    lines = [
        f"{case.number}  {case.title}",
        f"  {municipality}・{centre}・状態: {state}・公開: {'あり' if case.published else 'なし'}",
        f"  版  業務日      記録日時(JST)        {pad('記録者', ACTOR_WIDTH)}  内容",
    ]
    names = _Names(ledger)
    steps: dict[int, dict[str, Any]] = {}  # each step's fields, as corrected so far
    for event in ledger.case_history(case_id):
        recorded = _tokyo(event.timestamp)
        who = f"{event.meta.actor_id}（{event.meta.actor_role.ja}）"
        steps[event.originator_version] = dict(vars(event))
        corrected = None
        if isinstance(event, Case.StepCorrected):
            step = steps.get(event.corrected_version, {})
            corrected = dict(step)
            step.update(event.changes)
        lines.append(
            f"  {event.originator_version:>2}  {event.occurred_on.isoformat()}  "
            f"{recorded}  {pad(who, ACTOR_WIDTH)}  {describe(event, names, corrected)}"
        )
    return lines


def _tokyo(moment: datetime) -> str:
    return moment.astimezone(TOKYO).strftime("%Y-%m-%d %H:%M:%S")


class _Names:
    """Public names of parties and meetings (a pro bono worker's own name is never one)."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.cache: dict[UUID, str] = {}

    def party(self, party_id: UUID) -> str:
        if party_id not in self.cache:
            self.cache[party_id] = self.ledger.get_party(party_id).name
        return self.cache[party_id]

    def meeting(self, meeting_id: UUID) -> str:
        if meeting_id not in self.cache:
            self.cache[meeting_id] = self.ledger.get_meeting(meeting_id).title
        return self.cache[meeting_id]
