"""`kyodo serve` writes one stream of JSON lines, uvicorn's own lines included, and each
request's line names the request id, the user and role, the GraphQL operation and the W3C
traceparent."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from api.auth import TokenIssuer, jwt_secret
from api.logs import TextFormatter, log_config, traceparent
from domain.values import Actor
from domain.vocabulary import ActorRole
from persistence.settings import Settings
from tests.cli.test_serve import free_port, wait_for_health

KYODO = str(Path(sys.executable).with_name("kyodo"))
TRACE = "0af7651916cd43dd8448eb211c80319c"
PARENT = f"00-{TRACE}-b7ad6b7169203331-01"


def served_lines(tmp_path: Path, usr1: bool = False, **env: str) -> tuple[list[str], str]:
    """Start `kyodo serve`, send a health check and one named GraphQL query (`usr1`: then
    SIGUSR1, and the query again), stop it; its output lines and the token's user."""
    environ = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "KYODO_LEDGER_NAME")
    }
    environ.update(KYODO_DATA_DIR=str(tmp_path), **env)
    token = TokenIssuer(jwt_secret(Settings(data_dir=tmp_path), environ={})).issue(
        Actor("auditor-07", ActorRole.AUDITOR, None)
    )
    port = free_port()
    process = subprocess.Popen(
        [KYODO, "serve", "--port", str(port)],
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_for_health(f"http://127.0.0.1:{port}/healthz", process, 30.0)  # type: ignore[arg-type]
        for _ in range(2 if usr1 else 1):
            answered = httpx.post(
                f"http://127.0.0.1:{port}/graphql",
                json={"query": "query Ping { __typename }", "operationName": "Ping"},
                headers={"Authorization": f"Bearer {token}", "traceparent": PARENT},
                timeout=10,
            )
            assert answered.status_code == 200
            if usr1:
                process.send_signal(signal.SIGUSR1)
                usr1 = False
                time.sleep(0.5)
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=20)
    return [line for line in output.splitlines() if line.strip()], "auditor-07"


def test_every_line_of_the_server_is_json_with_the_request_fields(tmp_path: Path) -> None:
    lines, user = served_lines(tmp_path)

    entries: list[dict[str, Any]] = [json.loads(line) for line in lines]
    loggers = {e["logger"] for e in entries}
    assert {"uvicorn.error", "kyodo.http"} <= loggers
    [request] = [e for e in entries if e["message"] == "request" and e["path"] == "/graphql"]
    assert request["user"] == user
    assert request["role"] == "auditor"
    assert request["operation"] == "Ping"
    assert request["request_id"]
    assert request["traceparent"].startswith(f"00-{TRACE}-")
    assert request["parent_span"] == "b7ad6b7169203331"


def test_the_last_lines_are_written_when_a_signal_stops_the_server(tmp_path: Path) -> None:
    """uvicorn ends the process with the signal that stopped it, without the logging
    module's shutdown: the lines still queued for the log's writer thread are written
    first, the server's last one included."""
    lines, _ = served_lines(tmp_path)

    messages = [json.loads(line)["message"] for line in lines]
    assert "Application shutdown complete." in messages
    assert messages[-1].startswith("Finished server process")


def test_sigusr1_writes_every_thread_s_stack_and_the_server_goes_on(tmp_path: Path) -> None:
    """A server that hangs is diagnosed with `kill -USR1`: the interpreter writes each
    thread's stack to the log's stream; nothing stops, and SIGTERM still ends it."""
    lines, _ = served_lines(tmp_path, usr1=True)

    stacks = [line for line in lines if line.startswith(("Thread 0x", "Current thread 0x"))]
    assert len(stacks) >= 2  # the event loop's and the read models' threads at least
    assert any('File "' in line and "uvicorn" in line for line in lines)
    requests = [json.loads(line) for line in lines if line.startswith("{")]
    assert [r["operation"] for r in requests if r.get("path") == "/graphql"] == ["Ping", "Ping"]
    assert requests[-1]["message"].startswith("Finished server process")


def test_text_format_is_one_readable_line_each(tmp_path: Path) -> None:
    lines, _ = served_lines(tmp_path, KYODO_LOG_FORMAT="text")

    assert lines
    assert not any(line.startswith("{") for line in lines)
    assert any(" kyodo.http request " in line and "operation=Ping" in line for line in lines)


def test_the_log_config_sends_uvicorn_through_kyodos_formatter() -> None:
    config = log_config("text")

    assert config["formatters"]["kyodo"]["()"] == "api.logs.TextFormatter"
    assert config["loggers"]["uvicorn.access"]["level"] == "WARNING"


def test_text_lines_leave_the_ids_out() -> None:
    record = logging.makeLogRecord(
        {"name": "kyodo.http", "msg": "request", "levelname": "INFO", "request_id": "abc"}
    )
    assert "abc" not in TextFormatter().format(record)


def test_a_traceparent_keeps_the_callers_trace_and_a_bad_one_starts_a_new_one() -> None:
    kept, parent = traceparent(PARENT)
    fresh, none = traceparent("00-" + "0" * 32 + "-b7ad6b7169203331-01")

    assert kept.startswith(f"00-{TRACE}-")
    assert parent == "b7ad6b7169203331"
    assert not fresh.startswith("00-0000")
    assert none is None
