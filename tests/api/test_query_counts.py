"""A page of cases with their parties costs a bounded number of SQL queries, however long
the page (parties are loaded for the whole page at once, never per case); so do cases asked
for by id, which are loaded one batch at a time, never per id."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from uuid import uuid4

import pytest

from api.graphql import reading
from api.graphql.ids import global_id
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

    # The read models' tracking rows are read again once their copy is older than its TTL:
    # a cost per request, not per case, that would land in one count and not the other.
    monkeypatch.setattr(store, "versions_ttl", 3600.0)
    api.run(PAGE, {"first": first})
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


CASE_ROWS = "SELECT case_id, number, title"


def counted_statements(api: GraphQLClient, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The request's SQL from now on (the read store's background readers left out)."""
    store = api.http.app.state.container.read_store  # type: ignore[attr-defined]
    original = store.reading
    statements: list[str] = []

    @contextmanager
    def counting() -> Iterator[CountingDb]:
        with original() as db:
            yield CountingDb(db, statements)

    monkeypatch.setattr(store, "reading", counting)
    return statements


VERSIONS = "SELECT name, version, code_version"


def own(statements: list[str]) -> list[str]:
    """The statements a request makes for what it asks: without the read store's reading of
    the read models' versions, which it repeats once its copy is a second old (on a loaded
    machine, between any two requests)."""
    return [s for s in statements if not s.startswith(VERSIONS)]


def cases_by_ids(api: GraphQLClient, ids: list[str]) -> list[dict[str, Any] | None]:
    params = ", ".join(f"$c{i}: ID!" for i in range(len(ids)))
    fields = " ".join(
        f"c{i}: case(id: $c{i}) {{ number parties {{ name }} }}" for i in range(len(ids))
    )
    data = api.run(f"query({params}) {{ {fields} }}", {f"c{i}": id for i, id in enumerate(ids)})
    return [data[f"c{i}"] for i in range(len(ids))]


def test_cases_by_id_in_one_request_are_read_in_one_query_per_batch(
    api: GraphQLClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    stories = [CaseStory(api) for _ in range(4)]
    for index, story in enumerate(stories):
        story.open(f"案件{index}")
        story.join(f"協力企業{index}", "BUSINESS", "PARTNER")
    missing = global_id("Case", uuid4())
    statements = counted_statements(api, monkeypatch)

    [alone] = cases_by_ids(api, [stories[0].case_id])
    cost_of_one = len(own(statements))
    statements.clear()
    found = cases_by_ids(api, [s.case_id for s in stories] + [missing])

    assert alone == found[0]
    assert [case and case["number"] for case in found] == [s.number for s in stories] + [None]
    assert [case and case["parties"][-1]["name"] for case in found[:4]] == [
        f"協力企業{index}" for index in range(4)
    ]
    assert sum(s.startswith(CASE_ROWS) for s in statements) == 1
    assert len(own(statements)) == cost_of_one


def test_a_batch_of_cases_by_id_is_at_most_max_batch_ids(
    api: GraphQLClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    stories = [CaseStory(api) for _ in range(5)]
    for index, story in enumerate(stories):
        story.open(f"案件{index}")
    monkeypatch.setattr(reading, "MAX_BATCH", 2)
    statements = counted_statements(api, monkeypatch)
    found = cases_by_ids(api, [s.case_id for s in stories])
    assert [case and case["number"] for case in found] == [s.number for s in stories]
    assert sum(s.startswith(CASE_ROWS) for s in statements) == 3
