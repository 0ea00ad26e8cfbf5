"""Japanese text search, the pure part: normalisation, other spellings, bigram tokens.

The contract every store must keep: a record matches a query when, for every term of the
query, one of the term's spellings (itself, its variants and synonyms) is a substring of one
of the record's fields or of one of their readings, after both are normalised (NFKC, lower
case, runs of white space as one space, kana folded: たくしー finds タクシー). Fields and
readings are joined with a newline, which no term contains, so a match never crosses a field
boundary. The readings make a query in kana find words in kanji (しょくどう finds 食堂).

Bigram tokens are encoded as 8 ASCII characters (two base-36 code points) so that no
tokenizer (FTS5 `unicode61`, a text array) splits, folds or drops them.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from projections.library.lexicon import Groups, lexicon
from projections.library.readings import has_kanji, normalised_form, reading
from projections.text import basic, normalise

FIELD_SEPARATOR = "\n"
SEGMENT_BREAK = "x"  # an FTS token that no encoded bigram equals (those have 8 characters)
MAX_ALTERNATIVES = 16

EXACT, VARIANT, SYNONYM = "exact", "variant", "synonym"

_SPACE = re.compile(r"\s+")
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def search_text(fields: Iterable[str]) -> str:
    """The written text a store searches: normalised fields joined by a separator no term
    contains."""
    return FIELD_SEPARATOR.join(normalise(f) for f in fields)


def indexed_text(fields: Iterable[str]) -> tuple[str, int]:
    """What a store indexes, and the length of its written part: the written text, then the
    readings (`readings.py`) of the fields that hold a kanji, each apart from the others."""
    texts = list(fields)
    written = search_text(texts)
    read = [normalise(reading(basic(f))) for f in texts if has_kanji(f)]
    read = [r for r in dict.fromkeys(read) if r]
    return FIELD_SEPARATOR.join([written, *read]), len(written)


@lru_cache(maxsize=8)
def _normalised(groups: Groups) -> Groups:
    return tuple(tuple(dict.fromkeys(normalise(m) for m in group)) for group in groups)


def _expand(found: dict[str, str], groups: Groups, kind: str) -> None:
    for members in _normalised(groups):
        for candidate, member in itertools.product(list(found), members):
            if member in candidate:
                for other in members:
                    if len(found) < MAX_ALTERNATIVES:
                        found.setdefault(candidate.replace(member, other), kind)


def alternatives(word: str) -> dict[str, str]:
    """A word's spellings with their kinds: itself (exact), its variants (the list, the
    analyser's normalised form, a long vowel dropped at the end) and its synonyms."""
    term = normalise(word)
    found = {term: EXACT}
    lists = lexicon()
    _expand(found, lists.variants, VARIANT)
    if not _only_hiragana(term):  # kana words are found by their readings instead
        found.setdefault(normalise(normalised_form(word)), VARIANT)
    if len(term) >= 5 and term.endswith("ー"):  # コンピューター ↔ コンピュータ
        found.setdefault(term[:-1], VARIANT)
    _expand(found, lists.synonyms, SYNONYM)
    _expand(found, lists.variants, SYNONYM)
    return {alt: kind for alt, kind in list(found.items())[:MAX_ALTERNATIVES] if alt}


def _only_hiragana(text: str) -> bool:
    return all("\u3041" <= c <= "\u309f" or c == "ー" for c in text)


def variants(term: str) -> tuple[str, ...]:
    """The term and its other spellings (at most `MAX_ALTERNATIVES`)."""
    return tuple(alternatives(term))


@dataclass(frozen=True)
class Term:
    """One word of a query with its other spellings; it matches when any of them does."""

    text: str
    alternatives: tuple[str, ...]
    kinds: tuple[str, ...] = ()
    typed: str = ""  # as typed (NFKC, lower case), before kana folding

    @property
    def shortest(self) -> int:
        return min(len(a) for a in self.alternatives)

    def kind(self, alternative: str) -> str:
        """exact, variant or synonym."""
        if alternative == self.text:
            return EXACT
        found = dict(zip(self.alternatives, self.kinds, strict=False))
        return found.get(alternative, VARIANT)


