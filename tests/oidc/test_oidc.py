"""Production sign-in: a provider's tokens verified against its JWKS, served here by a tiny
HTTP server thread (tests/oidc/provider.py), signed with the test's own RSA keys."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from api import oidc
from api.app import create_app
from api.auth import TokenIssuer
from api.container import Container
from api.oidc import oidc_from_env
from persistence.settings import Settings
from tests.oidc.provider import AUDIENCE, Provider, running, stopped

VIEWER = "{ viewer { userId role centre } }"


@pytest.fixture
def provider() -> Iterator[Provider]:
    with running() as given:
        yield given


def env(provider: Provider, **more: str) -> dict[str, str]:
    return {
        "KYODO_OIDC_ISSUER": provider.issuer,
        "KYODO_OIDC_AUDIENCE": AUDIENCE,
        "KYODO_OIDC_ROLE_CLAIM": "kyodo.role",
        "KYODO_OIDC_CENTRE_CLAIM": "kyodo.centre",
        **more,
    }


@pytest.fixture
def http(provider: Provider, tmp_path: Path) -> Iterator[TestClient]:
    verifier = oidc_from_env(env(provider))
    tokens = TokenIssuer("unused-local-secret-unused-local-secret", provider=verifier)
    with TestClient(create_app(Container(Settings(data_dir=tmp_path)), tokens)) as client:
        yield client


def ask(http: TestClient, token: str) -> Any:
    return http.post(
        "/graphql", json={"query": VIEWER}, headers={"Authorization": f"Bearer {token}"}
    )


def test_a_provider_token_signs_in_with_role_and_centre_from_its_claims(
    provider: Provider, http: TestClient
) -> None:
    response = ask(http, provider.token())
    assert response.status_code == 200, response.text
    assert response.json()["data"]["viewer"] == {
        "userId": "fac-hagi-01",
        "role": "FACILITATOR",
        "centre": "hagi",
    }


@pytest.mark.parametrize(
    "claims",
    [
        {"iss": "https://elsewhere.example"},
        {"aud": "another-api"},
        {"exp": int(time.time()) - 3600},
        {"nbf": int(time.time()) + 3600},
        {"kyodo": {"role": "facilitator", "centre": "atlantis"}},
        {"kyodo": {"role": "root"}},
    ],
    ids=["issuer", "audience", "expired", "not-yet-valid", "unknown-centre", "unknown-role"],
)
def test_a_token_failing_a_check_is_401(
    provider: Provider, http: TestClient, claims: dict[str, Any]
) -> None:
    assert ask(http, provider.token(**claims)).status_code == 401


def test_a_token_of_another_key_is_401(provider: Provider, http: TestClient) -> None:
    forged = Provider()  # same claims, a key the provider never published
    forged.server.server_close()
    forged.issuer = provider.issuer
    assert ask(http, forged.token()).status_code == 401


def test_the_server_s_own_tokens_are_refused_once_a_provider_signs_in(
    provider: Provider, http: TestClient
) -> None:
    from tests.api.client import ACTORS

    local = TokenIssuer("unused-local-secret-unused-local-secret").issue(ACTORS["auditor"])
    assert ask(http, local).status_code == 401


def test_rotated_keys_are_taken_without_a_restart(
    provider: Provider, http: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(oidc, "REFETCH_SECONDS", 0.0)  # else one fetch per 10 s at most
    assert ask(http, provider.token()).status_code == 200
    fetched = provider.fetches
    assert ask(http, provider.token()).status_code == 200
    assert provider.fetches == fetched  # cached
    provider.rotate("k2")
    assert ask(http, provider.token()).status_code == 200
    assert provider.fetches == fetched + 1


def test_an_offline_site_reads_the_key_set_from_a_file(provider: Provider, tmp_path: Path) -> None:
    keys = tmp_path / "jwks.json"
    keys.write_text(json.dumps(provider.jwks()), encoding="utf-8")
    verifier = oidc_from_env(env(provider, KYODO_OIDC_JWKS_FILE=str(keys)))
    assert verifier is not None
    assert verifier.claims(provider.token())["sub"] == "fac-hagi-01"
    assert provider.fetches == 0


def test_without_an_issuer_the_server_signs_its_own_tokens() -> None:
    assert oidc_from_env({}) is None


def test_with_the_provider_away_the_keys_in_hand_serve_on(
    provider: Provider, http: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert ask(http, provider.token()).status_code == 200
    stopped(provider)
    monkeypatch.setattr(oidc, "CACHE_SECONDS", 0.0)  # the cache expired: read again, fails
    assert ask(http, provider.token()).status_code == 200
