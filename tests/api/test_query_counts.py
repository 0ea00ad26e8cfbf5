"""A page of cases with their parties costs a bounded number of SQL queries, however long
the page (parties are loaded for the whole page at once, never per case)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from tests.api.client import GraphQLClient
from tests.api.scenario import CaseStory

PAGE = """
query($first: Int) {
  cases(first: $first) { edges { node { number parties { name role kind } } } }
}
"""


class CountingDb:
    def __init__(self, db: Any, counter: list[str]) -> None:
        self.db, self.counter = db, counter

    def execute(self, sql: str, *args: Any, **kwargs: Any) -> Any:
        # The projection threads read the same store in the background: not the request's cost.
        if not threading.current_thread().name.startswith("projection-"):
            self.counter.append(sql)
        return self.db.execute(sql, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.db, name)


def count_queries(
    api: GraphQLClient, monkeypatch: pytest.MonkeyPatch, first: int
) -> tuple[int, int]:
    store = api.http.app.state.container.read_store  # type: ignore[attr-defined]
    original = store.reading
    statements: list[str] = []

    @contextmanager
    def counting() -> Iterator[CountingDb]:
        with original() as db:
            yield CountingDb(db, statements)

    monkeypatch.setattr(store, "reading", counting)
    data = api.run(PAGE, {"first": first})
    monkeypatch.setattr(store, "reading", original)
    return len(data["cases"]["edges"]), len(statements)


def test_a_page_of_cases_with_parties_costs_a_bounded_number_of_queries(
    api: GraphQLClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    for index in range(6):
        story = CaseStory(api)
        story.open(f"案件{index}")
        story.join("こどもの未来", role="PROPOSER")
        story.join(f"協力企業{index}", "BUSINESS", "PARTNER")
    small_page, small_cost = count_queries(api, monkeypatch, 2)
    large_page, large_cost = count_queries(api, monkeypatch, 6)
    assert (small_page, large_page) == (2, 6)
    assert small_cost >= 3
    assert large_cost == small_cost
    assert large_cost <= 6


def test_cases_asked_for_twice_in_one_request_are_read_once(
    api: GraphQLClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = CaseStory(api)
    story.open()
    queries: list[str] = []
    lookups = api.http.app.state.container.read_store  # type: ignore[attr-defined]
    original = lookups.reading

    @contextmanager
    def counting() -> Iterator[CountingDb]:
        with original() as db:
            yield CountingDb(db, queries)

    monkeypatch.setattr(lookups, "reading", counting)
    once = api.run("query($id: ID!) { a: case(id: $id) { number } }", {"id": story.case_id})
    single = len(queries)
    queries.clear()
    twice = api.run(
        "query($id: ID!) { a: case(id: $id) { number } b: node(id: $id) { id } }",
        {"id": story.case_id},
    )
    assert once["a"] == twice["a"]
    assert len(queries) == single
