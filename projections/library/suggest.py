"""「もしかして」: when a query finds nothing, a close spelling that does (one kana off).

The library keeps a vocabulary (`words` table: each word of the entries as the analyser
splits them, kana folded, and the reading of each word written in kanji, with the number of
entries that have it; the writer adds an entry's words and takes them away again when the
entry is rendered anew or withdrawn). A term that finds nothing is
edited once — a character dropped, two neighbours swapped, a kana changed or added — and
the edits are looked up among those words in one query; the most widespread one wins, and
the whole suggested query must find something before it is offered.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

from projections.engine import Db, Dialect, Tables
from projections.engine.writer import execute_many, text_array
from projections.library.readings import has_kanji, words
from projections.library.search import parse_query
from projections.text import basic, normalise

KANA = (
    "".join(chr(c) for c in range(0x3042, 0x3094) if chr(c) not in "ぃぅぇぉっゃゅょゎぢづ") + "ー"
)  # hiragana as folded (no small kana, no ぢ づ), and the long vowel mark
MAX_EDITED = 12  # longer terms are not edited: their edits would be too many to look up
WORDS_PER_STATEMENT = 400  # well under SQLite's limit of bound parameters
ENTRIES_CACHED = 512
"""Entries whose words are kept: a case's entry is rendered again at each of its steps, its
old words taken out of the vocabulary and the new ones added, mostly the same texts."""


def entry_words(fields: Iterable[str]) -> dict[str, str]:
    """{folded word: word as shown} of the texts: each word of two or more characters, and
    the reading (in hiragana) of each word written in kanji."""
    return dict(_entry_words(tuple(fields)))


@lru_cache(maxsize=ENTRIES_CACHED)
def _entry_words(fields: tuple[str, ...]) -> dict[str, str]:
    found: dict[str, str] = {}
    for field in fields:
        for surface, read in words(basic(field)):
            key = normalise(surface)
            if len(key) >= 2 and not key.isascii():
                found.setdefault(key, surface)
            if has_kanji(surface) and read != surface:
                found.setdefault(normalise(read), _hiragana(read))
    return found


def _hiragana(text: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)


def add_words(db: Db, dialect: Dialect, tables: Tables, found: dict[str, str]) -> None:
    """Count an entry's words in the vocabulary."""
    p, table = dialect.param, tables["words"]
    if not found:
        return
    counted = f"ON CONFLICT (word) DO UPDATE SET cases = {table}.cases + 1"
    if dialect is Dialect.POSTGRES:
        # one statement with two arrays: an entry has a few hundred words, and psycopg's
        # work per row of an `executemany` was most of the library's build
        (words, word_values), (shown, shown_values) = _arrays(p, found)
        db.execute(
            f"INSERT INTO {table} (word, shown, cases) "
            f"SELECT w, s, 1 FROM unnest({words}, {shown}) AS t(w, s) {counted}",
            [word_values, shown_values],
        )
        return
    execute_many(
        db,
        f"INSERT INTO {table} (word, shown, cases) VALUES ({p}, {p}, 1) {counted}",
        list(found.items()),
    )


def drop_words(db: Db, dialect: Dialect, tables: Tables, found: dict[str, str]) -> None:
    """Take an entry's words out of the vocabulary (a word no entry has any more goes):
    a few hundred words at a time, each word on its own row."""
    table = tables["words"]
    for chunk, marks in _chunks(dialect, list(found)):
        db.execute(f"UPDATE {table} SET cases = cases - 1 WHERE word IN ({marks})", chunk)
        db.execute(f"DELETE FROM {table} WHERE word IN ({marks}) AND cases <= 0", chunk)


def change_words(
    db: Db, dialect: Dialect, tables: Tables, old: dict[str, str], new: dict[str, str]
) -> None:
    """An entry's words go from `old` to `new`: the same vocabulary as taking all of `old`
    out and adding all of `new` (`drop_words`, `add_words`), by the words that differ."""
    drop_words(db, dialect, tables, {w: s for w, s in old.items() if w not in new})
    add_words(db, dialect, tables, {w: s for w, s in new.items() if w not in old})
    show_as(db, dialect, tables, {w: s for w, s in new.items() if w in old})


def show_as(db: Db, dialect: Dialect, tables: Tables, kept: dict[str, str]) -> None:
    """An entry keeps the words `kept`: their counts stay, and a word it alone holds is shown
    as it shows it, as it would be had the word gone and come back (another entry, since
    gone, may have set how it is shown)."""
    if not kept:
        return
    table, p = tables["words"], dialect.param
    if dialect is Dialect.POSTGRES:
        (words, word_values), (shown, shown_values) = _arrays(p, kept)
        db.execute(
            f"UPDATE {table} AS v SET shown = t.s FROM unnest({words}, {shown}) "
            "AS t(w, s) WHERE v.word = t.w AND v.cases = 1 AND v.shown <> t.s",
            [word_values, shown_values],
        )
        return
    for chunk, marks in _chunks(dialect, list(kept)):  # the few it alone holds, then those
        alone = db.execute(
            f"SELECT word, shown FROM {table} WHERE word IN ({marks}) AND cases = 1", chunk
        ).fetchall()
        for word, shown in alone:
            if shown != kept[word]:
                db.execute(f"UPDATE {table} SET shown = {p} WHERE word = {p}", [kept[word], word])


def _arrays(param: str, found: dict[str, str]) -> tuple[tuple[str, Any], tuple[str, Any]]:
    """The words and how they are shown, as two `text[]` parameters of the same length."""
    return text_array(param, list(found)), text_array(param, list(found.values()))


def _chunks(dialect: Dialect, words: list[str]) -> Iterator[tuple[list[str], str]]:
    """`words` a few hundred at a time, each chunk with its placeholders."""
    for start in range(0, len(words), WORDS_PER_STATEMENT):
        chunk = words[start : start + WORDS_PER_STATEMENT]
        yield chunk, ", ".join(dialect.param for _ in chunk)


def edits(term: str) -> set[str]:
    """Every spelling one edit away from `term` (the edits change or add kana only)."""
    splits = [(term[:i], term[i:]) for i in range(len(term) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    out |= {a + c + b[1:] for a, b in splits if b for c in KANA}
    out |= {a + c + b for a, b in splits for c in KANA}
    out.discard(term)
    return {e for e in out if len(e) >= 2}


def closest_word(db: Db, dialect: Dialect, tables: Tables, term: str) -> str | None:
    """The most widespread library word one edit away from `term`, as shown, or None."""
    if len(term) > MAX_EDITED:
        return None
    known, candidates = dialect.one_of("word", sorted(edits(term)))
    rows = db.execute(
        f"SELECT word, shown FROM {tables['words']} "
        f"WHERE {known} ORDER BY cases DESC, word LIMIT 1",
        candidates,
    ).fetchall()
    return str(_at(rows[0], 1)) if rows else None


def suggestion(db: Db, dialect: Dialect, tables: Tables, query: str, finds: Any) -> str | None:
    """A query one kana off per failing word that `finds(query)` (a count > 0), or None."""
    if not parse_query(query):
        return None
    shown: list[str] = []
    changed = False
    for word in dict.fromkeys(w for w in basic(query).split(" ") if w):
        if not finds(word):
            close = closest_word(db, dialect, tables, normalise(word))
            if close is None:
                return None
            word, changed = close, True
        shown.append(word)
    suggested = " ".join(shown)
    return suggested if changed and finds(suggested) else None


def _at(row: Sequence[Any] | Any, index: int) -> Any:
    return list(row.values())[index] if hasattr(row, "values") else row[index]
