"""Steps for features/facilitator/input_limits.feature: refusals at the edge."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd import parsers, scenarios, then, when
from starlette.testclient import TestClient

from api.app import create_app
from api.auth import TokenIssuer
from api.container import Container
from persistence.settings import Settings
from tests.api.client import SECRET, GraphQLClient
from tests.steps.facilitator.actions import run
from tests.steps.facilitator.world import World

scenarios("facilitator/input_limits.feature")

NOTES = {
    "制御文字の入ったメモ": "電話で近況を\x00確認",
    "改行とタブの入ったメモ": "電話で近況を確認\r\n\t次回は五月",
}
SEARCH = "query($q: String!) { successCases(query: $q, first: 5) { totalCount } }"
FILTERED = "query($f: LibraryFilterInput) { successCases(filter: $f, first: 5) { totalCount } }"


@pytest.fixture
def library(tmp_path: Path) -> Iterator[GraphQLClient]:
    app = create_app(Container(Settings(data_dir=tmp_path)), TokenIssuer(SECRET))
    with TestClient(app) as client:
        yield GraphQLClient(client, TokenIssuer(SECRET))


@pytest.fixture
def searched() -> dict[str, Any]:
    return {}


@when(
    parsers.re(
        r"(?P<what>制御文字の入ったメモ|改行とタブの入ったメモ|(?P<length>\d+)文字のメモ)を"
        r"(?P<form>記録する|記録しようとする)"
    )
)
def _note(world: World, what: str, length: str | None, form: str) -> None:
    text = "あ" * int(length) if length else NOTES[what]
    run(world, form, lambda: world.ledger.add_note(world.staff, world.case, text=text))


@then("最後のメモは改行とタブもそのまま残っている")
def _kept(world: World) -> None:
    last = world.ledger.case_history(world.case)[-1]
    assert getattr(last, "text", None) == NOTES["改行とタブの入ったメモ"]


@when(parsers.re(r"成功事例集を(?P<count>\d+)(?P<unit>文字の言葉|語)で検索しようとする"))
def _search(library: GraphQLClient, searched: dict[str, Any], count: str, unit: str) -> None:
    n = int(count)
    query = "あ" * n if unit == "文字の言葉" else " ".join(f"子ども{i}" for i in range(n))
    searched.update(library.post(SEARCH, {"q": query}).json())


@when(parsers.re(r"成功事例集を市町「(?P<place>[^」]+)」で絞り込もうとする"))
def _filter(library: GraphQLClient, searched: dict[str, Any], place: str) -> None:
    searched.update(library.post(FILTERED, {"f": {"municipality": place}}).json())


@then(parsers.re(r"検索は「(?P<message>.+)」と断られる"))
def _refused(searched: dict[str, Any], message: str) -> None:
    (error,) = searched["errors"]
    assert error["message"] == message
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


@then("検索は断られない")
def _not_refused(searched: dict[str, Any]) -> None:
    assert "errors" not in searched, searched["errors"]
    assert searched["data"]["successCases"]["totalCount"] == 0
