"""A per-token rate limit: 429 with Retry-After and a JSON error beyond the bucket, per token,
refilled with time, the memory bounded however many tokens come."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.auth import TokenIssuer
from api.container import Container
from api.rate_limit import MAX_CALLERS, Buckets, RateLimitSettings
from persistence.settings import Settings, SettingsError
from tests.api.client import ACTORS, SECRET

QUERY = {"query": "{ viewer { role } }"}


@pytest.fixture
def http(tmp_path: Path) -> Iterator[tuple[TestClient, TokenIssuer]]:
    tokens = TokenIssuer(SECRET)
    app = create_app(
        Container(Settings(data_dir=tmp_path)),
        tokens,
        # a token a 10 s: a machine that stalls between the burst's requests (one took 2.3 s
        # on a loaded CI machine) does not refill the bucket before the fourth
        rate_limit=RateLimitSettings(per_minute=6, burst=3),
    )
    with TestClient(app) as client:
        yield client, tokens


def _post(client: TestClient, token: str) -> int:
    headers = {"Authorization": f"Bearer {token}"}
    return client.post("/graphql", json=QUERY, headers=headers).status_code


def test_a_token_beyond_its_burst_is_answered_429_with_retry_after(
    http: tuple[TestClient, TokenIssuer],
) -> None:
    client, tokens = http
    token = tokens.issue(ACTORS["facilitator"])
    assert [_post(client, token) for _ in range(3)] == [200, 200, 200]
    refused = client.post("/graphql", json=QUERY, headers={"Authorization": f"Bearer {token}"})
    assert refused.status_code == 429
    # the next token's wait, whole seconds rounded up: 10 less the seconds the burst took
    assert 6 <= int(refused.headers["retry-after"]) <= 10
    error = refused.json()["errors"][0]
    assert error["extensions"]["code"] == "RATE_LIMITED"
    assert "リクエストが多すぎます" in error["message"]
    other = tokens.issue(ACTORS["meeting"])
    assert _post(client, other) == 200  # another token has a bucket of its own
    assert client.get("/healthz").status_code == 200  # health is never limited


def test_a_bucket_refills_with_time_and_the_callers_kept_are_bounded() -> None:
    now = [0.0]
    buckets = Buckets(RateLimitSettings(per_minute=60, burst=2), lambda: now[0])
    assert [buckets.wait("a"), buckets.wait("a")] == [0.0, 0.0]
    assert buckets.wait("a") == pytest.approx(1.0)
    now[0] += 1.0
    assert buckets.wait("a") == 0.0
    for n in range(MAX_CALLERS + 50):
        buckets.wait(f"caller-{n}")
    assert len(buckets.buckets) == MAX_CALLERS


def test_the_limit_is_read_from_the_environment() -> None:
    assert RateLimitSettings.from_env({}) == RateLimitSettings()
    assert RateLimitSettings.from_env({"KYODO_RATE_LIMIT": "0"}).per_minute == 0
    with pytest.raises(SettingsError):
        RateLimitSettings.from_env({"KYODO_RATE_LIMIT": "速く"})
