"""GraphQL over HTTP: media types and status codes, GET for queries only, health,
readiness and metrics."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import replace

import pytest
from starlette.testclient import TestClient

from api.app import create_app
from api.auth import TokenIssuer
from api.container import Container
from persistence.settings import Settings
from projections.engine.service import ProjectionService
from tests.api.client import GraphQLClient, readyz
from tests.api.scenario import CaseStory

GQL = "application/graphql-response+json"


def test_the_response_media_type_follows_accept(api: GraphQLClient) -> None:
    for accept, expected in ((GQL, GQL), ("application/json", "application/json")):
        response = api.post("{ __typename }", accept=accept)
        assert response.headers["content-type"] == f"{expected}; charset=utf-8"
    assert api.post("{ __typename }", accept="text/csv").status_code == 406


def test_a_validation_failure_is_400_without_data_for_graphql_response_json(
    api: GraphQLClient,
) -> None:
    response = api.post("{ noSuchField }")
    assert response.status_code == 400
    assert "data" not in response.json()


def test_a_validation_failure_is_200_for_legacy_json_clients(api: GraphQLClient) -> None:
    response = api.post("{ noSuchField }", accept="application/json")
    assert response.status_code == 200
    assert response.json()["errors"]


def test_an_unparsable_body_is_400(api: GraphQLClient) -> None:
    response = api.http.post(
        "/graphql",
        content=b'{ "not json',
        headers={**api.headers(), "Content-Type": "application/json"},
    )
    assert response.status_code == 400


def test_a_body_that_is_not_json_is_415(api: GraphQLClient) -> None:
    response = api.http.post(
        "/graphql", content=b"query", headers={**api.headers(), "Content-Type": "text/plain"}
    )
    assert response.status_code == 415


def test_get_runs_queries(api: GraphQLClient) -> None:
    response = api.http.get(
        "/graphql", params={"query": "{ viewer { userId } }"}, headers=api.headers()
    )
    assert response.json() == {"data": {"viewer": {"userId": "fac-yamaguchi-01"}}}


def test_get_refuses_mutations(api: GraphQLClient) -> None:
    query = 'mutation { addNote(input: {caseId: "x", text: "t"}) { __typename } }'
    response = api.http.get("/graphql", params={"query": query}, headers=api.headers())
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"


def test_graphiql_is_served_to_browsers(api: GraphQLClient) -> None:
    response = api.http.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


def test_every_response_carries_a_request_id(api: GraphQLClient) -> None:
    response = api.http.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert response.headers["x-request-id"] == "abc-123"


def test_readyz_reports_the_database_and_the_read_models(api: GraphQLClient) -> None:
    CaseStory(api).open()
    body = readyz(api.http).json()
    assert body["ready"] is True
    assert body["database"]["reachable"] is True
    assert {m["name"] for m in body["readModels"]} >= {"case_list", "timeline"}


def test_metrics_count_requests_and_show_projection_lag(api: GraphQLClient) -> None:
    api.post("{ __typename }")
    CaseStory(api).open()
    text = api.http.get("/metrics").text
    counted = re.search(
        r'kyodo_http_requests_total\{method="POST",path="/graphql",status="200"\} (\d+)', text
    )
    assert counted is not None
    assert int(counted.group(1)) >= 2
    assert "kyodo_http_request_duration_seconds_bucket" in text
    assert 'kyodo_projection_lag_events{read_model="case_list"}' in text


@pytest.fixture
def production(settings: Settings, tokens: TokenIssuer) -> Iterator[GraphQLClient]:
    container = Container(replace(settings, environment="production"))
    with TestClient(create_app(container, tokens)) as client:
        yield GraphQLClient(client, tokens)


def test_production_turns_introspection_and_graphiql_off(production: GraphQLClient) -> None:
    response = production.post("{ __schema { queryType { name } } }")
    assert response.status_code == 400
    assert "introspection" in response.json()["errors"][0]["message"].lower()
    page = production.http.get("/graphql", headers={"Accept": "text/html"})
    assert "graphiql" not in page.text.lower()
    assert production.run("{ viewer { userId } }")["viewer"]["userId"] == "fac-yamaguchi-01"


def test_readyz_is_not_ready_until_the_read_models_took_in_what_was_stored_before_the_start(
    settings: Settings, tokens: TokenIssuer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No read model runs unless the test says so: here it steps them by hand.
    monkeypatch.setattr(ProjectionService, "start", lambda self: None)
    with TestClient(create_app(Container(settings), tokens)) as http:
        assert readyz(http).json()["ready"] is True  # nothing stored: ready at once
        _register(GraphQLClient(http, tokens), "こどもの未来")  # no read model takes it in
    started = Container(settings)
    with TestClient(create_app(started, tokens)) as http:
        before = http.get("/readyz").json()  # the read models not yet started, or started
        assert before["ready"] is False
        deadline = time.monotonic() + 10
        while started.warming_up_to is None and time.monotonic() < deadline:
            time.sleep(0.01)  # the server starts its read models just after it starts
        assert started.warming_up_to is not None
        waiting = http.get("/readyz")
        assert waiting.status_code == 503
        body = waiting.json()
        assert body["ready"] is False
        assert body["database"]["reachable"] is True
        assert {"party_directory", "suggestions"} <= set(body["catchingUp"])
        assert "meetings" not in body["catchingUp"]  # it follows no party's step
        started.projections.run_until_caught_up(["party_directory"])
        body = http.get("/readyz").json()
        assert "party_directory" not in body["catchingUp"]
        assert "suggestions" in body["catchingUp"]
        started.projections.run_until_caught_up()
        ready = http.get("/readyz")
        assert ready.status_code == 200
        assert ready.json()["catchingUp"] == []
        # Once caught up, writes the read models have yet to take in leave it ready.
        _register(GraphQLClient(http, tokens), "みどりの会")
        body = http.get("/readyz").json()
        assert body["ready"] is True
        lag = {m["name"]: m["lagEvents"] for m in body["readModels"]}
        assert lag["party_directory"] > 0


def _register(api: GraphQLClient, name: str) -> None:
    party = {
        "kind": "NPO_CORPORATION",
        "name": name,
        "municipality": "山口市",
        "fields": ["まちづくり"],
        "publicationConsent": True,
        "occurredOn": "2024-04-01",
    }
    result = api.operation("facilitator", "RegisterParty", {"input": party, "wait": False})
    assert result["registerParty"]["__typename"] == "PartyPayload", result


def test_readyz_is_503_when_the_database_does_not_answer(
    api: GraphQLClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorder = api.http.app.state.container.ledger.recorder  # type: ignore[attr-defined]

    def unreachable() -> int:
        raise OSError("connection refused")

    monkeypatch.setattr(recorder, "max_notification_id", unreachable)
    response = api.http.get("/readyz")
    assert response.status_code == 503
    assert response.json()["database"] == {"reachable": False}


def test_a_subscription_over_plain_http_is_a_request_error(api: GraphQLClient) -> None:
    response = api.post("subscription { libraryUpdated { position } }")
    assert response.status_code == 400
    assert "WebSocket" in response.json()["errors"][0]["message"]
