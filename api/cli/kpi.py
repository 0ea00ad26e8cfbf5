"""`kyodo kpi ...`: the KPI tables (評価指標) of a fiscal year, their targets and the closing of
a finished year, and a plan's indicators — for the plan officer at a terminal."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar

import typer

from api.cli.common import fail, open_container, parsed_day, reported_errors
from api.cli.export import caught_up
from api.container import end_of_day
from domain.commands.kpi_target import CloseFiscalYear, SetKpiTarget
from domain.fiscal import both_calendars
from domain.rules import municipality_code, require_fiscal_year
from domain.values import Actor
from domain.vocabulary import ActorRole, Source
from projections.engine import Db, Dialect, Tables
from projections.kpi import queries as kpi
from projections.kpi.projection import Kpi
from projections.plan_indicators import queries as plan_queries
from projections.plan_indicators.projection import PlanIndicatorsReadModel

app = typer.Typer(
    help="評価指標: 年度の表、目標値、実績の確定、計画の評価指標", no_args_is_help=True
)

MUNICIPALITY = typer.Option(None, "--municipality", help="市町（既定: 県全体）")
AS_OF = typer.Option(None, "--as-of", help="この日の終わりの時点 YYYY-MM-DD")
USER = typer.Option("kyodo-cli-kpi", "--user", help="記録者として残る利用者ID")
T = TypeVar("T")


def chief(user: str) -> Actor:
    """Who records from the command line: a chief facilitator of the prefecture's centre."""
    return Actor(user, ActorRole.CHIEF_FACILITATOR, "pref")


def _day(text: str | None) -> date | None:
    return None if text is None else parsed_day(text)


def _read_as_of(
    model: str,
    what: str,
    day: date | None,
    position_at: Callable[[Db, Dialect, Tables, datetime], int],
    ask: Callable[..., T],
    *args: Any,
) -> T:
    """`ask(db, dialect, tables, *args, at)` over read model `model` once it has caught up,
    `at` the position it had at the end of `day` (None: now); `what` names the model when
    it has not been built yet."""
    with open_container() as container:
        caught_up(container.projections, model)
        store = container.read_store
        with store.reading() as db:
            tables = store.tables(model, db)
            if tables is None:
                raise fail(f"エラー: {what}はまだ作られていません [not_ready]")
            at = None if day is None else position_at(db, store.dialect, tables, end_of_day(day))
            return ask(db, store.dialect, tables, *args, at)


def _report(
    db: Db, dialect: Dialect, tables: Tables, year: int, code: str | None, at: int | None
) -> kpi.KpiReport:
    return kpi.kpi_report(db, dialect, tables, kpi.KpiScope(year, code, at))


def _figure(value: float | None, unit: str = "") -> str:
    if value is None:
        return "—"
    shown = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return f"{shown}{unit}"


@app.command()
def show(
    fiscal_year: int = typer.Argument(..., help="年度（西暦）"),
    municipality: str | None = MUNICIPALITY,
    as_of: str | None = AS_OF,
) -> None:
    """年度の評価指標の表（基準値・実績値・目標値、確定した年度は確定時の値と差）。"""
    day = _day(as_of)
    with reported_errors():
        require_fiscal_year(fiscal_year)
        code = None if municipality is None else municipality_code(municipality)
        report = _read_as_of(
            Kpi.name, "評価指標の表", day, kpi.position_at, _report, fiscal_year, code
        )
    where = municipality or "県全体"
    typer.echo(
        f"{both_calendars(fiscal_year)} {where} 評価指標" + (f"（{day}時点）" if day else "")
    )
    closed = report.closing
    head = "評価指標\t基準値\t実績値\t目標値" + ("\t確定時\t差" if closed else "")
    typer.echo(head)
    for row in report.rows:
        cells = [row.label, _figure(row.baseline), _figure(row.actual), _figure(row.target)]
        if closed:
            cells += [_figure(row.reported), _figure(row.difference)]
        typer.echo("\t".join(cells))
    if closed:
        typer.echo(f"確定: {closed.closed_on}（{closed.closed_by}）")
        for change in report.later_changes:
            typer.echo(f"  確定後の記録: {change.recorded_at:%Y-%m-%d %H:%M} {change.step}")
    typer.echo(kpi.ROUNDING)


@app.command("set-target")
def set_target(
    fiscal_year: int = typer.Argument(..., help="年度（西暦）"),
    indicator: str = typer.Argument(..., help="評価指標（コードまたは名前）"),
    target: float | None = typer.Option(None, "--target", help="目標値"),
    baseline: float | None = typer.Option(None, "--baseline", help="基準値"),
    municipality: str | None = MUNICIPALITY,
    user: str = USER,
) -> None:
    """評価指標の目標値・基準値を定める（統括協働ファシリテーター）。"""
    command = SetKpiTarget(fiscal_year, municipality, indicator, target, baseline)
    with reported_errors(), open_container() as container:
        ctx = container.context(chief(user), source=Source.CLI)
        container.ledger.handle(ctx, command)
    typer.echo(
        f"{both_calendars(fiscal_year)} {municipality or '県全体'}「{indicator}」を記録しました"
    )


@app.command("close-year")
def close_year(
    fiscal_year: int = typer.Argument(..., help="終わった年度（西暦）"),
    municipality: str | None = MUNICIPALITY,
    user: str = USER,
) -> None:
    """終わった年度の実績を確定する。以後の訂正は現在の値にだけ反映され、確定時の値は残る。"""
    with reported_errors(), open_container() as container:
        ctx = container.context(chief(user), source=Source.CLI)
        container.ledger.handle(ctx, CloseFiscalYear(fiscal_year, municipality))
    typer.echo(f"{both_calendars(fiscal_year)} {municipality or '県全体'}の実績を確定しました")


@app.command()
def indicators(
    plan: str = typer.Argument(..., help="計画名"),
    as_of: str | None = AS_OF,
) -> None:
    """計画の評価指標（基準値・年度ごとの実績値・目標値）。台帳から数える指標の実績値は表示しない
    （GraphQL の planIndicators が評価指標の表とあわせて示す）。"""
    day = _day(as_of)
    with reported_errors():
        found = _read_as_of(
            PlanIndicatorsReadModel.name,
            "評価指標",
            day,
            plan_queries.position_at,
            plan_queries.plan_indicators,
            plan,
        )
    if not found:
        raise fail(f"エラー: 計画「{plan}」の評価指標はありません [no_indicators]")
    typer.echo(plan)
    for entry in found:
        target = _figure(entry.target, entry.unit) if entry.target is not None else "—"
        if entry.target_year is not None:
            target += f" 《{both_calendars(entry.target_year)}》"
        typer.echo(f"{entry.code} {entry.name}")
        typer.echo(
            f"  基準値 {_figure(entry.baseline, entry.unit)} 《{entry.baseline_period or '—'}》"
        )
        for year in entry.years:
            shown = "（台帳から数える）" if entry.derived_from else _figure(year.actual, entry.unit)
            typer.echo(f"  {both_calendars(year.fiscal_year)} {shown} {year.source}".rstrip())
        typer.echo(f"  目標値 {target} {entry.target_wording or ''}".rstrip())
