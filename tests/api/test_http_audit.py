"""The `graphql-http` server audit (npm) against a running server: every MUST and SHOULD.

Setup is idempotent: the fixture runs `npm ci` in tests/http_audit/ when its node_modules
lack graphql-http (the versions are pinned by the committed package-lock.json).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from websockets.sync.client import connect
from websockets.typing import Subprotocol

from api.auth import TokenIssuer
from tests.api.client import ACTORS

AUDIT_DIR = Path(__file__).resolve().parents[1] / "http_audit"
SECRET = "audit-secret-audit-secret-audit-secret-0123"


def ensure_audit_installed() -> None:
    if (AUDIT_DIR / "node_modules" / "graphql-http" / "package.json").exists():
        return
    npm = shutil.which("npm")
    assert npm, "npm is needed for the GraphQL-over-HTTP audit"
    subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund"], cwd=AUDIT_DIR, check=True, capture_output=True
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def wait_until_healthy(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    pytest.fail(f"the server at {url} did not become healthy")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    ensure_audit_installed()
    port = free_port()
    env = {
        **os.environ,
        "KYODO_DATA_DIR": str(tmp_path_factory.mktemp("audit")),
        "KYODO_JWT_SECRET": SECRET,
    }
    env.pop("DATABASE_URL", None)
    command = [sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory"]
    process = subprocess.Popen(
        [*command, "--port", str(port), "--log-level", "warning"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, process)
        yield f"{url}/graphql"
    finally:
        process.terminate()
        process.wait(10)


def test_every_must_and_should_of_graphql_over_http_passes(server: str) -> None:
    token = TokenIssuer(SECRET).issue(ACTORS["auditor"])
    node = shutil.which("node")
    assert node, "node is needed for the GraphQL-over-HTTP audit"
    run = subprocess.run(
        [node, "audit.mjs", server, token],
        cwd=AUDIT_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    results = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
    failures = [r for r in results if r["status"] != "ok" and not r["name"].startswith("MAY")]
    assert len(results) > 40, run.stderr
    assert failures == [], json.dumps(failures, ensure_ascii=False, indent=1)
    assert run.returncode == 0


def test_the_running_server_accepts_subscriptions_with_a_token(server: str) -> None:
    token = TokenIssuer(SECRET).issue(ACTORS["meeting"])
    url = server.replace("http://", "ws://")
    with connect(url, subprotocols=[Subprotocol("graphql-transport-ws")]) as ws:
        ws.send(json.dumps({"type": "connection_init", "payload": {"token": token}}))
        assert json.loads(ws.recv(timeout=5))["type"] == "connection_ack"
        query = "subscription { libraryUpdated { position } }"
        ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": query}}))
        ws.send(json.dumps({"type": "ping"}))
        assert json.loads(ws.recv(timeout=5))["type"] == "pong"
