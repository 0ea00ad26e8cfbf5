"""The installed `kyodo` console script: `serve` answers /healthz; errors stay one line."""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

KYODO = str(Path(sys.executable).parent / "kyodo")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def environment(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "KYODO_LEDGER_NAME")}
    return {**env, "KYODO_DATA_DIR": str(data_dir), **extra}


def wait_for_health(url: str, process: subprocess.Popen[bytes], seconds: float) -> httpx.Response:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, "the server exited early"
        try:
            return httpx.get(url, timeout=1.0)
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError(f"no answer from {url} within {seconds} s")


def test_serve_answers_healthz(tmp_path: Path) -> None:
    port = free_port()
    process = subprocess.Popen(
        [KYODO, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=environment(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        response = wait_for_health(f"http://127.0.0.1:{port}/healthz", process, 20.0)
    finally:
        process.terminate()
        process.wait(timeout=10)

    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_the_console_script_refuses_an_empty_data_dir_in_one_line(tmp_path: Path) -> None:
    done = subprocess.run(
        [KYODO, "case", "show", "山口-2024-999"],
        env=environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )

    assert done.returncode == 1
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("エラー: ")
    assert line.endswith("[no_ledger]")
    assert "に台帳がありません（KYODO_DATA_DIR を確かめるか" in line
    assert not (tmp_path / "kyodo.sqlite3").exists()


def test_serve_refuses_a_malformed_database_url_in_one_line(tmp_path: Path) -> None:
    done = subprocess.run(
        [KYODO, "serve", "--port", str(free_port())],
        env=environment(tmp_path, DATABASE_URL="sqlite:///nope"),
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )

    assert done.returncode == 1
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("設定エラー: DATABASE_URL")


def test_a_websocket_message_over_the_body_limit_closes_the_connection(tmp_path: Path) -> None:
    """`kyodo serve` holds a subscription's messages to KYODO_MAX_BODY_BYTES, as requests."""
    from websockets.exceptions import ConnectionClosed
    from websockets.sync.client import connect

    port = free_port()
    process = subprocess.Popen(
        [KYODO, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=environment(tmp_path, KYODO_MAX_BODY_BYTES="4096"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"ws://127.0.0.1:{port}/graphql"
    try:
        wait_for_health(f"http://127.0.0.1:{port}/healthz", process, 20.0)
        codes = []
        for padding in (100, 8192):  # under the limit: read (and refused: no token); over it
            with connect(url, subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
                ws.send('{"type": "connection_init", "payload": {"x": "' + "a" * padding + '"}}')
                with pytest.raises(ConnectionClosed) as closed:
                    ws.recv(timeout=5)
                codes.append(closed.value.rcvd.code if closed.value.rcvd else None)
        assert codes == [4403, 1009]  # 4403: read, unauthenticated; 1009: message too big
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_a_stop_that_does_not_end_ends_the_process_saying_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The first SIGTERM starts a watch; should the graceful stop not have ended the process
    when it runs out, it logs why, writes every thread's stack and exits with status 70."""
    from api.cli import serve

    class Waiting:  # uvicorn's server, as far as the watch needs it
        def __init__(self) -> None:
            self.asked: list[int] = []

        def handle_exit(self, sig: int, frame: object) -> None:
            self.asked.append(sig)

    exited: list[int] = []
    done = threading.Event()

    def exit_now(status: int) -> None:
        exited.append(status)
        done.set()

    stacks = tmp_path / "stderr"
    with stacks.open("w") as stream:
        monkeypatch.setattr(serve.os, "_exit", exit_now)
        monkeypatch.setattr(sys, "stderr", stream)
        server = serve._flushing(Waiting)()
        server.stop_seconds = 0.2
        with caplog.at_level(logging.ERROR, logger="kyodo.serve"):
            server.handle_exit(signal.SIGTERM, None)
            server.handle_exit(signal.SIGTERM, None)  # a second signal: still one watch
            assert done.wait(5)
            time.sleep(0.3)  # a second watch, had there been one, would have ended by now
    assert exited == [serve.STOP_OVERDUE]
    assert server.asked == [signal.SIGTERM, signal.SIGTERM]
    assert any("stop_overdue" in r.getMessage() for r in caplog.records)
    assert "Thread 0x" in stacks.read_text() or "Current thread 0x" in stacks.read_text()


def test_a_command_run_once_waits_for_its_connection_longer_than_the_server(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The server answers 503 after one second without a pooled connection; a command that
    runs once waits as long as a connection may take to open, unless told otherwise."""
    from api.cli.common import load_settings

    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
    monkeypatch.delenv("KYODO_DB_POOL_TIMEOUT", raising=False)
    monkeypatch.setenv("KYODO_DB_CONNECT_TIMEOUT", "7")
    assert load_settings().pool_timeout == 7
    assert load_settings(serving=True).pool_timeout == 1
    monkeypatch.setenv("KYODO_DB_POOL_TIMEOUT", "2")
    assert load_settings().pool_timeout == 2
    assert load_settings(serving=True).pool_timeout == 2