def parse_query(query: str) -> tuple[Term, ...]:
    """Words separated by white space (全角 spaces too, by NFKC); all must match. A query
    parsed with the word lists as they are now is taken again from `_parsed` (the analyser
    and the lists give a query the same terms until the lists are edited: a fifth of a
    two-character search's CPU was its parse)."""
    return _parsed(query, lexicon().digest)


@lru_cache(maxsize=2048)
def _parsed(query: str, lists: str) -> tuple[Term, ...]:
    """`query`'s terms under the word lists whose digest is `lists` (the key only: the
    terms are worked out with the lists in use)."""
    words = dict.fromkeys(w for w in basic(query).split(" ") if w)
    terms: dict[str, Term] = {}
    for word in words:
        found = alternatives(word)
        text = next(iter(found))
        terms.setdefault(text, Term(text, tuple(found), tuple(found.values()), word))
    return tuple(terms.values())


def matches(fields: Sequence[str], terms: Sequence[Term]) -> bool:
    """The reference semantics: a plain substring scan of the normalised fields and their
    readings."""
    return matches_text(indexed_text(fields)[0], terms)


def matches_text(text: str, terms: Sequence[Term]) -> bool:
    """`matches` on a text made by `indexed_text`."""
    return all(any(alt in text for alt in term.alternatives) for term in terms)


# --- bigram tokens --------------------------------------------------------------------------


@cache
def _code(char: str) -> str:
    number = ord(char)
    out = ""
    for _ in range(4):
        number, digit = divmod(number, 36)
        out = _DIGITS[digit] + out
    return out


def bigram_token(pair: str) -> str:
    """Two characters as one 8-character ASCII token."""
    return _code(pair[0]) + _code(pair[1])


def segments(text: str) -> list[str]:
    """Runs of text between white space and field separators (no term spans two)."""
    return [s for s in _SPACE.split(text) if s]


def bigrams(segment: str) -> list[str]:
    return [segment[i : i + 2] for i in range(len(segment) - 1)]


def index_tokens(text: str) -> list[str]:
    """Tokens for a store's full-text index: each segment's bigrams, then a break token.

    The break keeps a phrase from joining the end of one segment to the start of the next.
    """
    tokens: list[str] = []
    for segment in segments(text):
        tokens.extend(bigram_token(b) for b in bigrams(segment))
        tokens.append(SEGMENT_BREAK)
    return tokens


def phrase(alternative: str) -> list[str]:
    """The consecutive tokens that a substring of two or more characters produces."""
    return [bigram_token(b) for b in bigrams(alternative)]


def bigram_key(pair: str) -> int:
    """A bigram as a signed 32-bit integer for a PostgreSQL `int4[]` GIN index.

    Characters beyond the BMP fold onto others: the key then only narrows the candidates,
    and the `strpos` that always follows it keeps the result exact.
    """
    value = ((ord(pair[0]) & 0xFFFF) << 16) | (ord(pair[1]) & 0xFFFF)
    return value - (1 << 31)


def bigram_keys(text: str) -> list[int]:
    """The distinct bigram keys of a search text, sorted (the PostgreSQL array column):
    `bigram_key` of each segment's bigrams, from the characters' codes in one pass (an
    entry's text has a few thousand; a call per bigram was most of an entry's keys)."""
    keys: set[int] = set()
    for segment in segments(text):
        codes = [ord(c) & 0xFFFF for c in segment]
        keys.update([((a << 16) | b) - (1 << 31) for a, b in itertools.pairwise(codes)])
    return sorted(keys)


def fts5_query(terms: Sequence[Term]) -> str | None:
    """An FTS5 MATCH expression (phrases of bigram tokens), or None if a term is too short."""
    if not terms or any(t.shortest < 2 for t in terms):
        return None
    parts = []
    for term in terms:
        phrases = [f'"{" ".join(phrase(a))}"' for a in term.alternatives]
        parts.append("(" + " OR ".join(phrases) + ")")
    return " AND ".join(parts)


def phrase_in(tokens: Sequence[str], wanted: Sequence[str]) -> bool:
    """Whether `wanted` occurs as consecutive tokens: what an FTS phrase query does."""
    n = len(wanted)
    return any(list(tokens[i : i + n]) == list(wanted) for i in range(len(tokens) - n + 1))
