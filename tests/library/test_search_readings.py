"""Kana folding, readings, word lists, ranking, snippets and the suggestion (issue 15)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from projections.engine.base import Db, Dialect, Tables
from projections.library import explain as explain_module
from projections.library import lexicon as lexicon_module
from projections.library.as_of import library_of
from projections.library.explain import (
    READING,
    SYNONYM_LABEL,
    VARIANT_LABEL,
    explain,
    field_words,
)
from projections.library.lexicon import lexicon
from projections.library.queries import FoundEntry, LibraryQuery, search
from projections.library.search import matches, parse_query
from projections.library.writer import remove_entry
from projections.text import normalise
from tests.library.given import entry
from tests.library.test_search_labels import corpus, labels


def test_hiragana_katakana_small_kana_and_long_vowels_fold_together() -> None:
    assert normalise("タクシー") == normalise("たくしー") == normalise("ﾀｸｼｰ")
    assert normalise("たくし-") == normalise("タクシ〜") == "たくしー"
    assert normalise("しょくどう") == normalise("シヨクドウ")
    assert normalise("ｺﾐｭﾆﾃｨ") == normalise("こみゅにてぃ")


def test_a_query_in_kana_finds_words_written_in_kanji() -> None:
    assert matches(["地域の子ども食堂"], parse_query("しょくどう"))
    assert matches(["空き家の活用"], parse_query("あきや"))
    assert matches(["認知症カフェ"], parse_query("にんちしょう"))


def test_the_prefectures_place_names_are_read_right() -> None:
    assert matches(["光市の協働"], parse_query("ひかりし"))
    assert matches(["上関町"], parse_query("かみのせきちょう"))
    assert matches(["日本語教室"], parse_query("にほんご"))


def test_a_query_in_kanji_never_matches_a_homophone_by_its_reading() -> None:
    assert not matches(["正装で参加した"], parse_query("清掃"))


def test_the_word_lists_are_read_again_after_an_edit(tmp_path: Path) -> None:
    (tmp_path / "variants.tsv").write_text("# note\n障がい\t障害\n", encoding="utf-8")
    (tmp_path / "synonyms.tsv").write_text("スマホ\tスマートフォン\n", encoding="utf-8")
    before = lexicon(tmp_path)
    (tmp_path / "synonyms.tsv").write_text("スマホ\tスマートフォン\n社協\t社会福祉協議会\n")

    after = lexicon(tmp_path)

    assert before.variants == (("障がい", "障害"),)
    assert after.synonyms[-1] == ("社協", "社会福祉協議会")
    assert after.digest != before.digest


def test_an_edited_synonym_list_applies_to_the_next_search_without_a_rebuild(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lexicon_module, "data_dir", lambda: tmp_path)
    (tmp_path / "variants.tsv").write_text("", encoding="utf-8")
    (tmp_path / "synonyms.tsv").write_text("", encoding="utf-8")
    case = entry("case-x02", "竹林の整備", "放置竹林を伐採した")
    with library_of([case]) as (db, tables):
        assert search(db, Dialect.SQLITE, tables, LibraryQuery("竹やぶ")).total == 0
        (tmp_path / "synonyms.tsv").write_text("竹やぶ\t竹林\n", encoding="utf-8")

        assert search(db, Dialect.SQLITE, tables, LibraryQuery("竹やぶ")).total == 1


def test_each_match_says_why_and_marks_the_words_in_a_snippet() -> None:
    case = entry("case-x01", "佐山のコミュニティタクシー", "お年寄りの買物を支える", "空き家")

    def reasons(query: str) -> tuple[str, ...]:
        found = explain(case, parse_query(query))
        assert found is not None
        return found.reasons

    assert reasons("タクシー") == ()
    assert reasons("たくしー") == (VARIANT_LABEL,)
    assert reasons("あきや") == (READING,)
    assert reasons("高齢者") == (SYNONYM_LABEL,)
    found = explain(case, parse_query("たくしー"))
    assert found is not None
    assert [p.text for p in found.snippet if p.highlighted] == ["タクシー"]


def test_stored_words_explain_every_labelled_query_as_the_analyser_does() -> None:
    cases = corpus()
    stored = {case.case_id: field_words(case) for case in cases}
    for label in labels():
        terms = parse_query(label.query)
        for case in cases:
            assert explain(case, terms, stored[case.case_id]) == explain(case, terms)


def test_a_search_reads_the_stored_words_instead_of_running_the_analyser(
    library: tuple[Db, Tables], monkeypatch: pytest.MonkeyPatch
) -> None:
    db, tables = library

    def no_analyser(text: str) -> None:
        raise AssertionError(f"the analyser ran at query time on {text!r}")

    monkeypatch.setattr(explain_module, "words", no_analyser)
    page = search(db, Dialect.SQLITE, tables, LibraryQuery("しょくどう"), limit=5)
    assert page.entries
    match = getattr(page.entries[0], "search_match", None)
    assert match is not None
    assert match.reasons == (READING,)
    assert any(part.highlighted and "食堂" in part.text for part in match.snippet)


def test_stored_words_that_do_not_fit_the_fields_are_ignored() -> None:
    case = entry("case-x05", "空き家の活用", "商店街の空き店舗")
    other = entry("case-x06", "竹林の整備", "放置竹林を伐採した")
    terms = parse_query("あきや")
    assert explain(case, terms, field_words(other)) == explain(case, terms)


@pytest.fixture(scope="module")
def library() -> Iterator[tuple[Db, Tables]]:
    with library_of(corpus()) as (db, tables):
        yield db, tables


def test_exact_matches_rank_above_synonym_matches(library: tuple[Db, Tables]) -> None:
    db, tables = library
    page = search(db, Dialect.SQLITE, tables, LibraryQuery("高齢者"), limit=10)
    exact = {"case-c07", "case-c11", "case-c19", "case-c28"}  # 高齢者 as written
    assert {e.case_id for e in page.entries[:4]} == exact
    assert page.total == 4  # お年寄り appears only beside 高齢者 in the corpus
    page = search(db, Dialect.SQLITE, tables, LibraryQuery("お年寄り"), limit=10)
    assert page.entries[0].case_id == "case-c11"  # the one that says お年寄り


def test_found_entries_carry_their_match(library: tuple[Db, Tables]) -> None:
    db, tables = library
    (first, *_) = search(db, Dialect.SQLITE, tables, LibraryQuery("しょくどう"), limit=3).entries
    assert isinstance(first, FoundEntry)
    assert first.search_match is not None
    assert first.search_match.reasons == (READING,)


def test_a_query_one_kana_off_suggests_the_close_word(library: tuple[Db, Tables]) -> None:
    db, tables = library
    page = search(db, Dialect.SQLITE, tables, LibraryQuery("ぷろぼぬ"))
    assert page.total == 0
    assert page.suggestion == "プロボノ"
    assert search(db, Dialect.SQLITE, tables, LibraryQuery("しょくどお")).suggestion in {
        "しょくどう",
        "食堂",
    }


def test_a_withdrawn_entry_takes_its_words_out_of_the_vocabulary() -> None:
    kept, withdrawn = entry("case-x03", "竹林の整備"), entry("case-x04", "プロボノの会計")
    with library_of([kept, withdrawn]) as (db, tables):
        remove_entry(db, Dialect.SQLITE, tables, "case-x04")
        words = {r[0] for r in db.execute(f"SELECT word FROM {tables['words']}").fetchall()}
    assert "竹林" in words
    assert "ぷろぼの" not in words


def test_no_suggestion_when_nothing_is_close(library: tuple[Db, Tables]) -> None:
    db, tables = library
    page = search(db, Dialect.SQLITE, tables, LibraryQuery("宇宙開発"))
    assert page.total == 0
    assert page.suggestion is None


def test_a_sites_list_replaces_the_shipped_one_of_its_name_only(tmp_path: Path) -> None:
    (tmp_path / "synonyms.tsv").write_text("竹やぶ\t竹林\n", encoding="utf-8")
    shipped = lexicon_module.lexicon()
    lexicon_module.use_site_directory(tmp_path)
    try:
        site = lexicon_module.lexicon()
    finally:
        lexicon_module.use_site_directory(None)

    assert site.synonyms == (("竹やぶ", "竹林"),)
    assert site.variants == shipped.variants  # no variants.tsv at the site: the shipped one
    assert lexicon_module.lexicon() == shipped


def test_threads_asking_at_once_load_the_dictionary_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from projections.library import readings

    loads: list[int] = []

    class SlowDictionary:
        def __init__(self, dict: str) -> None:
            loads.append(1)
            time.sleep(0.2)  # a real load takes about a second

    monkeypatch.setattr(readings, "Dictionary", SlowDictionary)
    monkeypatch.setattr(readings, "_loaded", [])
    with ThreadPoolExecutor(max_workers=8) as pool:
        found = list(pool.map(lambda _: readings._dictionary(), range(8)))

    assert len(loads) == 1
    assert all(d is found[0] for d in found)


def test_an_entry_explained_again_takes_its_shown_words_from_the_cache() -> None:
    case = entry("case-x07", "里山の保全", "竹林を整備した")
    stored, terms = field_words(case), parse_query("さとやま")
    first = explain(case, terms, stored)
    hits = explain_module.shown_words.cache_info().hits

    again = explain(case, terms, stored)

    assert again == first
    assert first is not None
    assert [p.text for p in first.snippet if p.highlighted] == ["里山"]
    assert explain_module.shown_words.cache_info().hits == hits + 1
