"""Steps for features/facilitator/busy_or_away.feature: 429 with the seconds to wait, per
person; 503 with the advice to send again under the same key (a database that really does
not answer: nothing listens on its port)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd import given, parsers, scenarios, then, when
from starlette.testclient import TestClient

from api.app import create_app
from api.auth import TokenIssuer
from api.container import Container
from api.rate_limit import RateLimit, RateLimitSettings
from persistence.settings import Settings
from tests.api.client import SECRET, GraphQLClient

scenarios("facilitator/busy_or_away.feature")

WHO = {"山口": "facilitator", "下関": "other_facilitator"}
QUERY = "{ vocabulary { municipalities { code } } }"
NOTE = (
    "mutation($input: AddNoteInput!, $key: String) {"
    " addNote(input: $input, clientMutationId: $key) { __typename } }",
    {
        "input": {
            "caseId": "Q2FzZTowMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDE",
            "text": "電話で近況を確認",
        }
    },
)


@pytest.fixture
def setup(tmp_path: Path) -> dict[str, Any]:
    return {"settings": Settings(data_dir=tmp_path), "limit": RateLimitSettings()}


@pytest.fixture
def api(setup: dict[str, Any]) -> Iterator[GraphQLClient]:
    tokens = TokenIssuer(SECRET)
    app = create_app(Container(setup["settings"]), tokens, rate_limit=setup["limit"])
    with TestClient(app) as client:
        _stop_the_clock(app)
        yield GraphQLClient(client, tokens)


def _stop_the_clock(app: Any) -> None:
    """ "In a short time" exactly: no time passes between the requests (with the real clock a
    run slow enough to refill a tenth of a token was told 9 seconds instead of 10)."""
    layer = app.middleware_stack
    while layer is not None and not isinstance(layer, RateLimit):
        layer = getattr(layer, "app", None)
    assert layer is not None, "the app has no rate limit"
    layer.buckets.clock = lambda: 0.0


@pytest.fixture
def answers() -> list[Any]:
    return []


@given(
    parsers.re(
        r"一人あたり一分間に(?P<rate>\d+)件、続けては(?P<burst>\d+)件まで受け付ける設定である"
    )
)
def _limited(setup: dict[str, Any], rate: str, burst: str) -> None:
    setup["limit"] = RateLimitSettings(per_minute=int(rate), burst=int(burst))


@given("データベースにつながらない")
def _away(setup: dict[str, Any], tmp_path: Path) -> None:
    # A PostgreSQL store on a port where nothing listens: every connection is refused.
    setup["settings"] = Settings(
        database_url="postgresql://postgres@127.0.0.1:1/kyodo", data_dir=tmp_path
    )


@when(parsers.re(r"(?P<who>山口|下関)のファシリテーターが続けて(?P<count>\d+)件の照会を送る"))
def _queries(api: GraphQLClient, answers: list[Any], who: str, count: str) -> None:
    answers.extend(api.post(QUERY, role=WHO[who]) for _ in range(int(count)))


@when(parsers.re(r"(?P<who>山口)のファシリテーターが再送キー「(?P<key>[^」]+)」を付けてメモを送る"))
def _note(api: GraphQLClient, answers: list[Any], who: str, key: str) -> None:
    query, variables = NOTE
    variables = {**variables, "key": key}
    answers.append(api.post(query, variables, role=WHO[who]))


def _refused_with(answer: Any, status: int, message: str) -> None:
    assert answer.status_code == status, answer.text
    [error] = answer.json()["errors"]
    assert error["message"] == message


@then(parsers.re(r"(?P<nth>\d+)件目は「(?P<message>.+)」と断られる"))
def _nth_refused(answers: list[Any], nth: str, message: str) -> None:
    assert [a.status_code for a in answers[: int(nth) - 1]] == [200] * (int(nth) - 1)
    _refused_with(answers[int(nth) - 1], 429, message)


@then(parsers.re(r"送信は「(?P<message>.+)」と断られる"))
def _sent_refused(answers: list[Any], message: str) -> None:
    _refused_with(answers[-1], 503, message)


@then(parsers.re(r"断りには待つ秒数(?P<seconds>\d+)が添えられている"))
def _retry_after(answers: list[Any], seconds: str) -> None:
    assert answers[-1].headers["retry-after"] == seconds


@then(parsers.re(r"(?P<who>下関)のファシリテーターの照会は受け付けられる"))
def _other_served(api: GraphQLClient, who: str) -> None:
    answer = api.post(QUERY, role=WHO[who])
    assert answer.status_code == 200, answer.text
    assert "errors" not in answer.json()
