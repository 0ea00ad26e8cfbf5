"""`kyodo export library [--format csv|json] FILE`: the published success-case library as
open data (`api.open_data`), written to FILE (`-`: standard output)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from api.cli.common import fail, open_container, reported_errors
from api.open_data import FORMATS, licence, published_entries, render
from projections.engine.service import ProjectionService

app = typer.Typer(help="オープンデータの書き出し", no_args_is_help=True)

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
