"""Similar cases: cosine similarity of character 2–3-gram TF-IDF vectors (pure Python).

Cheap and offline (no model download); it finds cases that share rare words such as
フードバンク or 見守り even when the rest of the wording differs.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence

from projections.engine import Db, Dialect, Tables
from projections.library.entry import LibraryEntry
from projections.library.queries import get_entry
from projections.library.search import segments
from projections.text import normalise

Vector = dict[str, float]


def grams(text: str) -> Counter[str]:
    """Character 2- and 3-grams of each segment of the normalised text."""
    counts: Counter[str] = Counter()
    for segment in segments(normalise(text)):
        for n in (2, 3):
            counts.update(segment[i : i + n] for i in range(len(segment) - n + 1))
    return counts


def tfidf(documents: Mapping[str, str]) -> dict[str, Vector]:
    """Unit-length TF-IDF vectors (sublinear tf, smoothed idf) per document id."""
    counted = {key: grams(text) for key, text in documents.items()}
    df: Counter[str] = Counter()
    for counts in counted.values():
        df.update(counts.keys())
    n = len(documents)
    vectors: dict[str, Vector] = {}
    for key, counts in counted.items():
        vector = {
            g: (1 + math.log(c)) * (math.log((1 + n) / (1 + df[g])) + 1) for g, c in counts.items()
        }
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        vectors[key] = {g: v / norm for g, v in vector.items()}
    return vectors


def cosine(a: Vector, b: Vector) -> float:
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return sum(v * large.get(g, 0.0) for g, v in small.items())


def rank_similar(documents: Mapping[str, str], key: str, limit: int = 5) -> list[tuple[str, float]]:
    """The documents most like `key` (never `key` itself), best first, ties by id."""
    vectors = tfidf(documents)
    target = vectors[key]
    scored = [(other, cosine(target, v)) for other, v in vectors.items() if other != key]
    scored = [(other, score) for other, score in scored if score > 0]
    return sorted(scored, key=lambda s: (-s[1], s[0]))[:limit]


def similarity_text(entry: LibraryEntry) -> str:
    """What similarity compares: the story and the classifications, not names or numbers."""
    parts: Sequence[str] = (
        entry.title,
        entry.summary,
        entry.how_started,
        entry.lessons,
        *entry.field_labels,
        *(p.kind_label for p in entry.parties),
    )
    return "\n".join(parts)


def similar_cases(
    db: Db, dialect: Dialect, tables: Tables, case_id: str, limit: int = 5
) -> list[tuple[LibraryEntry, float]]:
    """Published cases most like a published case (an empty list for an unknown case)."""
    if get_entry(db, dialect, tables, case_id) is None:
        return []
    rows = db.execute(f"SELECT entry FROM {tables['entries']}").fetchall()
    entries = {e.case_id: e for e in (LibraryEntry.from_json(_first(r)) for r in rows)}
    documents = {key: similarity_text(e) for key, e in entries.items()}
    return [(entries[k], s) for k, s in rank_similar(documents, case_id, limit)]


def _first(row: object) -> str:
    if isinstance(row, Mapping):
        return str(next(iter(row.values())))
    return str(row[0])  # type: ignore[index]
