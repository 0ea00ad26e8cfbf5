"""`/metrics` with prometheus_client: process metrics, GraphQL operations, open WebSockets,
projection lag, and the worker's own `/metrics`."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from starlette.testclient import TestClient

from api.app import create_app
from api.auth import TokenIssuer
from api.container import Container
from api.metrics import worker_registry
from persistence.settings import Settings
from tests.api.client import SECRET, GraphQLClient
from tests.cli.test_serve import free_port

KYODO = str(Path(sys.executable).with_name("kyodo"))


@pytest.fixture
def api(tmp_path: Path) -> Iterator[GraphQLClient]:
    tokens = TokenIssuer(SECRET)
    with TestClient(create_app(Container(Settings(data_dir=tmp_path)), tokens)) as http:
        yield GraphQLClient(http, tokens)


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of an exposition, by name and labels (the text must parse)."""
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def test_the_exposition_parses_and_has_process_metrics(api: GraphQLClient) -> None:
    text = api.http.get("/metrics").text

    names = {name for name, _ in samples(text)}
    assert {"process_cpu_seconds_total", "process_resident_memory_bytes"} <= names
    assert "python_info" in names


def test_each_graphql_operation_is_counted_and_timed(api: GraphQLClient) -> None:
    api.post("query Ping { __typename }", operation_name="Ping")
    api.post("query Ping { __typename }", operation_name="Ping")
    api.post("{ __typename }")

    found = samples(api.http.get("/metrics").text)
    assert (
        found[("kyodo_graphql_operations_total", (("operation", "Ping"), ("status", "200")))] == 2
    )
    assert (
        found[("kyodo_graphql_operations_total", (("operation", "anonymous"), ("status", "200")))]
        == 1
    )
    assert found[("kyodo_graphql_operation_duration_seconds_count", (("operation", "Ping"),))] == 2


def test_the_request_metrics_keep_their_names(api: GraphQLClient) -> None:
    api.http.get("/healthz")

    found = samples(api.http.get("/metrics").text)
    key = (("method", "GET"), ("path", "/healthz"), ("status", "200"))
    assert found[("kyodo_http_requests_total", key)] == 1
    assert ("kyodo_http_request_duration_seconds_count", key[:2]) in found


def test_projection_lag_is_shown_per_read_model(api: GraphQLClient) -> None:
    deadline = time.monotonic() + 10  # the read models start in the background
    lag = ("kyodo_projection_lag_events", (("read_model", "case_list"),))
    while lag not in samples(api.http.get("/metrics").text):
        assert time.monotonic() < deadline
        time.sleep(0.1)


def test_open_websockets_are_a_gauge(api: GraphQLClient) -> None:
    def gauge() -> float:
        return samples(api.http.get("/metrics").text)[("kyodo_websocket_connections", ())]

    assert gauge() == 0
    with api.http.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws:
        ws.send_json({"type": "connection_init", "payload": api.headers("auditor")})
        assert ws.receive_json()["type"] == "connection_ack"
        assert gauge() == 1
    assert gauge() == 0


def test_the_workers_registry_reads_the_lag_at_each_scrape() -> None:
    lags: list[tuple[str, int, float | None]] = [("case_list", 3, 1.5)]
    registry = worker_registry(lambda: lags)

    text = generate(registry)
    assert 'kyodo_projection_lag_events{read_model="case_list"} 3.0' in text
    lags[:] = [("case_list", 0, None)]
    assert 'kyodo_projection_lag_events{read_model="case_list"} 0.0' in generate(registry)


def generate(registry: object) -> str:
    from prometheus_client import generate_latest

    return generate_latest(registry).decode()  # type: ignore[arg-type]


def test_kyodo_project_serves_its_own_metrics(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "KYODO_LEDGER_NAME")}
    port = free_port()
    process = subprocess.Popen(
        [KYODO, "project", "--metrics-port", str(port), "--metrics-host", "127.0.0.1"],
        env={**env, "KYODO_DATA_DIR": str(tmp_path)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    timeline = re.compile(r'kyodo_projection_lag_events\{read_model="timeline"\} ')
    try:
        text = scrape(f"http://127.0.0.1:{port}/metrics", process, timeline)
    finally:
        process.terminate()
        process.wait(timeout=20)

    assert "process_cpu_seconds_total" in text
    assert timeline.search(text)


def scrape(url: str, process: subprocess.Popen[bytes], showing: re.Pattern[str]) -> str:
    """The worker's exposition once it shows `showing` (its read models start first)."""
    deadline, text = time.monotonic() + 30, ""
    while time.monotonic() < deadline:
        assert process.poll() is None, "kyodo project stopped"
        with contextlib.suppress(httpx.HTTPError):
            text = httpx.get(url, timeout=2).text
        if showing.search(text):
            return text
        time.sleep(0.2)
    return text
