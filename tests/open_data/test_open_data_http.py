"""`/open-data/library.csv|json`: for whoever may read the library; for anyone without a
token only when the public feed is on, and then nothing else opens to them."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from api.app import create_app
from api.auth import TokenIssuer
from api.container import Container
from tests.api.client import GraphQLClient
from tests.api.scenario import CaseStory

CSV, JSON = "/open-data/library.csv", "/open-data/library.json"


@pytest.fixture
def public_api(
    container: Container, tokens: TokenIssuer, monkeypatch: pytest.MonkeyPatch
) -> Iterator[GraphQLClient]:
    monkeypatch.setenv("KYODO_PUBLIC_LIBRARY", "1")
    monkeypatch.setenv("KYODO_OPEN_DATA_LICENCE", "CC BY 4.0 国際")
    with TestClient(create_app(container, tokens)) as client:
        yield GraphQLClient(client, tokens)


def _published(api: GraphQLClient, container: Container) -> CaseStory:
    story = CaseStory(api)
    story.publish()  # waits for the read models, up to the API's 5 s
    # On a machine loaded by the rest of the suite the library can take longer (the download
    # once found no case): wait until every read model has the publication.
    assert container.projections.wait_for(container.ledger.recorder.max_notification_id(), 60)
    return story


def test_a_meeting_downloads_the_csv(api: GraphQLClient, container: Container) -> None:
    story = _published(api, container)

    response = api.http.get(CSV, headers=api.headers("meeting"))

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert "kyodo-library.csv" in response.headers["content-disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert story.number in response.content.decode("utf-8-sig")


def test_an_auditor_downloads_the_json(api: GraphQLClient, container: Container) -> None:
    _published(api, container)

    response = api.http.get(JSON, headers=api.headers("auditor"))

    assert response.status_code == 200
    document = response.json()
    assert document["count"] == 1
    assert document["cases"][0]["licence"] == "CC BY 4.0"


def test_an_admin_who_may_not_read_the_library_is_refused(api: GraphQLClient) -> None:
    response = api.http.get(CSV, headers=api.headers("admin"))

    assert response.status_code == 403
    assert response.json()["code"] == "FORBIDDEN"


def test_without_a_token_the_download_is_refused_by_default(api: GraphQLClient) -> None:
    for path in (CSV, JSON):
        response = api.http.get(path)

        assert response.status_code == 401
        assert response.json() == {"code": "UNAUTHENTICATED", "message": "認証が必要です"}
        assert response.headers["www-authenticate"] == "Bearer"


def test_with_the_public_feed_anyone_downloads_with_the_configured_licence(
    public_api: GraphQLClient, container: Container
) -> None:
    _published(public_api, container)

    response = public_api.http.get(JSON)

    assert response.status_code == 200
    assert json.loads(response.content)["cases"][0]["licence"] == "CC BY 4.0 国際"


def test_the_public_feed_opens_nothing_else(public_api: GraphQLClient) -> None:
    response = public_api.http.post("/graphql", json={"query": "{ successCases { totalCount } }"})

    assert response.status_code == 401


def test_a_bad_token_is_refused_even_with_the_public_feed(public_api: GraphQLClient) -> None:
    response = public_api.http.get(CSV, headers={"Authorization": "Bearer not-a-token"})

    assert response.status_code == 401
