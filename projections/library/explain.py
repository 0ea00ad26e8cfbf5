"""Why an entry matched a query, for display: a snippet with the matched words marked, and
the reason of each word's match — as typed, 「表記ゆれ」 (another spelling, kana folding
included), 「類義語」 (a synonym) or 「読み」 (the reading of words written in kanji).

Pure, and run on the page's entries only (20 at most), never on the whole library. The
snippet is cut from one field as written (NFKC, spaces collapsed), so it reads like the case.
The analyser's words of each field are computed when the entry is written (`field_words`)
and stored beside it, so that a search reads them instead of running the analyser again.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from projections.library.entry import LibraryEntry
from projections.library.readings import has_kanji, words
from projections.library.search import EXACT, SYNONYM, Term
from projections.text import fold_kana

READING, VARIANT_LABEL, SYNONYM_LABEL = "読み", "表記ゆれ", "類義語"
WINDOW = 36  # characters shown before and after the first matched word


@dataclass(frozen=True)
class MatchedWord:
    """One query word: what it found in the case, and why (None: as typed)."""

    query: str
    found: str
    reason: str | None


@dataclass(frozen=True)
class SnippetPart:
    text: str
    highlighted: bool


@dataclass(frozen=True)
class SearchMatch:
    snippet: tuple[SnippetPart, ...]
    words: tuple[MatchedWord, ...]

    @property
    def reasons(self) -> tuple[str, ...]:
        found = {w.reason for w in self.words if w.reason}
        return tuple(r for r in (READING, VARIANT_LABEL, SYNONYM_LABEL) if r in found)


def display(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


FieldWords = tuple[tuple[str, str], ...] | None
"""(as written, reading) of each word of a field as displayed; None for a field without a
kanji (no reading of its own)."""


def field_words(entry: LibraryEntry) -> str:
    """The analyser's words of each displayed field, as JSON: per field null (no kanji) or a
    list with the number of characters of each word, or [characters, reading] for a word
    whose reading differs from its writing."""
    encoded: list[list[int | list[int | str]] | None] = []
    for shown in (display(f) for f in entry.search_fields()):
        if not has_kanji(shown):
            encoded.append(None)
            continue
        encoded.append([len(s) if r == s else [len(s), r] for s, r in words(shown)])
    return json.dumps(encoded, ensure_ascii=False, separators=(",", ":"))


def stored_words(fields: Sequence[str], stored: str | None) -> list[FieldWords] | None:
    """`field_words` read back against the displayed fields; None when it does not fit them
    (then the analyser runs again)."""
    if not stored:
        return None
    encoded = json.loads(stored)
    if not isinstance(encoded, list) or len(encoded) != len(fields):
        return None
    found: list[FieldWords] = []
    for shown, items in zip(fields, encoded, strict=True):
        if items is None:
            found.append(None)
            continue
        pairs, at = [], 0
        for item in items:
            size, read = (item, None) if isinstance(item, int) else item
            surface = shown[at : at + size]
            pairs.append((surface, surface if read is None else read))
            at += size
        if at != len(shown):
            return None
        found.append(tuple(pairs))
    return found


SHOWN_CACHED = 1024
"""Entries whose displayed fields, their searchable forms and stored words are kept between
searches (a search explains each entry it shows; the entries a library's searches find
recur)."""


@dataclass(frozen=True)
class Shown:
    """An entry's searched fields as displayed, and what explaining a match reads of each,
    computed once per entry rather than per field, term and search: lower-cased and
    kana-folded (`searchable`), lower-cased (`lowered`), and the stored words (`split`)."""

    fields: tuple[str, ...]
    searchable: tuple[str, ...]
    lowered: tuple[str, ...]
    split: tuple[FieldWords, ...]


@lru_cache(maxsize=SHOWN_CACHED)
def shown_words(searched: tuple[str, ...], stored: str | None) -> Shown:
    """The searched fields as displayed, with their searchable forms and their stored words
    read back (`stored_words`; each None when they do not fit, the analyser then runs)."""
    fields = tuple(display(f) for f in searched)
    found = stored_words(fields, stored)
    lowered = tuple(shown.lower() for shown in fields)
    return Shown(
        fields,
        tuple(_searchable(shown, low) for shown, low in zip(fields, lowered, strict=True)),
        lowered,
        tuple(None for _ in fields) if found is None else tuple(found),
    )


def _searchable(shown: str, lowered: str) -> str:
    """Kana-folded, lower-cased where that keeps one character for one (positions in it are
    those of the displayed text)."""
    return fold_kana(lowered if len(lowered) == len(shown) else shown)


Span = tuple[int, int]


def _in_writing(searchable: str, lowered: str, term: Term) -> tuple[Span, str | None] | None:
    for alternative in term.alternatives:
        at = searchable.find(alternative)
        if at < 0:
            continue
        kind = term.kind(alternative)
        if kind == EXACT:
            as_typed = (term.typed or term.text) in lowered
            reason = None if as_typed else VARIANT_LABEL
        else:
            reason = SYNONYM_LABEL if kind == SYNONYM else VARIANT_LABEL
        return (at, at + len(alternative)), reason
    return None


def _in_reading(shown: str, term: Term, split: FieldWords) -> Span | None:
    """The span of the written words whose reading holds one of the term's spellings."""
    if not has_kanji(shown):
        return None
    spans: list[Span] = []
    owners: list[int] = []
    reads: list[str] = []
    for surface, read in split if split is not None else words(shown):
        start = spans[-1][1] if spans else 0
        owners += [len(spans)] * len(read)
        spans.append((start, start + len(surface)))
        reads.append(read)
    reading = fold_kana("".join(reads))  # one character for one: owners stay in step
    for alternative in term.alternatives:
        at = reading.find(alternative)
        if at >= 0:
            return spans[owners[at]][0], spans[owners[at + len(alternative) - 1]][1]
    return None


