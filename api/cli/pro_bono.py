"""`kyodo probono list [--skill S] [--municipality M] [--all]`: the pro bono worker bank
(プロボノワーカーバンク), its indicator and its workers (no personal data: a worker is their
party's id)."""

from __future__ import annotations

import typer

from api.cli.common import open_container, reported_errors
from api.cli.export import caught_up
from domain.pro_bono_vocabulary import SKILL_BY_KEY, skill_code
from domain.rules import municipality_code
from domain.vocabulary import MUNICIPALITY_BY_KEY
from projections.pro_bono.projection import ProBonoBankReadModel
from projections.pro_bono.queries import (
    TARGET,
    TARGET_FISCAL_YEAR,
    BankFigures,
    ProBonoQueries,
    Worker,
    WorkerFilter,
)

app = typer.Typer(help="プロボノワーカーバンク", no_args_is_help=True)

STATUS = {"active": "活動中", "paused": "休止中", "left": "退会"}
NONE_FOUND = "該当するプロボノワーカーはいません"


@app.command("list")
def list_workers(
    skill: str | None = typer.Option(None, "--skill", help="スキル（コードまたは名前）"),
    municipality: str | None = typer.Option(
        None, "--municipality", help="市町（コードまたは名前）"
    ),
    everyone: bool = typer.Option(False, "--all", help="休止中・退会した人も表示する"),
) -> None:
    """登録者数（累計）と、スキル・市町で絞り込んだプロボノワーカーの一覧。"""
    with reported_errors():
        where = WorkerFilter(
            skill=None if skill is None else skill_code(skill),
            municipality=None if municipality is None else municipality_code(municipality),
            active_only=not everyone,
        )
        with open_container() as container:
            caught_up(container.projections, ProBonoBankReadModel.name)
            queries = ProBonoQueries(container.read_store)
            figures, workers = queries.figures(), queries.workers(where)
    lines = [worker_line(w) for w in workers] or [NONE_FOUND]
    for line in [*figure_lines(figures), *lines]:
        typer.echo(line)


def figure_lines(figures: BankFigures) -> list[str]:
    years = "、".join(
        f"{y.fiscal_year}年度 {y.registered}人（累計 {y.cumulative}人）"
        for y in figures.by_fiscal_year
    )
    return [
        f"プロボノワーカーバンクの登録者数（累計）: {figures.registered_total}人"
        f"（目標 {TARGET}人・{TARGET_FISCAL_YEAR}年度末） 活動中: {figures.active_total}人",
        *([years] if years else []),
    ]


def worker_line(w: Worker) -> str:
    skills = "・".join(SKILL_BY_KEY[s].ja if s in SKILL_BY_KEY else s for s in w.skills)
    areas = "、".join(
        MUNICIPALITY_BY_KEY[m].ja if m in MUNICIPALITY_BY_KEY else m for m in w.municipalities
    )
    until = f" {w.available_until}まで" if w.available_until else ""
    consent = "" if w.contact_consent else " 連絡不可"
    return (
        f"{w.party_id}  {STATUS.get(w.status, w.status)}  {skills}  {areas}  "
        f"経験{w.years_of_experience}年  月{w.hours_per_month}時間{until}{consent}"
    )
