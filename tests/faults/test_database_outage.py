"""The database goes away (a throwaway cluster of the tests' own is stopped, or cut through a
proxy): kyodo answers 503 with `Retry-After` and the error UNAVAILABLE within 2 s, `/readyz`
503 in JSON within 1 s; it starts without the database and serves once it is back; under a
write load through an outage, every write a client had accepted is recorded exactly once.

The app runs under uvicorn in a thread, as `kyodo serve` runs it; clients speak HTTP."""

from __future__ import annotations

import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from api.app import create_app
from api.auth import TokenIssuer
from api.container import Container
from api.graphql.ids import global_id
from persistence.settings import Settings
from tests.api.client import ACTORS, SECRET
from tests.faults.pgcluster import Cluster, own_postgres
from tests.faults.pgproxy import PgProxy
from tests.support import CaseFixture

__all__ = ["own_postgres"]

ADD_NOTE = """mutation ($caseId: ID!, $text: String!, $key: String) {
  addNote(input: {caseId: $caseId, text: $text}, clientMutationId: $key) {
    __typename ... on CasePayload { version } ... on CommandError { code message }
  }
}"""
CASES = "{ cases(first: 1) { totalCount } }"
TOKEN = TokenIssuer(SECRET).issue(ACTORS["facilitator"])
HEADERS = {"Authorization": f"Bearer {TOKEN}", "Accept": "application/json"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(container: Container) -> Iterator[str]:
    app = create_app(container, TokenIssuer(SECRET))
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive(), "the server stopped while starting"
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(15)


@pytest.fixture
def proxy(own_postgres: Cluster) -> Iterator[PgProxy]:
    proxied = PgProxy(own_postgres.url)
    yield proxied
    proxied.close()


def _settings(url: str, tmp_path: Path, name: str) -> Settings:
    return Settings(database_url=url, data_dir=tmp_path, ledger_name=name)


def _open_case(container: Container) -> str:
    given = CaseFixture(container.ledger)
    given.open()
    return global_id("Case", given.id)


def _post(client: httpx.Client, query: str, variables: dict[str, Any] | None = None) -> Any:
    started = time.monotonic()
    response = client.post("/graphql", json={"query": query, "variables": variables or {}})
    return response, time.monotonic() - started


@pytest.mark.parametrize("mode", ["refuse", "blackhole"])
def test_with_the_database_away_requests_fail_fast_and_writes_resume(
    proxy: PgProxy, tmp_path: Path, mode: str
) -> None:
    container = Container(_settings(proxy.url, tmp_path, f"outage_{mode}"))
    case_id = _open_case(container)
    with serving(container) as base, httpx.Client(base_url=base, headers=HEADERS) as client:
        proxy.cut(mode)
        time.sleep(1.1)  # the last probe's answer (remembered 1 s) is forgotten

        for query, variables in [(CASES, None), (ADD_NOTE, {"caseId": case_id, "text": "x"})]:
            response, took = _post(client, query, variables)
            print(f"{mode}: {query[:8]!r} {response.status_code} in {took:.2f} s")
            assert response.status_code == 503, response.text
            assert int(response.headers["retry-after"]) > 0
            assert response.json()["errors"][0]["extensions"]["code"] == "UNAVAILABLE"
            assert took < 2.0, took
        started = time.monotonic()
        ready = client.get("/readyz")
        print(f"{mode}: /readyz 503 in {time.monotonic() - started:.2f} s")
        assert time.monotonic() - started < 1.0
        assert ready.status_code == 503
        assert ready.json()["ready"] is False

        proxy.restore()
        started = time.monotonic()
        written = _until_written(client, case_id, "戻った", "after-outage", seconds=15)
        print(f"{mode}: written again {time.monotonic() - started:.1f} s after the return")
        assert written["__typename"] == "CasePayload"


def test_the_server_starts_without_the_database_and_serves_once_it_is_back(
    proxy: PgProxy, tmp_path: Path
) -> None:
    settings = _settings(proxy.url, tmp_path, "late_database")
    case_id = _open_case(Container(settings))
    proxy.cut("refuse")
    with (
        serving(Container(settings)) as base,
        httpx.Client(base_url=base, headers=HEADERS) as client,
    ):
        assert client.get("/healthz").status_code == 200
        not_ready = client.get("/readyz")
        assert not_ready.status_code == 503
        assert not_ready.json()["ready"] is False

        proxy.restore()
        deadline = time.monotonic() + 20
        while client.get("/readyz").status_code != 200:
            assert time.monotonic() < deadline, "never ready"
            time.sleep(0.2)
        written = _until_written(client, case_id, "起動後に", "late-1", seconds=5)
        assert written["__typename"] == "CasePayload"


def _until_written(
    client: httpx.Client, case_id: str, text: str, key: str, seconds: float
) -> dict[str, Any]:
    """A client's retry loop: the same note under the same key until it is answered."""
    deadline = time.monotonic() + seconds
    variables = {"caseId": case_id, "text": text, "key": key}
    while True:
        try:
            response, _ = _post(client, ADD_NOTE, variables)
            if response.status_code == 200:
                result: dict[str, Any] = response.json()["data"]["addNote"]
                return result
            assert response.status_code == 503, response.text
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, f"not written in {seconds} s"
        time.sleep(0.2)


def test_a_write_load_through_an_outage_loses_nothing_and_doubles_nothing(
    own_postgres: Cluster, tmp_path: Path
) -> None:
    """Four writers add notes, each retried under its key until answered; the database
    is stopped (immediately: connections die mid-transaction) and started again."""
    container = Container(_settings(own_postgres.url, tmp_path, "load"))
    cases = [_open_case(container), _open_case(container)]
    accepted: list[str] = []
    unavailable: list[float] = []
    stop = threading.Event()

    def writer(n: int, client: httpx.Client) -> None:
        i = 0
        while not stop.is_set():
            key = f"w{n}-{i}"
            started = time.monotonic()
            result = _until_written(client, cases[n % 2], key, key, seconds=60)
            if time.monotonic() - started > 0.5:
                unavailable.append(time.monotonic() - started)
            assert result["__typename"] == "CasePayload", result
            accepted.append(key)
            i += 1

    with serving(container) as base:
        clients = [httpx.Client(base_url=base, headers=HEADERS, timeout=10) for _ in range(4)]
        threads = [threading.Thread(target=writer, args=(n, c)) for n, c in enumerate(clients)]
        for t in threads:
            t.start()
        # Writing before the outage and again after it: counted, not timed (a loaded machine
        # writes slower, and a fixed second and a half then held too few notes).
        _until_grown(accepted, 12)
        own_postgres.stop("immediate")
        time.sleep(2.5)
        own_postgres.start()
        _until_grown(accepted, 12)
        stop.set()
        for t in threads:
            t.join(90)
        for c in clients:
            c.close()
        written = Counter(_notes(container, cases))

    print(
        f"load: {len(accepted)} notes accepted, {len(unavailable)} waited through the outage "
        f"(longest {max(unavailable, default=0):.1f} s)"
    )
    assert len(accepted) > 20
    assert unavailable, "the outage was not felt"
    assert set(written) == set(accepted)  # none lost
    assert max(written.values()) == 1  # none twice


def _until_grown(accepted: list[str], more: int, seconds: float = 60) -> None:
    """Wait until the writers have had `more` notes accepted since now."""
    target, deadline = len(accepted) + more, time.monotonic() + seconds
    while len(accepted) < target:
        assert time.monotonic() < deadline, f"{more} notes not accepted in {seconds} s"
        time.sleep(0.05)


def _notes(container: Container, cases: list[str]) -> list[str]:
    from api.graphql.ids import decode_id

    notes: list[str] = []
    for case in cases:
        events = container.ledger.repository.event_store.get(decode_id(case, "Case", "case"))
        notes += [e.text for e in events if type(e).__name__ == "NoteAdded"]
    return notes
