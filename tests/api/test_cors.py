"""CORS: browsers of the configured origins may call; none by default."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from api.app import cors_origins, create_app
from api.auth import TokenIssuer
from api.container import Container
from persistence.settings import Settings
from tests.api.client import SECRET

ALLOWED = "https://kyodo.example.jp"


def preflight(http: TestClient, origin: str) -> dict[str, str]:
    response = http.options(
        "/graphql",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )
    return dict(response.headers)


@pytest.fixture
def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("KYODO_CORS_ORIGINS", f"{ALLOWED}, https://other.example.jp/")
    app = create_app(Container(Settings(data_dir=tmp_path)), TokenIssuer(SECRET))
    with TestClient(app) as http:
        yield http


def test_a_configured_origin_passes_the_preflight(served: TestClient) -> None:
    headers = preflight(served, ALLOWED)
    assert headers["access-control-allow-origin"] == ALLOWED
    assert "authorization" in headers["access-control-allow-headers"].lower()


def test_another_origin_is_refused(served: TestClient) -> None:
    assert "access-control-allow-origin" not in preflight(served, "https://evil.example")


def test_no_origin_is_allowed_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KYODO_CORS_ORIGINS", raising=False)
    app = create_app(Container(Settings(data_dir=tmp_path)), TokenIssuer(SECRET))
    with TestClient(app) as http:
        assert "access-control-allow-origin" not in preflight(http, ALLOWED)


def test_a_wildcard_is_never_taken() -> None:
    assert cors_origins({"KYODO_CORS_ORIGINS": "*, https://a.example/"}) == ["https://a.example"]
