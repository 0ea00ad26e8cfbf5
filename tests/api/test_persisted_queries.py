"""Apollo's persisted-query link: a request with only a hash is answered the Apollo way
(200, PERSISTED_QUERY_NOT_SUPPORTED), so that the link sends the whole query next."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from api.app import create_app
from api.auth import TokenIssuer
from api.container import Container
from persistence.settings import Settings
from tests.api.client import SECRET, GraphQLClient

HASHED = {"persistedQuery": {"version": 1, "sha256Hash": "ecf4edb46db40b5132295c0291d62fb6"}}


@pytest.fixture
def api(tmp_path: Path) -> Iterator[GraphQLClient]:
    tokens = TokenIssuer(SECRET)
    with TestClient(create_app(Container(Settings(data_dir=tmp_path)), tokens)) as http:
        yield GraphQLClient(http, tokens)


@pytest.mark.parametrize(
    "accept", ["application/json", "application/graphql-response+json, application/json;q=0.9"]
)
def test_a_hash_without_a_query_is_not_supported(api: GraphQLClient, accept: str) -> None:
    response = api.http.post(
        "/graphql",
        json={"operationName": "Ping", "variables": {}, "extensions": HASHED},
        headers={**api.headers(), "Accept": accept},
    )

    assert response.status_code == 200
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "PERSISTED_QUERY_NOT_SUPPORTED"
    assert error["message"] == "PersistedQueryNotSupported"


def test_over_get_too(api: GraphQLClient) -> None:
    response = api.http.get(
        "/graphql",
        params={"operationName": "Ping", "extensions": json.dumps(HASHED)},
        headers=api.headers(),
    )

    assert response.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_SUPPORTED"


def test_the_query_sent_next_with_its_hash_runs(api: GraphQLClient) -> None:
    response = api.http.post(
        "/graphql",
        json={"query": "query Ping { __typename }", "extensions": HASHED},
        headers={**api.headers(), "Accept": "application/json"},
    )

    assert response.json() == {"data": {"__typename": "Query"}}
