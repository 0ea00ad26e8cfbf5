"""`kyodo plan import FILE`: a plan's status list (seed 004's layout) recorded as events;
`kyodo plan show NAME YEAR`: the list of a fiscal year as the ledger holds it."""

from __future__ import annotations

from pathlib import Path

import typer

from api.cli.common import fail, open_container, reported_errors
from api.cli.wording import pad
from application.plan_import import import_status_list
from domain.fiscal import fiscal_year_label
from domain.plan_errors import PlanNotFoundError
from domain.plan_vocabulary import LEGEND, NOT_APPLICABLE, RESTATED
from domain.plans import ListedAt, Plan, in_print_order, plan_id
from domain.values import Actor
from domain.vocabulary import ActorRole, Source

app = typer.Typer(help="計画の推進項目と実施状況（計画担当）", no_args_is_help=True)

TITLE_WIDTH = 56


def plan_officer(user: str) -> Actor:
    """Who records from the command line: a plan officer, as a chief facilitator."""
    return Actor(user, ActorRole.CHIEF_FACILITATOR, "pref")


@app.command("import")
def import_file(
    file: str = typer.Argument(..., help="タブ区切りの実施状況一覧（シード004の形式）"),
    plan: str | None = typer.Option(None, "--plan", help="計画名（ファイルの「# 計画」より優先）"),
    municipality: str | None = typer.Option(None, "--municipality", help="市町"),
    fiscal_year: int | None = typer.Option(None, "--fiscal-year", help="年度（西暦）"),
    user: str = typer.Option("kyodo-cli-plan", "--user", help="記録者として残る利用者ID"),
) -> None:
    """実施状況一覧を取り込む。すでに記録された内容は記録し直さない。"""
    try:
        text = Path(file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise fail(f"ファイルを読めません: {file}（{error}）") from None
    with reported_errors(), open_container() as container:
        ctx = container.context(plan_officer(user), source=Source.IMPORT)
        done = import_status_list(
            container.ledger,
            ctx,
            text,
            plan=plan,
            municipality=municipality,
            fiscal_year=fiscal_year,
        )
    year = fiscal_year_label(done.fiscal_year)
    if done.nothing_new:
        typer.echo(f"{done.plan} {year}: {done.rows}行、新たに記録することはありません。")
        return
    counts = "、".join(f"{label} {n}件" for label, n in done.recorded.items())
    typer.echo(f"{done.plan} {year}: {done.rows}行を取り込みました（{counts}）。")


@app.command()
def show(
    name: str = typer.Argument(..., help="計画名"),
    fiscal_year: int = typer.Argument(..., help="年度（西暦）"),
) -> None:
    """ある年度の実施状況一覧を、推進方針・推進施策ごとに表示する。"""
    with reported_errors(), open_container() as container:
        found = container.ledger.get_or_none(plan_id(name))
        if not isinstance(found, Plan):
            raise PlanNotFoundError(plan=name)
        for line in status_lines(found, fiscal_year):
            typer.echo(line)


def status_lines(plan: Plan, year: int) -> list[str]:
    lines = [f"{plan.name} 実施状況一覧 {fiscal_year_label(year, japanese_era=True)}", LEGEND]
    for policy, measures in in_print_order((row.placement, row) for row in plan.rows):
        lines.append(policy)
        for measure, rows in measures:
            lines.append(f"  {measure}")
            lines.extend(_row(plan, row, year) for row in rows)
    return lines


def _row(plan: Plan, row: ListedAt, year: int) -> str:
    item = plan.items[row.number]
    status = item.statuses.get(year)
    if row.restated:
        cells = (NOT_APPLICABLE,) * 3
    elif status is None:
        cells = ("", "", "")
    else:
        cells = (status.status.mark, status.handling.ja, status.review_note)
    title = pad(item.title + (RESTATED if row.restated else ""), TITLE_WIDTH)
    return f"    {row.number:>3}  {title}  {pad(cells[0], 2)}  {pad(cells[1], 4)}  {cells[2]}"
