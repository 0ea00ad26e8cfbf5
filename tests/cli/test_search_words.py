"""`kyodo search-words`: which word lists the search uses, and `--init` to make the site's
own copies to edit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from projections.library import lexicon as lexicon_module
from tests.cli.conftest import Kyodo, sqlite_env


@pytest.fixture(autouse=True)
def shipped_lists_afterwards() -> Iterator[None]:
    yield
    lexicon_module.use_site_directory(None)


def test_the_shipped_lists_until_the_site_makes_its_own(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    kyodo = Kyodo(sqlite_env(data_dir))
    shipped = kyodo("search-words")
    assert shipped.exit_code == 0, shipped.output
    assert [line.split()[2] for line in shipped.stdout.splitlines()[:2]] == ["同梱", "同梱"]

    made = kyodo("search-words", "--init")
    assert made.exit_code == 0, made.output
    site = data_dir / "search-words"
    assert f"{site / 'synonyms.tsv'} を作りました" in made.stdout
    assert [line.split()[2] for line in made.stdout.splitlines()[2:4]] == ["サイト", "サイト"]
    digest = made.stdout.splitlines()[-1]

    with (site / "synonyms.tsv").open("a", encoding="utf-8") as lists:
        lists.write("竹やぶ\t竹林\n")
    edited = kyodo("search-words")
    assert edited.stdout.splitlines()[-1] != digest
    again = kyodo("search-words", "--init")  # an edited list is never overwritten
    assert "を作りました" not in again.stdout
    assert "竹やぶ\t竹林" in (site / "synonyms.tsv").read_text(encoding="utf-8")
