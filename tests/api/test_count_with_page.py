"""A page and its totalCount (a case's timeline, the case list) are read together: one read,
not two; and no count is read when none is asked."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from tests.api.client import GraphQLClient
from tests.api.scenario import CaseStory, day

PAGE = """
query($id: ID!, $first: Int) {
  case(id: $id) {
    timeline(first: $first) { %s edges { node { __typename ... on TimelineStep { version } } } }
  }
}
"""


def _reads(
    api: GraphQLClient, monkeypatch: pytest.MonkeyPatch, query: str, variables: dict[str, Any]
) -> tuple[dict[str, Any], list[list[str]]]:
    """The answer, and the statements of each read the request opened (not the projections')."""
    store = api.http.app.state.container.read_store  # type: ignore[attr-defined]
    original = store.reading
    reads: list[list[str]] = []

    class Counting:
        def __init__(self, db: Any, statements: list[str]) -> None:
            self.db, self.statements = db, statements

        def execute(self, sql: str, *args: Any, **kwargs: Any) -> Any:
            self.statements.append(sql)
            return self.db.execute(sql, *args, **kwargs)

        def __getattr__(self, name: str) -> Any:
            return getattr(self.db, name)

    @contextmanager
    def counting() -> Iterator[Any]:
        with original() as db:
            if threading.current_thread().name.startswith("projection-"):
                yield db
                return
            reads.append([])
            yield Counting(db, reads[-1])

    monkeypatch.setattr(store, "reading", counting)
    try:
        data = api.run(query, variables)
    finally:
        monkeypatch.setattr(store, "reading", original)
    return data, reads


@pytest.fixture
def story(api: GraphQLClient) -> CaseStory:
    story = CaseStory(api)
    story.open()
    for n in range(3):
        story.step("AddNote", {"text": f"メモ{n}", "occurredOn": day(n + 1)})
    return story


def test_the_count_is_read_with_the_page(
    api: GraphQLClient, story: CaseStory, monkeypatch: pytest.MonkeyPatch
) -> None:
    data, reads = _reads(api, monkeypatch, PAGE % "totalCount", {"id": story.case_id, "first": 2})

    timeline = data["case"]["timeline"]
    assert timeline["totalCount"] == 4
    assert len(timeline["edges"]) == 2
    with_count = [r for r in reads if any("COUNT(*)" in sql for sql in r)]
    assert len(with_count) == 1
    assert any("occurred_on" in sql for sql in with_count[0])  # the page's own statement


def test_no_count_is_read_when_none_is_asked(
    api: GraphQLClient, story: CaseStory, monkeypatch: pytest.MonkeyPatch
) -> None:
    data, reads = _reads(api, monkeypatch, PAGE % "", {"id": story.case_id, "first": 2})

    assert len(data["case"]["timeline"]["edges"]) == 2
    assert not any("COUNT(*)" in sql for r in reads for sql in r)


CASES = "query { cases(first: 1) { %s edges { node { number } } } }"


def test_the_case_list_s_count_is_read_with_its_page(
    api: GraphQLClient, story: CaseStory, monkeypatch: pytest.MonkeyPatch
) -> None:
    CaseStory(api).open("二件目の案件")

    data, reads = _reads(api, monkeypatch, CASES % "totalCount", {})
    _, uncounted = _reads(api, monkeypatch, CASES % "", {})

    assert data["cases"]["totalCount"] == 2
    assert len(data["cases"]["edges"]) == 1
    with_count = [r for r in reads if any("COUNT(*)" in sql for sql in r)]
    assert len(with_count) == 1
    assert len(with_count[0]) >= 2  # the page's statement and the count, in one read
    assert not any("COUNT(*)" in sql for r in uncounted for sql in r)
