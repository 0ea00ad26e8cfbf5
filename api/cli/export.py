"""`kyodo export library [--format csv|json] FILE`: the published success-case library as
open data (`api.open_data`), written to FILE (`-`: standard output).

`kyodo export cases|kpi|search FILE`: the tables of `api.exports` for spreadsheets (CSV with
a BOM, or .xlsx), read by the operator (every centre)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import typer

from api import exports
from api.cli.common import fail, open_container, reported_errors
from api.exports import (
    RENDER,
    Table,
    case_filter,
    cases_table,
    kpi_table,
    library_search,
    library_table,
    parties_table,
    party_filter,
)
from api.open_data import FORMATS, licence, published_entries, render
from projections.engine import ReadConnections
from projections.engine.service import ProjectionService
from projections.party_directory.projection import PartyDirectory

app = typer.Typer(
    help="書き出し: オープンデータ、表計算用の案件一覧・評価指標・検索結果・団体一覧",
    no_args_is_help=True,
)

LIBRARY = "library"


@app.command()
def library(
    file: str = typer.Argument(..., metavar="FILE", help="書き出し先（- で標準出力）"),
    format_: str | None = typer.Option(
        None, "--format", help="csv または json（既定: FILE の拡張子、なければ csv）"
    ),
) -> None:
    """公開中の成功事例を、個人情報を含まないオープンデータとして書き出す。"""
    chosen = export_format(file, format_)
    with reported_errors(), open_container(create=False) as container:
        caught_up(container.projections, LIBRARY)
        entries = published_entries(container.read_store)
        data = render(entries, chosen, licence())
        if file == "-":
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            Path(file).write_bytes(data)
            done = f"{len(entries)}件の成功事例を {file} に書き出しました（{chosen}）"
            typer.echo(done, err=True)


def export_format(file: str, given: str | None) -> str:
    """The format asked for, else the file's suffix, else CSV; an unknown one is refused."""
    if given is None:
        suffix = Path(file).suffix.lower().lstrip(".")
        return suffix if suffix in FORMATS else "csv"
    chosen = given.strip().lower()
    if chosen not in FORMATS:
        raise fail(f"エラー: 形式は csv か json を指定してください（{given}） [unknown_format]")
    return chosen


def caught_up(service: ProjectionService, name: str) -> None:
    """Bring the read model up to the log's head here, unless a worker holds it (then the
    worker keeps it current)."""
    if service.locks.try_acquire(f"{service.store.prefix}{name}"):
        service.step(name)


SPREADSHEET = ("csv", "xlsx")


def spreadsheet_format(file: str, given: str | None) -> str:
    """csv or xlsx: the one asked for, else the file's suffix, else CSV."""
    chosen = (given or Path(file).suffix.lstrip(".") or "csv").strip().lower()
    if chosen not in SPREADSHEET:
        if given is None:
            return "csv"
        raise fail(f"エラー: 形式は csv か xlsx を指定してください（{given}） [unknown_format]")
    return chosen


def write_table(file: str, chosen: str, table: Table) -> None:
    data = RENDER[chosen](table)
    if file == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    Path(file).write_bytes(data)
    typer.echo(f"{len(table.rows)}行を {file} に書き出しました（{chosen}）", err=True)


def export_table(
    file: str, format_: str | None, model: str, read: Callable[[ReadConnections], Table]
) -> None:
    chosen = spreadsheet_format(file, format_)
    with reported_errors(), open_container(create=False) as container:
        caught_up(container.projections, model)
        table = read(container.read_store)
        write_table(file, chosen, table)


FILE = typer.Argument(..., metavar="FILE", help="書き出し先（- で標準出力）")
FORMAT = typer.Option(None, "--format", help="csv または xlsx（既定: FILE の拡張子、なければ csv）")


@app.command()
def cases(
    file: str = FILE,
    format_: str | None = FORMAT,
    state: str | None = typer.Option(None, help="状態（intake / coordinating / … / closed）"),
    municipality: str | None = typer.Option(None, help="市町（コードか名前）"),
    centre: str | None = typer.Option(None, help="支援センター（コードか名前）"),
    fiscal_year: int | None = typer.Option(None, "--fiscal-year", help="年度（例: 2024）"),
) -> None:
    """案件一覧を表計算用に書き出す（CSV は BOM 付き UTF-8、見出しは日本語）。"""
    given = {
        "state": state,
        "municipality": municipality,
        "centre": centre,
        "fiscalYear": None if fiscal_year is None else str(fiscal_year),
    }
    params = {k: v for k, v in given.items() if v is not None}
    export_table(file, format_, "case_list", lambda s: cases_table(s, case_filter(params)))


@app.command()
def kpi(
    file: str = FILE,
    fiscal_year: int = typer.Option(..., "--fiscal-year", help="年度（例: 2024）"),
    municipality: str | None = typer.Option(None, help="市町（コードか名前。既定: 県全体）"),
    format_: str | None = FORMAT,
) -> None:
    """評価指標（KPI）表を表計算用に書き出す。"""

    def read(store: ReadConnections) -> Table:
        year = exports.fiscal_year(str(fiscal_year))
        place = municipality and case_filter({"municipality": municipality}).municipality
        return kpi_table(store, year, place or None)

    export_table(file, format_, "kpi", read)


@app.command()
def search(
    file: str = FILE,
    query: str = typer.Option("", "--query", help="検索語（空: 公開中のすべて）"),
    municipality: str | None = typer.Option(None, help="市町（コードか名前）"),
    fiscal_year: int | None = typer.Option(None, "--fiscal-year", help="年度（例: 2024）"),
    presented: str | None = typer.Option(
        None, "--presented", help="会議での共有: true（共有したことがある）/ false（まだない）"
    ),
    format_: str | None = FORMAT,
) -> None:
    """成功事例集の検索結果を表計算用に書き出す。"""
    given = {
        "query": query,
        "municipality": municipality,
        "fiscalYear": None if fiscal_year is None else str(fiscal_year),
        "presented": presented,
    }
    params = {k: v for k, v in given.items() if v is not None}

    def read(store: ReadConnections) -> Table:
        words, where = library_search(params)
        return library_table(store, words, where)

    export_table(file, format_, LIBRARY, read)


@app.command()
def parties(
    file: str = FILE,
    kind: str | None = typer.Option(None, help="種別（コードか名前。例: 任意団体）"),
    municipality: str | None = typer.Option(None, help="市町（コードか名前）"),
    field: str | None = typer.Option(None, "--field", help="活動分野（コードか名前）"),
    name: str | None = typer.Option(None, "--name", help="団体名の一部"),
    centre: str | None = typer.Option(None, help="登録したセンター（コードか名前）"),
    standing: str = typer.Option(
        "registered", help="registered（登録中）/ left（登録を抹消した団体）/ all（すべて）"
    ),
    format_: str | None = FORMAT,
) -> None:
    """団体一覧を表計算用に書き出す（名簿の見出しのとおり。連絡先は含まない）。"""
    given = {
        "kind": kind,
        "municipality": municipality,
        "field": field,
        "name": name,
        "centre": centre,
        "standing": standing,
    }
    params = {k: v for k, v in given.items() if v is not None}
    export_table(
        file, format_, PartyDirectory.name, lambda s: parties_table(s, party_filter(params))
    )
