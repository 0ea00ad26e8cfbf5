"""`kyodo case attention [--facilitator ID] [--centre CENTRE] [--as-of DATE]`: the attention
list (要対応リスト), the open cases that need attention, each with its reasons in Japanese."""

from __future__ import annotations

import os

import typer

from api.cli.common import fail, open_container, parsed_day, reported_errors
from api.cli.export import caught_up
from api.container import today_in_tokyo
from domain.rules import centre_code
from projections.attention.projection import AttentionReadModel
from projections.attention.queries import AttentionFilter, AttentionQueries
from projections.attention.rules import AttentionCase, Thresholds

NONE_DUE = "要対応の案件はありません"


def attention(
    facilitator: str | None = typer.Option(None, "--facilitator", help="担当者のID"),
    centre: str | None = typer.Option(None, "--centre", help="支援センター（コードまたは名前）"),
    as_of: str | None = typer.Option(None, "--as-of", help="基準日 YYYY-MM-DD（既定: 今日）"),
) -> None:
    """要対応リスト: 記録が途絶えた案件、次の行動の期日、協働期間の終了、振り返り待ち。"""
    day = today_in_tokyo() if as_of is None else parsed_day(as_of)
    with reported_errors():
        where = AttentionFilter(
            centres=None if centre is None else {centre_code(centre)},
            facilitator_id=facilitator,
        )
        thresholds = _thresholds()
        with open_container() as container:
            caught_up(container.projections, AttentionReadModel.name)
            found = AttentionQueries(container.read_store).attention_list(day, thresholds, where)
    for line in attention_lines(found) or [NONE_DUE]:
        typer.echo(line)


def _thresholds() -> Thresholds:
    try:
        return Thresholds.from_env(os.environ)
    except ValueError as error:
        raise fail(f"設定エラー: {error}") from None


def attention_lines(cases: list[AttentionCase]) -> list[str]:
    """A case a line (number, title, state, facilitator), then a line per reason."""
    lines: list[str] = []
    for case in cases:
        lines.append(f"{case.number}  {case.title}  {case.state.ja}  {case.facilitator_id}")
        lines += [f"  {r.reason.ja}（{r.due_on}〜）: {r.message}" for r in case.reasons]
    return lines
