"""Normalisation, spelling variants and bigram tokens: pure, no database."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from projections.library.search import (
    bigram_key,
    bigram_keys,
    bigrams,
    fts5_query,
    index_tokens,
    matches,
    parse_query,
    phrase,
    phrase_in,
    search_text,
    segments,
    variants,
)
from projections.text import normalise

# A small alphabet makes near-misses frequent: 子ども食堂 vs 子ども 食堂 vs 食堂子ども.
ALPHABET = "子ども食堂清掃活動一人親ひとスマホ・ーＡａ1１ 　\n"
texts = st.text(alphabet=ALPHABET, max_size=40)
WORD_ALPHABET = "".join(c for c in ALPHABET if not c.isspace())
queries = st.text(alphabet=WORD_ALPHABET, min_size=2, max_size=6)


def test_full_width_and_half_width_forms_are_folded() -> None:
    assert normalise("ＮＰＯ法人　ｺﾄﾞﾓ食堂") == "npo法人 こども食堂"


def test_a_two_character_word_finds_the_longer_word() -> None:
    assert matches(["地域の子ども食堂"], parse_query("食堂"))


def test_spelling_variants_find_each_other() -> None:
    assert set(variants("子ども食堂")) == {"子ども食堂", "こども食堂", "子供食堂"}
    assert matches(["一人親家庭の支援"], parse_query("ひとり親"))
    assert matches(["スマートフォン教室"], parse_query("スマホ"))


def test_every_word_of_a_query_must_match() -> None:
    terms = parse_query("食堂　清掃")
    assert not matches(["子ども食堂"], terms)
    assert matches(["子ども食堂", "清掃活動"], terms)


def test_a_match_never_crosses_a_field_boundary() -> None:
    fields = ["公園の清掃", "活動報告"]
    assert not matches(fields, parse_query("清掃活動"))
    tokens = index_tokens(search_text(fields))
    assert not phrase_in(tokens, phrase("清掃活動"))
    assert not phrase_in(index_tokens(search_text(["清掃", "掃除"])), phrase("清掃除"))


def test_fts_query_needs_two_characters_per_word() -> None:
    assert fts5_query(parse_query("食")) is None
    query = fts5_query(parse_query("食堂"))
    assert query == f'("{bigram_key_token("食堂")}")'


def bigram_key_token(pair: str) -> str:
    return phrase(pair)[0]


@given(st.lists(texts, min_size=1, max_size=4), queries)
def test_a_phrase_of_bigrams_matches_exactly_when_the_text_contains_the_query(
    fields: list[str], query: str
) -> None:
    wanted = normalise(query)
    expected = any(wanted in normalise(f) for f in fields)
    tokens = index_tokens(search_text(fields))
    assert phrase_in(tokens, phrase(wanted)) == expected


@given(texts, queries)
def test_bigram_keys_never_lose_a_match(text: str, query: str) -> None:
    wanted = normalise(query)
    if wanted in normalise(text):
        keys = set(bigram_keys(search_text([text])))
        assert {bigram_key(wanted[i : i + 2]) for i in range(len(wanted) - 1)} <= keys


@given(st.one_of(texts, st.text(max_size=60)))
def test_an_entry_s_bigram_keys_are_those_of_each_of_its_segments_bigrams(text: str) -> None:
    """Computed in one pass over the characters' codes, as `bigram_key` gives them one by one
    (characters beyond the BMP too: they fold)."""
    expected = sorted({bigram_key(b) for s in segments(text) for b in bigrams(s)})
    assert bigram_keys(text) == expected


@given(st.text(min_size=2, max_size=2))
def test_bigram_tokens_are_plain_ascii_words(pair: str) -> None:
    (token,) = phrase(pair) if len(pair) == 2 else ("00000000",)
    assert len(token) == 8
    assert token.isascii()
    assert token.isalnum()
