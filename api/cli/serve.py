"""`kyodo serve`: the API under uvicorn; `/healthz` answers as soon as it listens.

uvicorn logs through `api.logs.log_config()`: one stream, JSON by default
(`KYODO_LOG_FORMAT=text` for a person), kyodo's `request` line in place of uvicorn's access
line. SIGTERM or Ctrl+C stop it gracefully; SIGUSR1 writes every thread's stack to the same
stream and changes nothing (a hung server's diagnosis)."""

from __future__ import annotations

import contextlib
import faulthandler
import gc
import logging.config
import signal
import sys
from collections.abc import Iterator
from typing import Any

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
    from api.limits import Limits
    from api.logs import log_config

    config = log_config()
    logging.config.dictConfig(config)  # the app's own lines while it is built, too
    # `kill -USR1 <pid>`: every thread's stack, written to the log's stream at once by the
    # interpreter itself (even while the event loop is stuck), for a server that hangs.
    faulthandler.register(signal.SIGUSR1, file=sys.stderr, all_threads=True)
    with reported_errors():  # a setting the app reads wrong is one line too, not a traceback
        settings = load_settings()
        limits = Limits.from_env()
        served = create_app(Container(settings), limits=limits)
    # What is built so far lives as long as the server: out of the collector's sight, so
    # that its full collections do not walk it again (about 40 % of the collector's time
    # under load, bench/http_reads.py).
    gc.collect()
    gc.freeze()
    server = _flushing(uvicorn.Server)(
        uvicorn.Config(
            served,
            host=host,
            port=port,
            log_config=config,
            access_log=False,
            # A subscription's WebSocket message is held to the body limit of a request
            # (uvicorn's own default is 16 MiB): larger frames close the connection (1009).
            ws_max_size=limits.max_body_bytes,
        )
    )
    with contextlib.suppress(KeyboardInterrupt):  # as `uvicorn.run`
        server.run()
    if not server.started:  # as `uvicorn.run`: it could not start (the port taken, ...)
        raise SystemExit(STARTUP_FAILURE)


STARTUP_FAILURE = 3
"""`uvicorn.run`'s exit code when the server could not start."""


def _flushing(server: type[Any]) -> type[Any]:
    """uvicorn's `server` class, with the log lines written before the process ends.

    Stopped by a signal, uvicorn shuts down gracefully, then raises that signal again with
    its default handling: the process dies of it at once, without `logging.shutdown`. The
    last lines, still queued for the log's writer thread (`api.logs.BackgroundStreamHandler`),
    are written first."""
    from api.logs import flush_all

    class Server(server):  # type: ignore[misc]
        @contextlib.contextmanager
        def capture_signals(self) -> Iterator[None]:
            with super().capture_signals():
                try:
                    yield
                finally:
                    flush_all()

    return Server
