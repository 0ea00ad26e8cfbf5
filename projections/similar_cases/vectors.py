"""What similarity compares, and how (pure): character 2- and 3-gram TF-IDF vectors.

Cheap and offline (no model download); it finds cases that share rare words such as
フードバンク or 見守り even when the rest of the wording differs. A case keeps only its
`SIGNATURE` most distinctive grams (the highest weights of its unit vector, weighed with the
document frequencies of the moment it was indexed, those other cases share first); two
cases are as similar as the dot product of their signatures, summed in gram order so that
both sides compute the same float. Candidates come from each signature gram's heaviest
postings (`PER_GRAM`), so that a publication costs the same in a library of 1,000 cases and
of 100,000; below that, the lists are exactly the best by score.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from domain.vocabulary import FIELD_BY_KEY
from projections.text import normalise

SIGNATURE = 96
"""Grams kept per case (a story of 150 characters has about 300): measured on generated
stories against the exact TF-IDF ranking, 64 kept too few of the shared words, 128 cost
twice as much per publication (docs/adr/2026-12-03-similar-cases.md)."""
NEIGHBOURS = 20
"""Neighbours kept per case: `similarCases` answers at most this many."""
PER_GRAM = 100
"""Candidates are looked for among each signature gram's this many heaviest postings: a gram
most stories share (活動, 地域) would otherwise bring in the whole library, and make every
publication cost as much as the library is large (a build from 0 grows with its square).
A gram rarer than this, where two cases' likeness lies, is read whole."""
RESCORED = 200
"""Of the candidates, this many, best by the postings read, are scored exactly (their whole
signatures): the case's list is the best of them, and they are the lists it may enter."""

Vector = dict[str, float]


def similarity_text(story: Mapping[str, str], fields: Sequence[str]) -> str:
    """What similarity compares: the published story and the fields of activity, not names,
    places or numbers (one line each, so that no gram spans two)."""
    parts = [story["title"], story["summary"], story["how_started"], story["lessons"]]
    parts += [FIELD_BY_KEY[f].ja for f in fields if f in FIELD_BY_KEY]
    return "\n".join(parts)


def story_json(title: str, summary: str, how_started: str, lessons: str) -> str:
    story = {"title": title, "summary": summary, "how_started": how_started, "lessons": lessons}
    return json.dumps(story, ensure_ascii=False, sort_keys=True)


def grams(text: str) -> Counter[str]:
    """Character 2- and 3-grams of each word of the normalised text (normalising makes line
    breaks spaces: no gram spans two lines)."""
    counts: Counter[str] = Counter()
    for segment in normalise(text).split(" "):
        for n in (2, 3):
            counts.update(segment[i : i + n] for i in range(len(segment) - n + 1))
    return counts


def weights(counts: Mapping[str, int], df: Mapping[str, int], documents: int) -> Vector:
    """The unit TF-IDF vector (sublinear tf, smoothed idf) of a case's gram counts, given
    each gram's document frequency among `documents` indexed cases (this one included)."""
    vector = {
        g: (1 + math.log(c)) * (math.log((1 + documents) / (1 + df.get(g, 1))) + 1)
        for g, c in counts.items()
    }
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {g: v / norm for g, v in vector.items()}


def signature(vector: Mapping[str, float], df: Mapping[str, int], size: int = SIGNATURE) -> Vector:
    """The `size` heaviest grams that other cases share (`df` ≥ 2), then, if room is left,
    the heaviest of its own; among equal weights the longer gram (more specific).

    A gram no other case has yet is the heaviest of all and matches nothing now: a story
    holds many (names, rare compounds), and kept first they would crowd out the shared
    rare words (フードバンク) that make two cases alike."""
    kept = sorted(vector.items(), key=lambda gw: (df.get(gw[0], 1) < 2, -gw[1], -len(gw[0]), gw[0]))
    return dict(kept[:size])


def scores(mine: Mapping[str, float], postings: Iterable[tuple[str, str, float]]) -> Vector:
    """Each other case's score against `mine`, from its postings (case id, gram, weight)
    on the same grams; summed in gram order, so that a pair scores the same both ways.
    The postings are grouped by case and only each case's few sorted (most share one
    gram), not all of a publication's candidates' thousands by a key function: that sort
    was a quarter of the build's CPU. The same additions in the same order: the same
    floats."""
    by_case: dict[str, list[tuple[str, float]]] = {}
    for case_id, gram, weight in postings:
        held = by_case.get(case_id)
        if held is None:
            by_case[case_id] = [(gram, weight)]
        else:
            held.append((gram, weight))
    totals: Vector = {}
    for case_id in sorted(by_case):
        held = by_case[case_id]
        if len(held) > 1:
            held.sort()  # by gram: a case has one posting per gram
        total = 0.0
        for gram, weight in held:
            total += mine[gram] * weight
        if total > 0:
            totals[case_id] = total
    return totals


def best(scored: Mapping[str, float], size: int = NEIGHBOURS) -> list[tuple[str, float]]:
    """The `size` best (id, score), best first, ties by id."""
    return sorted(scored.items(), key=lambda s: (-s[1], s[0]))[:size]
