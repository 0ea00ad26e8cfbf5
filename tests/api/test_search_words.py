"""A site's own word lists: a synonym written in `KYODO_DATA_DIR/search-words/` applies to the
next search over the API, with no code change and no rebuild; the shipped lists serve where
the site has none."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from api.container import Container
from projections.library import lexicon as lexicon_module
from tests.api.client import GraphQLClient
from tests.api.scenario import CaseStory

SEARCH = "query($q: String!) { successCases(query: $q) { totalCount } }"


@pytest.fixture(autouse=True)
def shipped_lists_afterwards() -> Iterator[None]:
    yield
    lexicon_module.use_site_directory(None)


def test_a_synonym_in_the_sites_own_list_finds_the_case(
    api: GraphQLClient, container: Container
) -> None:
    CaseStory(api).publish()  # 「地域ぐるみの子ども食堂」

    def found(query: str) -> int:
        return int(api.run(SEARCH, {"q": query}, role="meeting")["successCases"]["totalCount"])

    assert (found("子ども食堂"), found("みんな食堂")) == (1, 0)
    site = container.settings.search_words_dir
    site.mkdir(parents=True, exist_ok=True)
    (site / "synonyms.tsv").write_text("# 市の言い方\nみんな食堂\t子ども食堂\n", encoding="utf-8")

    assert found("みんな食堂") == 1
    assert (
        found("こども食堂") == 1
    )  # the shipped 表記ゆれ still serve: the site has no variants.tsv
