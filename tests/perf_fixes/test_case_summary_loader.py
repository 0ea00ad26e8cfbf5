"""Cases asked for by id (a page header, the DataLoader of `case(id:)`) come in ONE query
with their fields, SDGs and parties, the same as the list shows them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from api.container import Container
from demo.generate import Generator
from demo.loader import default_context
from projections.case_list.projection import CaseListReadModel
from projections.case_list.queries import CaseListQueries
from projections.engine.store import ReadStore

TODAY = date(2026, 12, 2)


@contextmanager
def counted(store: ReadStore) -> Iterator[list[str]]:
    statements: list[str] = []
    original = store.reading

    @contextmanager
    def reading() -> Iterator[Any]:
        with original() as db:

            class Counting:
                def execute(self, sql: str, *args: Any) -> Any:
                    statements.append(sql)
                    return db.execute(sql, *args)

            yield Counting()

    store.reading = reading  # type: ignore[method-assign]
    try:
        yield statements
    finally:
        store.reading = original  # type: ignore[method-assign]


def generated(container: Container, seed: int, cases: int) -> CaseListQueries:
    """`cases` generated cases in the case list, and its queries."""
    generator = Generator(container.ledger, default_context, seed, TODAY)
    generator.register_parties(1)
    for _ in generator.batches(cases):
        pass
    container.projections.run_until_caught_up(["case_list"])
    return CaseListQueries(container.read_store)


def test_cases_by_id_are_one_query_and_match_the_list(container: Container) -> None:
    queries = generated(container, 5, 40)
    listed = {c.case_id: c for c in queries.list_cases(first=200).items}
    assert any(c.parties for c in listed.values())
    with counted(container.read_store) as statements:
        found = queries.get_cases([*listed, "no-such-case"])
    assert len(statements) == 1
    assert found == listed


def test_a_case_by_its_number_is_one_query_and_matches_the_list(container: Container) -> None:
    queries = generated(container, 6, 12)
    listed = queries.list_cases(first=200).items
    assert any(c.parties and c.fields and c.sdgs for c in listed)
    for case in listed:
        with counted(container.read_store) as statements:
            found = queries.find_by_number(f" {case.number} ")
        assert len(statements) == 1
        assert found == case
    assert queries.find_by_number("山口-1999-999") is None


def test_tidying_the_case_list_runs_on_each_store(container: Container) -> None:
    container.projections.run_until_caught_up(["case_list"])
    row = container.read_store.active("case_list")
    assert row is not None
    container.read_store.tidy(CaseListReadModel(), row.version)  # VACUUM outside a transaction
    assert container.read_store.active("case_list") == row
