"""`/auth/config`: what the page learns of the OpenID Connect sign-in (configured, not
configured, the provider away or unusable), read from the fake provider's discovery document."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from api import sign_in
from api.app import create_app
from api.auth import TokenIssuer
from api.container import Container
from api.sign_in import PageSignIn, ProviderEndpoints, page_sign_in_from_env
from persistence.settings import Settings, SettingsError
from tests.oidc.provider import AUDIENCE, CLIENT_ID, Provider, running, stopped

SECRET = "unused-local-secret-unused-local-secret"


@pytest.fixture
def provider() -> Iterator[Provider]:
    with running() as given:
        yield given


def client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **environ: str) -> TestClient:
    for name in ("KYODO_OIDC_ISSUER", "KYODO_OIDC_CLIENT_ID", "KYODO_OIDC_SCOPES"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    return TestClient(create_app(Container(Settings(data_dir=tmp_path)), TokenIssuer(SECRET)))


@pytest.fixture
def configured(
    provider: Provider, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[TestClient]:
    environ = {
        "KYODO_OIDC_ISSUER": provider.issuer,
        "KYODO_OIDC_CLIENT_ID": CLIENT_ID,
        "KYODO_OIDC_AUDIENCE": AUDIENCE,
    }
    with client(tmp_path, monkeypatch, **environ) as http:
        yield http


def config(http: TestClient) -> Any:
    response = http.get("/auth/config")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    return response.json()


def test_without_a_client_id_the_page_offers_the_token_paste_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with client(tmp_path, monkeypatch) as http:
        assert config(http) == {"tokenPaste": True, "oidc": {"enabled": False}}


def test_configured_the_page_learns_the_client_and_the_provider_s_endpoints(
    provider: Provider, configured: TestClient
) -> None:
    assert config(configured) == {
        "tokenPaste": True,
        "oidc": {
            "enabled": True,
            "available": True,
            "issuer": provider.issuer,
            "clientId": CLIENT_ID,
            "scopes": "openid profile",
            "audience": AUDIENCE,
            "authorizationEndpoint": provider.issuer + "/authorize",
            "tokenEndpoint": provider.issuer + "/token",
            "endSessionEndpoint": provider.issuer + "/logout",
        },
    }


def test_the_discovery_document_is_read_once_and_cached(
    provider: Provider, configured: TestClient
) -> None:
    config(configured)
    config(configured)
    assert provider.discoveries == 1


def test_with_the_provider_away_the_page_still_loads_and_says_why(
    provider: Provider, configured: TestClient
) -> None:
    stopped(provider)
    oidc = config(configured)["oidc"]
    assert oidc == {
        "enabled": True,
        "available": False,
        "code": "OIDC_PROVIDER_UNAVAILABLE",
        "message": sign_in.MESSAGES["OIDC_PROVIDER_UNAVAILABLE"],
    }
    assert "トークンを貼り付けて" in oidc["message"]
    assert configured.get("/").status_code == 200


def test_a_provider_back_is_asked_again_after_a_while(
    provider: Provider, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sign_in, "RETRY_SECONDS", 0.0)
    answers = [OSError("away"), provider.discovery()]

    def fetch(_: str) -> dict[str, Any]:
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise sign_in.OidcError(str(answer))
        return answer

    endpoints = ProviderEndpoints(PageSignIn(provider.issuer, CLIENT_ID), fetch=fetch)
    with pytest.raises(sign_in.DiscoveryError):
        endpoints.endpoints()
    assert endpoints.endpoints()["tokenEndpoint"] == provider.issuer + "/token"


@pytest.mark.parametrize(
    "change",
    [
        {"issuer": "https://elsewhere.example"},
        {"token_endpoint": None},
        {"authorization_endpoint": "javascript:alert(1)"},
        {"code_challenge_methods_supported": ["plain"]},
    ],
    ids=["another-issuer", "no-token-endpoint", "not-http", "no-s256"],
)
def test_an_unusable_discovery_document_is_refused_with_its_own_code(
    provider: Provider, change: dict[str, Any]
) -> None:
    document = {**provider.discovery(), **change}
    endpoints = ProviderEndpoints(PageSignIn(provider.issuer, CLIENT_ID), fetch=lambda _: document)
    body = sign_in.describe(endpoints.settings, endpoints)
    assert body["oidc"]["available"] is False
    assert body["oidc"]["code"] == "OIDC_PROVIDER_MISCONFIGURED"


def test_a_provider_without_end_session_signs_out_of_the_page_only(provider: Provider) -> None:
    document = {**provider.discovery(), "end_session_endpoint": None}
    endpoints = ProviderEndpoints(PageSignIn(provider.issuer, CLIENT_ID), fetch=lambda _: document)
    assert endpoints.endpoints()["endSessionEndpoint"] is None


def test_scopes_always_ask_for_the_id_token() -> None:
    settings = page_sign_in_from_env(
        {
            "KYODO_OIDC_ISSUER": "https://id.example.jp",
            "KYODO_OIDC_CLIENT_ID": "kyodo",
            "KYODO_OIDC_SCOPES": "profile kyodo-api",
        }
    )
    assert settings is not None
    assert settings.scopes == "openid profile kyodo-api"


def test_a_client_id_without_an_issuer_is_a_settings_error() -> None:
    with pytest.raises(SettingsError, match="KYODO_OIDC_ISSUER"):
        page_sign_in_from_env({"KYODO_OIDC_CLIENT_ID": "kyodo"})
