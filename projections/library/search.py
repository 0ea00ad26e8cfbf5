"""Japanese text search, the pure part: normalisation, spelling variants, bigram tokens.

The contract every store must keep: a record matches a query when, for every term of the
query, one of the term's spelling variants is a substring of one of the record's fields,
after both are normalised (NFKC, lower case, runs of white space as one space). Fields are
joined with a newline, which no term contains, so a match never crosses a field boundary.

Bigram tokens are encoded as 8 ASCII characters (two base-36 code points) so that no
tokenizer (FTS5 `unicode61`, a text array) splits, folds or drops them.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

FIELD_SEPARATOR = "\n"
SEGMENT_BREAK = "x"  # an FTS token that no encoded bigram equals (those have 8 characters)
MAX_ALTERNATIVES = 16

_SPACE = re.compile(r"\s+")
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"

# Groups of spellings that mean the same; a query for one finds the others.
VARIANT_GROUPS: tuple[tuple[str, ...], ...] = (
    ("子ども", "こども", "子供"),
    ("ひとり親", "一人親"),
    ("スマホ", "スマートフォン"),
    ("高齢者", "お年寄り"),
    ("障がい", "障害", "障碍"),
    ("町内会", "自治会"),
    ("居場所", "いばしょ"),
)


def normalise(text: str) -> str:
    """NFKC, lower case, white space collapsed: used both when storing and when querying."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text).lower()).strip()


def search_text(fields: Iterable[str]) -> str:
    """The text a store searches: normalised fields joined by a separator no term contains."""
    return FIELD_SEPARATOR.join(normalise(f) for f in fields)


def _groups() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(dict.fromkeys(normalise(v) for v in group)) for group in VARIANT_GROUPS)


_NORMALISED_GROUPS = _groups()


def variants(term: str) -> tuple[str, ...]:
    """The term and its spellings from `VARIANT_GROUPS` (at most `MAX_ALTERNATIVES`)."""
    found: list[str] = [term]
    for group in _NORMALISED_GROUPS:
        extra: list[str] = []
        for candidate, member in itertools.product(found, group):
            if member in candidate:
                extra.extend(candidate.replace(member, other) for other in group)
        found = list(dict.fromkeys([*found, *extra]))[:MAX_ALTERNATIVES]
    return tuple(found)


@dataclass(frozen=True)
class Term:
    """One word of a query with its spelling variants; it matches when any variant does."""

    text: str
    alternatives: tuple[str, ...]

    @property
    def shortest(self) -> int:
        return min(len(a) for a in self.alternatives)


def parse_query(query: str) -> tuple[Term, ...]:
    """Words separated by white space (全角 spaces too, by NFKC); all must match."""
    words = dict.fromkeys(w for w in normalise(query).split(" ") if w)
    return tuple(Term(w, variants(w)) for w in words)


def matches(fields: Sequence[str], terms: Sequence[Term]) -> bool:
    """The reference semantics: a plain substring scan of the normalised fields."""
    texts = [normalise(f) for f in fields]
    return all(any(alt in t for alt in term.alternatives for t in texts) for term in terms)


# --- bigram tokens --------------------------------------------------------------------------


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
    and the `LIKE` that always follows it keeps the result exact.
    """
    value = ((ord(pair[0]) & 0xFFFF) << 16) | (ord(pair[1]) & 0xFFFF)
    return value - (1 << 31)


def bigram_keys(text: str) -> list[int]:
    """The distinct bigram keys of a search text, sorted (the PostgreSQL array column)."""
    return sorted({bigram_key(b) for s in segments(text) for b in bigrams(s)})


def fts5_query(terms: Sequence[Term]) -> str | None:
    """An FTS5 MATCH expression (phrases of bigram tokens), or None if a term is too short."""
    if not terms or any(t.shortest < 2 for t in terms):
        return None
    parts = []
    for term in terms:
        phrases = [f'"{" ".join(phrase(a))}"' for a in term.alternatives]
        parts.append("(" + " OR ".join(phrases) + ")")
    return " AND ".join(parts)


def like_pattern(alternative: str) -> str:
    """`%text%` with LIKE's wildcards escaped (use with `ESCAPE '\\'`)."""
    escaped = alternative.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def phrase_in(tokens: Sequence[str], wanted: Sequence[str]) -> bool:
    """Whether `wanted` occurs as consecutive tokens: what an FTS phrase query does."""
    n = len(wanted)
    return any(list(tokens[i : i + n]) == list(wanted) for i in range(len(tokens) - n + 1))