def _found(shown: Shown, term: Term) -> tuple[int, Span, str | None] | None:
    """(field index, span, reason) of the term's best match: writing first, then reading."""
    for index, searchable in enumerate(shown.searchable):
        hit = _in_writing(searchable, shown.lowered[index], term)
        if hit is not None:
            return index, hit[0], hit[1]
    for index, field in enumerate(shown.fields):
        span = _in_reading(field, term, shown.split[index])
        if span is not None:
            return index, span, READING
    return None


def explain(
    entry: LibraryEntry, terms: Sequence[Term], stored: str | None = None
) -> SearchMatch | None:
    """The snippet and reasons of an entry's match; None without terms. `stored` is the
    entry's `field_words` (without it, the analyser reads the fields again)."""
    if not terms:
        return None
    shown = shown_words(tuple(entry.search_fields()), stored)
    fields = shown.fields
    found = [(term, _found(shown, term)) for term in terms]
    matched = tuple(
        MatchedWord(term.typed or term.text, fields[hit[0]][hit[1][0] : hit[1][1]], hit[2])
        for term, hit in found
        if hit is not None
    )
    hits = [hit for _, hit in found if hit is not None]
    if not hits:
        return SearchMatch((SnippetPart(fields[0], False),), matched)
    field = max({h[0] for h in hits}, key=lambda i: (sum(h[0] == i for h in hits), -i))
    spans = sorted(h[1] for h in hits if h[0] == field)
    return SearchMatch(_snippet(fields[field], spans), matched)


def _snippet(text: str, spans: Sequence[Span]) -> tuple[SnippetPart, ...]:
    """The text around the first span, the spans within it highlighted (overlaps merged)."""
    begin = max(0, spans[0][0] - WINDOW)
    end = min(len(text), spans[0][1] + 2 * WINDOW)
    parts: list[SnippetPart] = []
    at = begin
    for start, stop in spans:
        start, stop = max(start, at), min(stop, end)
        if start >= stop:
            continue
        if start > at:
            parts.append(SnippetPart(text[at:start], False))
        parts.append(SnippetPart(text[start:stop], True))
        at = stop
    if at < end:
        parts.append(SnippetPart(text[at:end], False))
    if begin > 0:
        parts.insert(0, SnippetPart("…", False))
    if end < len(text):
        parts.append(SnippetPart("…", False))
    return tuple(parts)
