"""Subscriptions are woken by read-model advances, not by polling: in-process on both stores,
from another process (a `kyodo project` worker) through PostgreSQL LISTEN/NOTIFY, with a
slow safety poll when notifications are lost, and one LISTEN connection per process."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import anyio
import psycopg
import pytest
from starlette.testclient import TestClient

import api.graphql.subscriptions as subscriptions
from api.app import create_app
from api.auth import TokenIssuer
from api.container import Container
from persistence.settings import WORKER, Settings
from projections.engine.advances import Advances, advance_channel
from projections.engine.locks import AdvisoryLocks
from projections.wiring import build_store, conninfo
from tests.api.client import SECRET, GraphQLClient
from tests.api.scenario import CaseStory, day
from tests.conftest import POSTGRES_URL
from tests.projections.test_crash import environment

ROOT = Path(__file__).resolve().parents[2]
PROTOCOL = ["graphql-transport-ws"]
TIMELINE = """
subscription($caseId: ID!) {
  caseTimeline(caseId: $caseId) { ... on TimelineStep { version position } }
}
"""
WITHIN = 30.0
"""A bound on every wait, so that a missing item fails the test instead of hanging it."""

only_postgres = pytest.mark.parametrize("settings", ["postgres"], indirect=True)


def receive(ws: Any, seconds: float = WITHIN) -> dict[str, Any]:
    """The next message, or TimeoutError after `seconds` (TestClient's receive never times
    out)."""

    async def bounded() -> Any:
        with anyio.fail_after(seconds):
            return await ws._send_rx.receive()

    message = ws.portal.call(bounded)
    assert message["type"] == "websocket.send", message
    data: dict[str, Any] = json.loads(message["text"])
    return data


def open_connection(ws: Any, token: str) -> None:
    ws.send_json({"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}})
    assert receive(ws)["type"] == "connection_ack"


def subscribe(ws: Any, sub: str, case_id: str) -> None:
    payload = {"query": TIMELINE, "variables": {"caseId": case_id}}
    ws.send_json({"id": sub, "type": "subscribe", "payload": payload})


def next_version(ws: Any) -> tuple[str, int]:
    message = receive(ws)
    assert message["type"] == "next", message
    return message["id"], message["payload"]["data"]["caseTimeline"]["version"]


def eventually(check: Callable[[], bool], timeout: float = WITHIN) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def no_safety_poll(monkeypatch: pytest.MonkeyPatch) -> None:
    """A subscriber that gets an item within WITHIN was woken by a notification."""
    monkeypatch.setattr(subscriptions, "SAFETY_POLL_SECONDS", 600.0)


def test_an_advance_in_this_process_wakes_the_subscriber(
    api: GraphQLClient, no_safety_poll: None
) -> None:
    story = CaseStory(api)
    story.open()
    with api.http.websocket_connect("/graphql", subprotocols=PROTOCOL) as ws:
        open_connection(ws, api.token())
        subscribe(ws, "1", story.case_id)
        assert next_version(ws) == ("1", 1)
        story.step("AddNote", {"text": "電話で確認", "occurredOn": day(6)})
        assert next_version(ws) == ("1", 2)
        ws.send_json({"id": "1", "type": "complete"})


def test_the_safety_poll_delivers_when_notifications_are_lost(
    api: GraphQLClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(subscriptions, "SAFETY_POLL_SECONDS", 0.2)
    monkeypatch.setattr(Advances, "publish", lambda self, name, position: False)
    story = CaseStory(api)
    story.open()
    with api.http.websocket_connect("/graphql", subprotocols=PROTOCOL) as ws:
        open_connection(ws, api.token())
        subscribe(ws, "1", story.case_id)
        assert next_version(ws) == ("1", 1)
        story.step("AddNote", {"text": "通知なしでも届く", "occurredOn": day(6)})
        story.step("AddNote", {"text": "二つ目", "occurredOn": day(2)})
        assert [next_version(ws) for _ in range(2)] == [("1", 2), ("1", 3)]
        ws.send_json({"id": "1", "type": "complete"})


def test_steps_logged_while_subscribing_arrive_once_each(
    api: GraphQLClient, no_safety_poll: None
) -> None:
    story = CaseStory(api)
    story.open()
    with api.http.websocket_connect("/graphql", subprotocols=PROTOCOL) as ws:
        open_connection(ws, api.token())
        subscribe(ws, "1", story.case_id)  # its catch-up races the writes below
        for i, offset in enumerate((9, 1, 5)):
            story.step("AddNote", {"text": f"メモ{i}", "occurredOn": day(offset)})
        received = sorted(next_version(ws)[1] for _ in range(4))
        story.step("AddNote", {"text": "最後", "occurredOn": day(3)})
        last = next_version(ws)[1]  # not a repeat of an earlier one
        ws.send_json({"id": "1", "type": "complete"})
    assert received == [1, 2, 3, 4]
    assert last == 5


@pytest.fixture
def worker(settings: Settings) -> Iterator[subprocess.Popen[bytes]]:
    """`kyodo project` in a process of its own, the only worker: it holds every read model's
    lock."""
    process = subprocess.Popen(
        [sys.executable, "-c", "from api.cli import main; main()", "project"],
        cwd=ROOT,
        env=environment(settings),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    store = build_store(settings)
    try:
        for name in ("case_list", "timeline"):
            assert eventually(lambda name=name: store.active(name) is not None, 60.0)  # type: ignore[misc]
        yield process
    finally:
        store.close()
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)


@only_postgres
def test_a_worker_process_s_notification_reaches_the_subscriber(
    settings: Settings, worker: subprocess.Popen[bytes], no_safety_poll: None
) -> None:
    # The API runs no read model (as the compose file deploys it): the worker holds the
    # locks, and the subscriber hears of its advances from another process only.
    container = Container(replace(settings, projections=WORKER))
    tokens = TokenIssuer(SECRET)
    with TestClient(create_app(container, tokens)) as http:
        probe = AdvisoryLocks(conninfo(settings))
        try:
            assert not probe.try_acquire(f"{container.read_store.prefix}timeline")
        finally:
            probe.release_all()
        api = GraphQLClient(http, tokens)
        story = CaseStory(api)
        story.open()
        with http.websocket_connect("/graphql", subprotocols=PROTOCOL) as ws:
            open_connection(ws, api.token())
            subscribe(ws, "1", story.case_id)
            assert next_version(ws) == ("1", 1)
            story.step("AddNote", {"text": "別プロセスが投影", "occurredOn": day(6)})
            assert next_version(ws) == ("1", 2)
            ws.send_json({"id": "1", "type": "complete"})
    assert worker.poll() is None


def listening_connections(channel: str) -> int:
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND query LIKE %s",
            (f'%LISTEN "{channel}"%',),
        ).fetchone()
    assert row is not None
    return int(row[0])


@only_postgres
def test_many_subscribers_share_one_listen_connection(
    api: GraphQLClient, container: Container, no_safety_poll: None
) -> None:
    story = CaseStory(api)
    story.open()
    advances = container.projections.advances
    before = advances.listeners
    subs = [str(i) for i in range(20)]
    with api.http.websocket_connect("/graphql", subprotocols=PROTOCOL) as ws:
        open_connection(ws, api.token())
        for sub in subs:
            subscribe(ws, sub, story.case_id)
        assert sorted(next_version(ws) for _ in subs) == sorted((s, 1) for s in subs)
        assert advances.listeners == before + len(subs)
        assert listening_connections(advance_channel(container.read_store.prefix)) == 1
        story.step("AddNote", {"text": "全員に届く", "occurredOn": day(6)})
        assert sorted(next_version(ws) for _ in subs) == sorted((s, 2) for s in subs)
        for sub in subs:
            ws.send_json({"id": sub, "type": "complete"})
        assert eventually(lambda: advances.listeners == before)
