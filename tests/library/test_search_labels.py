"""The labelled set of issue 15: recall and precision per kind of query, against the search
as it was before readings, kana folding and the word lists ("today"), in the same run.

`search_corpus.tsv` holds 30 cases written from the demo data and the seeds' vocabulary;
`search_labels.tsv` holds each query with the cases it must return and those left unjudged;
every other case must not be returned. Run with `-s` to see the table.
"""

from __future__ import annotations

import dataclasses
import itertools
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from projections.engine.base import Db, Dialect, Tables
from projections.library.as_of import library_of
from projections.library.entry import LibraryEntry
from projections.library.queries import LibraryQuery, matching_ids
from tests.library.given import entry

HERE = Path(__file__).parent
KINDS = ("exact", "two_char", "hiragana", "reading", "variant", "synonym")


@dataclass(frozen=True)
class Label:
    kind: str
    query: str
    must: frozenset[str]
    unjudged: frozenset[str]


def _rows(name: str) -> Iterator[list[str]]:
    for line in (HERE / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


def corpus() -> list[LibraryEntry]:
    cases = []
    for key, municipality, title, summary, lessons in _rows("search_corpus.tsv"):
        plain = entry(f"case-{key}", title, summary, lessons)
        cases.append(
            dataclasses.replace(
                plain,
                parties=(),
                outcome_figures=(),
                form=None,
                form_label=None,
                field_labels=(),
                municipality_label=municipality,
            )
        )
    return cases


def labels() -> list[Label]:
    found = []
    for kind, query, must, *rest in _rows("search_labels.tsv"):
        keys = frozenset(f"case-{k}" for k in must.split(",") if k)
        unjudged = frozenset(f"case-{k}" for k in (rest[0] if rest else "").split(",") if k)
        found.append(Label(kind, query, keys, unjudged))
    return found


# --- the search before issue 15, as its reference semantics (ADR 2026-11-23) ---------------

_TODAY_GROUPS = (
    ("子ども", "こども", "子供"),
    ("ひとり親", "一人親"),
    ("スマホ", "スマートフォン"),
    ("高齢者", "お年寄り"),
    ("障がい", "障害", "障碍"),
    ("町内会", "自治会"),
    ("居場所", "いばしょ"),
)


def _today_normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


def _today_variants(word: str) -> list[str]:
    found = [word]
    for group in _TODAY_GROUPS:
        members = [_today_normalise(m) for m in group]
        extra = [
            c.replace(m, o) for c, m in itertools.product(found, members) if m in c for o in members
        ]
        found = list(dict.fromkeys([*found, *extra]))[:16]
    return found


def today_ids(cases: Sequence[LibraryEntry], query: str) -> set[str]:
    words = [w for w in _today_normalise(query).split(" ") if w]
    out = set()
    for case in cases:
        texts = [_today_normalise(f) for f in case.search_fields()]
        if all(any(v in t for v in _today_variants(w) for t in texts) for w in words):
            out.add(case.case_id)
    return out


# --- scoring -------------------------------------------------------------------------------


@dataclass
class Score:
    relevant: int = 0
    found_relevant: int = 0
    judged_found: int = 0

    def add(self, label: Label, found: set[str]) -> None:
        self.relevant += len(label.must)
        self.found_relevant += len(found & label.must)
        self.judged_found += len(found - label.unjudged)

    @property
    def recall(self) -> float:
        return self.found_relevant / self.relevant if self.relevant else 1.0

    @property
    def precision(self) -> float:
        return self.found_relevant / self.judged_found if self.judged_found else 1.0


def score(search: Callable[[str], set[str]]) -> dict[str, Score]:
    scores: dict[str, Score] = defaultdict(Score)
    for label in labels():
        scores[label.kind].add(label, search(label.query))
    return scores


@pytest.fixture(scope="module")
def library() -> Iterator[tuple[Db, Tables]]:
    with library_of(corpus()) as (db, tables):
        yield db, tables


def test_the_labelled_set_is_large_enough_and_names_real_cases() -> None:
    keys = {c.case_id for c in corpus()}
    assert len(labels()) >= 100
    assert {label.kind for label in labels()} == set(KINDS)
    for label in labels():
        assert label.must, label
        assert label.must | label.unjudged <= keys, label


def test_recall_and_precision_per_kind(library: tuple[Db, Tables]) -> None:
    db, tables = library
    cases = corpus()
    now = score(lambda q: matching_ids(db, Dialect.SQLITE, tables, LibraryQuery(q)))
    before = score(lambda q: today_ids(cases, q))
    print("\nkind       queries  recall now/today  precision now/today")
    counts = defaultdict(int, {k: sum(lb.kind == k for lb in labels()) for k in KINDS})
    for kind in KINDS:
        n, b = now[kind], before[kind]
        print(
            f"{kind:10} {counts[kind]:7}  {n.recall:.3f} / {b.recall:.3f}"
            f"      {n.precision:.3f} / {b.precision:.3f}"
        )
    for label in labels():
        found = matching_ids(db, Dialect.SQLITE, tables, LibraryQuery(label.query))
        wrong = found - label.must - label.unjudged
        if label.must - found or wrong:
            print(f"{label.query}: missed {sorted(label.must - found)}, wrong {sorted(wrong)}")
    for kind in KINDS:
        assert now[kind].recall >= 0.95, kind
    assert now["exact"].precision >= before["exact"].precision
