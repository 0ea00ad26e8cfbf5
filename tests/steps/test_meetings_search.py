"""Steps for features/meetings/searching_as_people_type.feature, through the meeting's
SearchLibrary operation (on the embedded SQLite store)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from persistence.settings import Settings
from projections.library.lexicon import data_dir, use_site_directory
from tests.api.client import GraphQLClient, running_api
from tests.api.scenario import CaseStory, day

scenarios("meetings/searching_as_people_type.feature")


class Search:
    def __init__(self, api: GraphQLClient, site_words: Path) -> None:
        self.api = api
        self.site_words = site_words
        self.page: dict[str, Any] = {}
        self.published: set[str] = set()

    def nodes(self) -> list[dict[str, Any]]:
        return [edge["node"] for edge in self.page["edges"]]

    def node(self, title: str) -> dict[str, Any]:
        return next(n for n in self.nodes() if n["title"] == title)


@pytest.fixture(scope="module")
def library_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Search]:
    """One library for the feature's scenarios: they only read it (the background publishes
    its cases once)."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("search"))
    with running_api(settings) as api:
        yield Search(api, settings.search_words_dir)
    use_site_directory(None)


@pytest.fixture
def search(library_api: Search) -> Search:
    library_api.page = {}
    return library_api


def _publish(api: GraphQLClient, title: str, summary: str) -> None:
    story = CaseStory(api)
    story.through_success()
    story.step("NominateSuccessCase", {"occurredOn": day(151)})
    text = {"howStarted": "", "outcomes": "", "lessons": "", "title": title, "summary": summary}
    text["partyIds"] = list(story.parties.values())  # type: ignore[assignment]
    story.step("PublishSuccessCase", {"story": text, "occurredOn": day(160)}, role="chief")


@given(parsers.parse("次の成功事例が公開されている:"))
def published(search: Search, datatable: list[list[str]]) -> None:
    header, *rows = datatable
    for row in rows:
        cell = dict(zip(header, (c.strip() for c in row), strict=True))
        if cell["タイトル"] not in search.published:
            _publish(search.api, cell["タイトル"], cell["概要"])
            search.published.add(cell["タイトル"])


@when(parsers.parse("「{query}」で検索する"))
def run_search(search: Search, query: str) -> None:
    data = search.api.operation("meeting", "SearchLibrary", {"query": query}, role="meeting")
    search.page = data["successCases"]


@given(parsers.parse("「{query}」で検索しても事例は見つからない"))
def nothing_yet(search: Search, query: str) -> None:
    run_search(search, query)
    assert search.nodes() == []


@when(
    parsers.parse("センター長がサイトの類義語一覧に「{word}」と「{other}」を同じ意味として加える")
)
def add_synonyms(search: Search, word: str, other: str) -> None:
    """As a chief does it: the site's own copy of the shipped list (`kyodo search-words
    --init`), one line added."""
    search.site_words.mkdir(parents=True, exist_ok=True)
    if not (search.site_words / "synonyms.tsv").exists():
        shutil.copyfile(data_dir() / "synonyms.tsv", search.site_words / "synonyms.tsv")
    with (search.site_words / "synonyms.tsv").open("a", encoding="utf-8") as lists:
        lists.write(f"{word}\t{other}\n")


@then(parsers.parse("「{title}」だけが見つかる"))
def only(search: Search, title: str) -> None:
    assert [n["title"] for n in search.nodes()] == [title]


@then(parsers.parse("「{first}」「{second}」の順に見つかる"))
def in_order(search: Search, first: str, second: str) -> None:
    assert [n["title"] for n in search.nodes()] == [first, second]


@then(parsers.parse("見つかった理由は「{reason}」と示される"))
def reason(search: Search, reason: str) -> None:
    (node,) = search.nodes()
    assert node["searchMatch"]["reasons"] == [reason]


@then(parsers.parse("「{title}」が見つかった理由は「{reason}」と示される"))
def reason_of(search: Search, title: str, reason: str) -> None:
    assert search.node(title)["searchMatch"]["reasons"] == [reason]


@then(parsers.parse("抜粋では「{words}」が強調される"))
def highlighted(search: Search, words: str) -> None:
    (node,) = search.nodes()
    parts = node["searchMatch"]["snippet"]
    assert [p["text"] for p in parts if p["highlighted"]] == [words]


@then("事例は見つからない")
def nothing(search: Search) -> None:
    assert search.page["totalCount"] == 0


@then(parsers.parse("「もしかして: {suggestion}」と示される"))
def suggested(search: Search, suggestion: str) -> None:
    assert search.page["suggestion"] == suggestion
