"""Fixtures for the API tests: the app over each store (SQLite, PostgreSQL), with its
lifespan running, and a client holding one token per role."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from api.app import create_app
from api.auth import TokenIssuer
from api.container import Container
from persistence.settings import Settings
from tests.api.client import SECRET, GraphQLClient


@pytest.fixture
def container(settings: Settings) -> Iterator[Container]:
    """Closed after the test, whether or not an app's lifespan closed it first."""
    built = Container(settings)
    yield built
    built.close()


@pytest.fixture
def tokens() -> TokenIssuer:
    return TokenIssuer(SECRET)


@pytest.fixture
def http(container: Container, tokens: TokenIssuer) -> Iterator[TestClient]:
    with TestClient(create_app(container, tokens)) as client:
        yield client


@pytest.fixture
def api(http: TestClient, tokens: TokenIssuer) -> GraphQLClient:
    return GraphQLClient(http, tokens)
