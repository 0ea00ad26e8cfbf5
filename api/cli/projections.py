"""`kyodo project` (run the projections as a worker process) and `kyodo projections …`
(status, rebuild, and `retry`/`skip` of the events a read model parked)."""

from __future__ import annotations

import signal
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

import typer

from api.cli.common import fail, open_container, reported_errors
from api.cli.progress import progress
from projections.engine.dead_letters import DeadLetter, NotParkedError
from projections.engine.service import ProjectionService
from projections.engine.status import ReadModelStatus

app = typer.Typer(
    help="読み取りモデル（一覧・経過記録など）の状態確認と再構築", no_args_is_help=True
)

_HEADERS = (
    "name",
    "version",
    "state",
    "position",
    "head",
    "lag events",
    "lag seconds",
    "parked",
    "error",
)
_PARKED_HEADERS = ("name", "version", "position", "topic", "state", "parked at", "error")


def project(
    metrics_port: int | None = typer.Option(
        None, "--metrics-port", help="Prometheus の /metrics を待ち受けるポート（既定: なし）"
    ),
    metrics_host: str = typer.Option("0.0.0.0", "--metrics-host", help="/metrics のアドレス"),
) -> None:
    """読み取りモデルを更新し続けるワーカーを起動する（Ctrl+C で停止）。"""
    with reported_errors(), open_container(lasting=True) as container:
        service = container.projections
        if metrics_port is not None:
            serve_metrics(service, metrics_host, metrics_port)
        typer.echo(f"projections: {', '.join(service.models)} を更新します", err=True)
        signal.signal(signal.SIGTERM, lambda *_: service.request_stop())
        service.run_forever()


def serve_metrics(service: ProjectionService, host: str, port: int) -> None:
    """The worker's own `/metrics` (process metrics, lag per read model), in a thread."""
    from prometheus_client import start_http_server

    from api.metrics import worker_registry

    def lags() -> list[tuple[str, int, float | None]]:
        return [
            (s.name, s.lag_events, s.lag_seconds) for s in service.status() if s.state == "active"
        ]

    try:
        start_http_server(port, host, registry=worker_registry(lags))
    except OSError as error:
        raise fail(
            f"エラー: /metrics をポート {port} で待ち受けられません（{error.strerror}） "
            "[metrics_port_unavailable]"
        ) from None
    typer.echo(f"projections: http://{host}:{port}/metrics で指標を公開します", err=True)


@app.command()
def status() -> None:
    """読み取りモデルごとの位置・ログの先頭・遅れ・保留中の出来事・エラーを表示する。"""
    with reported_errors(), open_container(create=False) as container:
        service = container.projections
        typer.echo(status_table(service.status(workers=True)))
        letters = service.dead_letters()
        if letters:
            typer.echo(
                "\n反映できずに保留した出来事（kyodo projections retry|skip NAME POSITION）:"
            )
            typer.echo(dead_letter_table(letters))


PARKED_MODEL = typer.Argument(..., help="読み取りモデルの名前（例: timeline）")
PARKED_POSITION = typer.Argument(..., help="保留した出来事の位置（status に表示）")


@app.command()
def retry(name: str = PARKED_MODEL, position: int = PARKED_POSITION) -> None:
    """保留した出来事をもう一度反映する。反映できれば保留の記録を消す。"""
    with _parked(name, position) as service:
        failed = service.retry(name, position)
        if failed:
            raise fail(
                f"エラー: {name}: 位置 {position} はまた反映できませんでした: "
                f"{failed[0].error} [retry_failed]"
            )
        typer.echo(f"{name}: 位置 {position} の出来事を反映しました")


@app.command()
def skip(name: str = PARKED_MODEL, position: int = PARKED_POSITION) -> None:
    """保留した出来事を反映しないことにする（記録は skipped として残る）。"""
    with _parked(name, position) as service:
        service.skip(name, position)
        typer.echo(f"{name}: 位置 {position} の出来事を反映せずに進めます（skipped）")


@contextmanager
def _parked(name: str, position: int) -> Iterator[ProjectionService]:
    """The projections, to act on the event read model `name` parked at `position`."""
    with reported_errors(), open_container(create=False) as container:
        service = _service(container.projections, name)
        try:
            yield service
        except NotParkedError:
            raise fail(
                f"エラー: {name}: 位置 {position} に保留した出来事はありません [not_parked]"
            ) from None


def _service(service: ProjectionService, name: str) -> ProjectionService:
    if name not in service.models:
        raise fail(
            f"エラー: 読み取りモデル「{name}」はありません（{', '.join(service.models)}） "
            "[unknown_read_model]"
        )
    return service


@app.command()
def rebuild(
    name: str = typer.Argument(..., help="再構築する読み取りモデルの名前（例: case_list）"),
    timeout: float = typer.Option(600.0, help="切り替えを待つ最大秒数"),
) -> None:
    """新しい版を現行版の横に作り、追いついたところで切り替える（旧版は削除）。"""
    with reported_errors(), open_container(create=False) as container:
        service = container.projections
        if name not in service.models:
            raise fail(
                f"エラー: 読み取りモデル「{name}」はありません（{', '.join(service.models)}） "
                "[unknown_read_model]"
            )
        version = service.rebuild(name)
        typer.echo(f"{name}: 第{version}版を構築しています…", err=True)
        head = container.ledger.recorder.max_notification_id() or 0
        with progress(f"{name} 第{version}版") as advance:
            built = build(service, name, version, timeout, lambda at: advance(at, head))
        if not built:
            raise fail(
                f"エラー: {name}: 第{version}版は{timeout:g}秒以内に切り替わりませんでした "
                "[rebuild_timeout]"
            )
        typer.echo(f"{name}: 第{version}版に切り替えました")


def build(
    service: ProjectionService,
    name: str,
    version: int,
    timeout: float,
    shown: Callable[[int], None] = lambda _position: None,
) -> bool:
    """Build here when this process gets the read model's lock; else wait for the worker
    (`shown` is told the new version's position at each look)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if service.locks.try_acquire(f"{service.store.prefix}{name}"):
            service.step(name)
        row = service.store.active(name)
        if row is not None and row.version >= version:
            shown(row.position)
            return True
        building = service.store.version(name, version)
        if building is not None:
            shown(building.position)
        if building is not None and building.error:
            raise fail(
                f"エラー: {name}: 第{version}版を構築できません: {building.error} [rebuild_failed]"
            )
        time.sleep(0.2)
    return False


def status_table(rows: list[ReadModelStatus]) -> str:
    shared = any(r.worker for r in rows)  # workers share the read models: which runs each
    cells: list[tuple[str, ...]] = [
        (
            r.name,
            str(r.version),
            r.state,
            str(r.position),
            str(r.head),
            str(r.lag_events),
            "-" if r.lag_seconds is None else f"{r.lag_seconds:.1f}",
            str(r.parked),
            *((r.worker or "-",) if shared else ()),
            r.error or "",
        )
        for r in rows
    ]
    headers = (*_HEADERS[:-1], "worker", _HEADERS[-1]) if shared else _HEADERS
    return _table(headers, cells)


def dead_letter_table(letters: list[DeadLetter]) -> str:
    cells = [
        (d.name, str(d.version), str(d.position), d.topic, d.state, d.parked_at, d.error)
        for d in letters
    ]
    return _table(_PARKED_HEADERS, cells)


def _table(headers: tuple[str, ...], cells: Sequence[tuple[str, ...]]) -> str:
    widths = [max([len(h), *(len(c[i]) for c in cells)]) for i, h in enumerate(headers)]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip()
        for line in [headers, *cells]
    )
