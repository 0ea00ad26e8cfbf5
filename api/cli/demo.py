"""`kyodo demo load`: the demo data, recorded through the ledger's own commands."""

from __future__ import annotations

import time

import typer

from api.accounts import accounts_for
from api.cli.common import fail, open_container, reported_errors
from api.cli.progress import progress
from demo import load_demo
from demo.generate import CASES_PER_PARTY, Generator
from demo.scripts import PARTIES
from demo.staff import STAFF
from domain.values import Actor, CommandContext
from domain.vocabulary import ActorRole, Source

_NOBODY = Actor("demo-generate", ActorRole.CHIEF_FACILITATOR, None)

app = typer.Typer(help="デモデータ", no_args_is_help=True)


@app.command()
def load(
    if_empty: bool = typer.Option(False, "--if-empty", help="台帳にすでに記録があれば何もしない"),
) -> None:
    """デモデータ（協働案件・団体・会議）を台帳に取り込む。"""
    with reported_errors(), open_container() as container:
        ledger = container.ledger
        existing = ledger.recorder.max_notification_id() or 0
        if existing and if_empty:
            typer.echo(f"台帳にすでに{existing}件の記録があるため、デモデータは取り込みません。")
            return
        if existing:
            raise fail(
                f"エラー: 台帳が空ではありません（{existing}件の記録）。"
                "空のデータディレクトリで実行するか --if-empty を付けてください [ledger_not_empty]"
            )

        with progress("デモデータを取り込み中（手続き）") as advance:
            done = 0

            def context(actor: Actor, correlation_id: str) -> CommandContext:
                nonlocal done
                done += 1
                advance(done, None)
                return container.context(actor, source=Source.IMPORT, correlation_id=correlation_id)

            summary = load_demo(ledger, context)
        # The demo's staff, by name (no token: `kyodo users demo-tokens` signs those).
        store = accounts_for(container).store
        for user_id, role, centre, name in STAFF:
            store.add(user_id, role, centre, name)
    typer.echo(
        f"デモデータを取り込みました: 案件 {summary.cases}件、団体・個人 {summary.parties}件、"
        f"会議 {summary.meetings}件、公開事例 {summary.published}件"
    )


@app.command()
def generate(
    cases: int = typer.Option(..., "--cases", min=1, help="生成する案件の数"),
    seed: int = typer.Option(0, "--seed", help="乱数の種（同じ種なら同じ筋書き）"),
) -> None:
    """デモの案件を手本に、大量の案件（全状態・団体・会議）を台帳に生成する。"""
    with reported_errors(), open_container() as container:

        def context(actor: Actor, correlation_id: str) -> CommandContext:
            return container.context(actor, source=Source.IMPORT, correlation_id=correlation_id)

        generator = Generator(container.ledger, context, seed, container.context(_NOBODY).today)
        started = time.perf_counter()
        generator.register_parties(max(1, cases // (CASES_PER_PARTY * len(PARTIES))))
        with typer.progressbar(length=cases, label="案件を生成中") as bar:
            done = 0
            for saved in generator.batches(cases):
                bar.update(saved - done)
                done = saved
        seconds = time.perf_counter() - started
    s = generator.summary
    states = "、".join(f"{k} {v}" for k, v in sorted(s.states.items()))
    typer.echo(
        f"生成しました: 案件 {s.cases}件（{states}）、団体・個人 {s.parties}件、"
        f"会議 {s.meetings}件、公開事例 {s.published}件、イベント {s.events}件、"
        f"{seconds:.1f}秒（{s.events / seconds:,.0f}件/秒）"
    )
