"""`kyodo serve`: the API under uvicorn; `/healthz` answers as soon as it listens.

uvicorn logs through `api.logs.log_config()`: one stream, JSON by default
(`KYODO_LOG_FORMAT=text` for a person), kyodo's `request` line in place of uvicorn's access
line. SIGTERM or Ctrl+C stop it gracefully: requests and subscriptions get ten seconds, then
are cancelled; a stop that has not ended after 25 seconds ends the process (status 70), its
threads' stacks in the log. SIGUSR1 writes every thread's stack to the same stream and changes
nothing (a hung server's diagnosis)."""

from __future__ import annotations

import contextlib
import faulthandler
import gc
import logging.config
import os
import signal
import sys
import threading
from collections.abc import Iterator
from types import FrameType
from typing import Any, TextIO

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
    faulthandler.register(signal.SIGUSR1, file=_stack_stream(), all_threads=True)
    with reported_errors():  # a setting the app reads wrong is one line too, not a traceback
        settings = load_settings(serving=True)
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
            # Requests and subscriptions still running this long after a stop was asked are
            # cancelled (uvicorn's default waits for them without end).
            timeout_graceful_shutdown=GRACE_SECONDS,
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
GRACE_SECONDS = 10
"""How long a stop waits for the requests and subscriptions running (then cancels them)."""
STOP_SECONDS = 25.0
"""How long a stop may take in all: the grace above, then the read models' threads, which
get up to ten seconds to finish a batch (`ProjectionService.stop`). Past it the process
ends at once (`_stop_watch`)."""
STOP_OVERDUE = 70
"""The exit status of a stop that took too long (EX_SOFTWARE)."""


def _flushing(server: type[Any]) -> type[Any]:
    """uvicorn's `server` class, with the log lines written before the process ends.

    Stopped by a signal, uvicorn shuts down gracefully, then raises that signal again with
    its default handling: the process dies of it at once, without `logging.shutdown`. The
    last lines, still queued for the log's writer thread (`api.logs.BackgroundStreamHandler`),
    are written first."""
    from api.logs import flush_all

    class Server(server):  # type: ignore[misc]
        stop_seconds = STOP_SECONDS
        _watch: threading.Timer | None = None

        @contextlib.contextmanager
        def capture_signals(self) -> Iterator[None]:
            with super().capture_signals():
                try:
                    yield
                finally:
                    flush_all()

        def handle_exit(self, sig: int, frame: FrameType | None) -> None:
            super().handle_exit(sig, frame)
            if self._watch is None:  # the first signal: the stop is timed from here
                self._watch = threading.Timer(self.stop_seconds, _stop_watch, (self.stop_seconds,))
                self._watch.daemon = True
                self._watch.start()

    return Server


def _stop_watch(seconds: float) -> None:
    """A stop asked `seconds` ago has not ended: something the graceful shutdown waits for
    does not finish (a request stuck in a worker thread cannot be cancelled). Say so, with
    every thread's stack, and end the process: a stop that never ends would keep a
    deployment from restarting. Every committed write is already in the store; nothing
    half-written survives a transaction."""
    from api.logs import flush_all

    logging.getLogger("kyodo.serve").error(
        "stop_overdue: 停止の要求から%s秒たっても終わらないため、プロセスを終了します", seconds
    )
    flush_all()
    stream = _stack_stream()
    faulthandler.dump_traceback(file=stream, all_threads=True)
    stream.flush()
    os._exit(STOP_OVERDUE)


def _stack_stream() -> TextIO:
    """Where the interpreter writes stacks: the log's stream, a file of the process (under a
    test runner that swapped it for a buffer, the process's own standard error)."""
    try:
        sys.stderr.fileno()
    except (AttributeError, ValueError, OSError):  # io.UnsupportedOperation is both
        return sys.__stderr__ or sys.stderr
    return sys.stderr
