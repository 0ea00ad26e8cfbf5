"""Readings (読み) and normalised forms from a morphological analyser: SudachiPy with
`sudachidict-core` (docs/adr/2026-12-02-search-readings.md).

`reading("子ども食堂")` is `こどもしょくどう`-like text (katakana, folded later by
`projections.text.normalise`): every word written with a kanji is replaced by its reading,
every other word is kept as written, so spaces, digits and symbols stay where they were. The library
indexes these readings beside the text, so that a query in kana finds words in kanji.

Sudachi's tokenizer is not shared between threads (one per thread) and refuses inputs over
49,149 bytes, so long texts are read in pieces cut at line ends or, failing that, anywhere.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from functools import lru_cache

from sudachipy import Dictionary, SplitMode, Tokenizer

DICTIONARY = "core"
_PIECE = 8000  # characters: at most 4 bytes each in UTF-8, well under Sudachi's limit
_KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ]")
_local = threading.local()


_loading = threading.Lock()
_loaded: list[Dictionary] = []


def _dictionary() -> Dictionary:
    """The dictionary, loaded once per process (~75 MB): threads asking at the same time wait
    for the first load instead of each loading one (`lru_cache` does not stop concurrent
    first calls: 20 request threads made the server's peak 357–515 MB instead of 195)."""
    if not _loaded:
        with _loading:
            if not _loaded:
                _loaded.append(Dictionary(dict=DICTIONARY))
    return _loaded[0]


def _tokenizer() -> Tokenizer:
    found: Tokenizer | None = getattr(_local, "tokenizer", None)
    if found is None:
        found = _dictionary().tokenizer(SplitMode.A)
        _local.tokenizer = found
    return found


def has_kanji(text: str) -> bool:
    return _KANJI.search(text) is not None


def _pieces(text: str) -> Iterator[str]:
    for line in text.splitlines(keepends=True):
        for start in range(0, len(line), _PIECE):
            yield line[start : start + _PIECE]


WORDS_CACHED = 2048
"""Texts whose words are kept (a few MB): the library renders an entry again at each step of
its case, and takes the old entry's words out of its vocabulary before adding the new
one's, so the same texts come back again and again while their case moves."""


@lru_cache(maxsize=WORDS_CACHED)
def words(text: str) -> tuple[tuple[str, str], ...]:
    """(as written, reading) of each word; the reading is the written form without kanji."""
    tokenizer = _tokenizer()
    found = []
    for piece in _pieces(text):
        for m in tokenizer.tokenize(piece):
            surface = m.surface()
            read = m.reading_form() if has_kanji(surface) else ""
            found.append((surface, read or surface))
    return tuple(found)


def reading(text: str) -> str:
    """The text with each word written in kanji replaced by its reading (katakana)."""
    if not has_kanji(text):
        return text
    return "".join(read for _, read in words(text))


def normalised_form(text: str) -> str:
    """The analyser's normalised spelling of a word (付合い → 付き合い, 障碍 → 障害)."""
    tokenizer = _tokenizer()
    return "".join(
        m.normalized_form() for piece in _pieces(text) for m in tokenizer.tokenize(piece)
    )
