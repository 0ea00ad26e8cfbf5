"""Recall against a plain substring scan of the texts and their readings, on each store's
real index (generated corpus)."""

from __future__ import annotations

import random

from projections.engine.base import Tables
from projections.library.projection import Library
from projections.library.queries import LibraryQuery, matching_ids, search
from projections.library.search import indexed_text, matches, matches_text, parse_query
from projections.library.writer import write_entry
from projections.text import normalise
from tests.library.given import entry
from tests.library.readside import ReadSide

WORDS = [
    "子ども食堂",
    "こども食堂",
    "子供",
    "食堂",
    "清掃",
    "活動",
    "清掃活動",
    "一人親",
    "ひとり親",
    "スマホ",
    "スマートフォン",
    "見守り",
    "高齢者",
    "フードバンク",
    "居場所",
    "学習支援",
    "ＮＰＯ",
    "npo",
    "防災",
    "訓練",
    "地域",
    "まちづくり",
    "竹林",
    "整備",
    "100%",
    "_a",
    "食",
    "堂",
    "・",
    "ー",
    "「",
    "」",
]


def corpus(rng: random.Random, size: int) -> list[tuple[str, list[str]]]:
    def text() -> str:
        return rng.choice(("", " ", "　")).join(rng.choices(WORDS, k=rng.randint(1, 6)))

    return [(f"case-{i:04d}", [text(), text(), text()]) for i in range(size)]


def queries(rng: random.Random, records: list[tuple[str, list[str]]], n: int) -> list[str]:
    found = ["食堂", "清掃活動", "ども食", "子ども", "ひとり親", "スマホ", "掃活", "100%", "_a"]
    found += ["食 堂", "子ども 食", "清掃　活動"]  # one-character words and a 全角 space
    while len(found) < n:
        text = normalise(rng.choice(rng.choice(records)[1]).replace(" ", ""))
        if len(text) >= 2:
            start = rng.randrange(len(text) - 1)
            found.append(text[start : start + rng.randint(2, 5)])
    return found


def test_every_query_finds_what_a_substring_scan_finds(library_side: ReadSide) -> None:
    rng = random.Random(20261123)
    records = corpus(rng, 400)
    library_side.catch_up()
    model = Library()
    with library_side.store.transaction() as db:
        tables = library_side.store.tables(model, db)
        assert isinstance(tables, Tables)
        for case_id, (title, summary, lessons) in records:
            write_entry(db, library_side.dialect, tables, entry(case_id, title, summary, lessons))
    fixed = ["山口市", "共催", "こどもの未来", "NPO法人", "子どもの健全育成", "参加者数"]
    texts = {case_id: indexed_text([*fields, *fixed])[0] for case_id, fields in records}
    with library_side.reading(model) as (db, tables):
        for query in queries(rng, records, 150):
            terms = parse_query(query)
            expected = {case_id for case_id, text in texts.items() if matches_text(text, terms)}
            assert (
                matching_ids(db, library_side.dialect, tables, LibraryQuery(query)) == expected
            ), query
        assert search(db, library_side.dialect, tables, LibraryQuery("食堂"), limit=5).total == len(
            {c for c, f in records if matches(f, parse_query("食堂"))}
        )
