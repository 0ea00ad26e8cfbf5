"""Memory stays flat over a run of hostile requests: `kyodo serve` (a real process, over a
temporary SQLite data directory) is sent oversized bodies with and without a length, JSON
nested 10,000 deep, lone surrogates and over-long notes, and its resident memory (VmRSS)
grows by less than 50 MB. Every answer is a JSON error, never a server error."""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.auth import TokenIssuer
from tests.api.client import ACTORS
from tests.cli.test_serve import KYODO, environment, free_port, wait_for_health

SECRET = "hostile-requests-test-secret-0123456789abcdef"
MB = 1024 * 1024


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, int]]:
    port = free_port()
    process = subprocess.Popen(
        [KYODO, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=environment(tmp_path, KYODO_JWT_SECRET=SECRET),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_health(f"http://127.0.0.1:{port}/healthz", process, 30.0)
        yield f"http://127.0.0.1:{port}", process.pid
    finally:
        process.terminate()
        process.wait(timeout=10)


def _declared_oversized(port: int, size: int) -> bytes:
    """A request that says it carries `size` bytes and sends only the start of them: the
    server must answer from the length alone. It may answer and close while the start is
    still being sent (a loaded run met a broken pipe there): the answer is read all the same."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(
            b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + f"Content-Length: {size}\r\n\r\n".encode()
        )
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            sock.sendall(b"x" * (64 * 1024))
        return sock.recv(4096)


def _chunked(size: int) -> Iterator[bytes]:
    yield b'{"query": "{ __typename }", "pad": "'
    for _ in range(size // (64 * 1024)):
        yield b"x" * (64 * 1024)
    yield b'"}'


def test_memory_stays_flat_over_hostile_requests(server: tuple[str, int]) -> None:
    url, pid = server
    port = int(url.rsplit(":", 1)[1])
    token = TokenIssuer(SECRET).issue(ACTORS["facilitator"])
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    statuses: list[int] = []
    with httpx.Client(base_url=url, headers=headers, timeout=30) as client:
        for _ in range(3):  # warm up: imports, pools, the read models' first build
            assert client.post("/graphql", json={"query": "{ __typename }"}).status_code == 200
        before = rss_kb(pid)
        for _ in range(10):
            assert _declared_oversized(port, 50 * MB).startswith(b"HTTP/1.1 413")
            statuses.append(client.post("/graphql", content=_chunked(20 * MB)).status_code)
            deep = b"[" * 10_000 + b"]" * 10_000
            statuses.append(client.post("/graphql", content=deep).status_code)
            surrogate = b'{"query": "{ __typename }", "variables": {"t": "\\ud800"}}'
            statuses.append(client.post("/graphql", content=surrogate).status_code)
            note = {"query": "{ __typename }", "variables": {"t": "あ" * 300_000}}
            statuses.append(
                client.post(
                    "/graphql", content=json.dumps(note, ensure_ascii=False).encode()
                ).status_code
            )
        after = rss_kb(pid)
        healthy = client.get("/healthz").status_code

    assert set(statuses) <= {200, 400, 413}, statuses
    assert statuses.count(413) == 10
    assert healthy == 200
    assert (after - before) < 50 * 1024, f"VmRSS grew from {before} kB to {after} kB"
