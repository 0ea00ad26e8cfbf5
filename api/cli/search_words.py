"""`kyodo search-words`: the word lists the library's search expands a query with.

表記ゆれ (`variants.tsv`: 子ども / こども / 子供) and 類義語・略語 (`synonyms.tsv`: スマホ /
スマートフォン), one group of words per line, separated by tabs. kyodo ships both; a site keeps
its own in `KYODO_DATA_DIR/search-words/`, where a file replaces the shipped one of the same
name. An edit applies to the next search: nothing is rebuilt.
"""

from __future__ import annotations

import shutil

import typer

from api.cli.common import load_settings, reported_errors
from projections.library.lexicon import (
    SYNONYMS,
    VARIANTS,
    data_dir,
    lexicon,
    sources,
    use_site_directory,
)

LABELS = {VARIANTS: "表記ゆれ", SYNONYMS: "類義語・略語"}


def search_words(
    init: bool = typer.Option(
        False, "--init", help="同梱の一覧をサイトのフォルダに写して編集できるようにする"
    ),
) -> None:
    """検索で使う表記ゆれ・類義語の一覧と、その置き場所を示す。"""
    with reported_errors():
        site = load_settings().search_words_dir
        if init:
            site.mkdir(parents=True, exist_ok=True)
            for name in (VARIANTS, SYNONYMS):
                if not (site / name).exists():
                    shutil.copyfile(data_dir() / name, site / name)
                    typer.echo(f"{site / name} を作りました（同梱の{LABELS[name]}の写し）")
        use_site_directory(site)
        words = lexicon()
        for path, groups in zip(sources(), (words.variants, words.synonyms), strict=True):
            where = "サイト" if path.parent == site else "同梱"
            typer.echo(f"{LABELS[path.name]}: {len(groups)}組 {where} {path}")
        typer.echo(f"内容の識別子: {words.digest}")
