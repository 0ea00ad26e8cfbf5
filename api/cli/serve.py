"""`kyodo serve`: the API under uvicorn; `/healthz` answers as soon as it listens."""

from __future__ import annotations

import typer

from api.cli.common import load_settings, reported_errors


def serve(
    host: str = typer.Option("127.0.0.1", help="待ち受けるアドレス"),
    port: int = typer.Option(8000, help="待ち受けるポート"),
) -> None:
    """APIサーバーを起動する（/healthz で稼働を確認できます）。"""
    # The web stack takes a second to import: only `serve` pays for it.
    import uvicorn

    from api.app import create_app
    from api.container import Container

    with reported_errors():
        settings = load_settings()
    uvicorn.run(create_app(Container(settings)), host=host, port=port)
