"""Similar cases kept by their read model, on SQLite and PostgreSQL (the `settings` fixture):
the obviously related case first, withdrawals and corrections followed, and the kept lists
equal to a brute force over the stored signatures and to a rebuild from position 0."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from application.ledger import Ledger
from persistence.settings import Settings
from projections.engine import Update, Upsert, Writer
from projections.engine.service import ProjectionService, ServiceOptions
from projections.similar_cases.projection import SimilarCasesReadModel
from projections.similar_cases.queries import neighbours
from projections.similar_cases.vectors import best, grams, scores
from projections.similar_cases.writer import ALL, SimilarCasesWriter, _followed
from tests.library.given import published_case
from tests.library.readside import ReadSide, read_side
from tests.projections.support import dump, fresh_rebuild
from tests.support import CHIEF, TODAY, CaseFixture

MODEL = SimilarCasesReadModel()


@pytest.fixture
def side(ledger: Ledger, settings: Settings) -> Iterator[ReadSide]:
    with read_side(ledger, settings, [MODEL]) as opened:
        yield opened


def _near(side: ReadSide, given: CaseFixture, first: int = 5) -> list[str]:
    with side.reading(MODEL) as (db, tables):
        return [other for other, _ in neighbours(db, side.dialect, tables, str(given.id), first)]


def _three(ledger: Ledger) -> tuple[CaseFixture, CaseFixture, CaseFixture]:
    food = published_case(ledger, title="フードバンクの拠点づくり", summary="食品ロスを減らす")
    watch = published_case(ledger, title="高齢者の見守りネットワーク", summary="自治会と見守り")
    other_food = published_case(
        ledger, title="フードバンクと子ども食堂", summary="食品ロスを子どもの食事に"
    )
    return food, watch, other_food


def _withdraw(ledger: Ledger, given: CaseFixture) -> None:
    ledger.withdraw_success_case(CHIEF, given.id, reason="掲載内容の見直し", occurred_on=TODAY)


def test_the_case_sharing_rare_words_comes_first(ledger: Ledger, side: ReadSide) -> None:
    food, watch, other_food = _three(ledger)
    assert _near(side, food, 2) == [str(other_food.id), str(watch.id)]
    assert _near(side, other_food)[:1] == [str(food.id)]


def test_a_case_is_not_its_own_neighbour(ledger: Ledger, side: ReadSide) -> None:
    food, _, _ = _three(ledger)
    assert str(food.id) not in _near(side, food)


def test_a_withdrawn_case_leaves_every_list(ledger: Ledger, side: ReadSide) -> None:
    food, watch, other_food = _three(ledger)
    _withdraw(ledger, other_food)
    assert _near(side, other_food) == []
    assert _near(side, food) == [str(watch.id)]
    assert _near(side, watch) == [str(food.id)]


def test_a_correction_of_the_fields_re_scores_the_case(ledger: Ledger, side: ReadSide) -> None:
    story = {"title": "里山の竹林整備", "summary": "竹林を手入れする"}
    given = published_case(ledger, fields=("環境の保全",), **story)
    alike = published_case(ledger, fields=("環境の保全",), **story)
    apart = published_case(ledger, fields=("子どもの健全育成",), **story)
    assert _near(side, given)[:1] == [str(alike.id)]
    for case, fields in ((alike, ["子どもの健全育成"]), (apart, ["環境の保全"])):
        ledger.correct_step(
            CHIEF, case.id, corrected_version=1, changes={"fields": fields}, reason="分野の誤り"
        )
    assert _near(side, given)[:1] == [str(apart.id)]


def test_unpublished_cases_have_no_neighbours(ledger: Ledger, side: ReadSide) -> None:
    food, _, _ = _three(ledger)
    opened = CaseFixture(ledger)
    opened.open(title="フードバンクの拠点づくり")
    assert _near(side, opened) == []
    assert str(opened.id) not in _near(side, food)


def test_kept_lists_are_the_best_by_stored_signatures(ledger: Ledger, side: ReadSide) -> None:
    _, watch, _ = _three(ledger)
    more = [
        published_case(ledger, title=f"見守りと配食{i}", summary="食品と見守り") for i in range(3)
    ]
    _withdraw(ledger, watch)
    ledger.correct_step(
        CHIEF, more[0].id, corrected_version=1, changes={"fields": ["まちづくり"]}, reason="誤り"
    )
    with side.reading(MODEL) as (db, tables):
        postings = db.execute(f"SELECT case_id, gram, weight FROM {tables['postings']}").fetchall()
        kept = db.execute(f"SELECT case_id, other_id, score FROM {tables['neighbours']}").fetchall()
    vectors: dict[str, dict[str, float]] = {}
    for case_id, gram, weight in postings:
        vectors.setdefault(case_id, {})[gram] = weight
    expected = set()
    for case_id, mine in vectors.items():
        others = [(c, g, w) for c, g, w in postings if c != case_id and g in mine]
        expected |= {(case_id, o, s) for o, s in best(scores(mine, others))}
    assert {tuple(row) for row in kept} == expected
    assert len(vectors) == 5


def test_incremental_equals_rebuilt_from_zero(
    ledger: Ledger, settings: Settings, side: ReadSide
) -> None:
    service = ProjectionService(
        side.store,
        ledger.recorder,
        ledger.mapper.to_domain_event,
        [MODEL],
        options=ServiceOptions(batch_size=2),
    )
    food, watch, _ = _three(ledger)
    service.run_until_caught_up()
    _withdraw(ledger, food)
    ledger.correct_step(
        CHIEF, watch.id, corrected_version=1, changes={"fields": ["まちづくり"]}, reason="誤り"
    )
    service.run_until_caught_up()
    published_case(ledger, title="フードバンクの拠点", summary="食品ロス")
    service.run_until_caught_up()
    assert dump(side.store, MODEL) == fresh_rebuild(side.store, ledger, MODEL)


# --- a library larger than the candidate search reads --------------------------------------
# Candidates come from each signature gram's heaviest postings (PER_GRAM), so that a
# publication costs the same whatever the library's size. Caps of 1 and 2 make six cases such
# a library.


class CappedModel(SimilarCasesReadModel):
    def writer(self) -> Writer:
        return SimilarCasesWriter(per_gram=1, rescored=2)


CAPPED = CappedModel()


@pytest.fixture
def capped(ledger: Ledger, settings: Settings) -> Iterator[ReadSide]:
    with read_side(ledger, settings, [CAPPED], name="capped") as opened:
        yield opened


def _six(ledger: Ledger) -> list[CaseFixture]:
    food, watch, other_food = _three(ledger)
    return [
        food,
        watch,
        other_food,
        *(
            published_case(ledger, title=f"地域の見守り活動{i}", summary="地域で見守る活動")
            for i in range(3)
        ),
    ]


def _stored(side: ReadSide, model: SimilarCasesReadModel) -> tuple[dict, list]:
    with side.reading(model) as (db, tables):
        postings = db.execute(f"SELECT case_id, gram, weight FROM {tables['postings']}").fetchall()
        kept = db.execute(f"SELECT case_id, other_id, score FROM {tables['neighbours']}").fetchall()
    vectors: dict[str, dict[str, float]] = {}
    for case_id, gram, weight in postings:
        vectors.setdefault(str(case_id), {})[str(gram)] = float(weight)
    return vectors, [(str(c), str(o), float(s)) for c, o, s in kept]


def test_a_capped_search_still_finds_the_case_sharing_rare_words(
    ledger: Ledger, capped: ReadSide
) -> None:
    food, _, other_food, *_ = _six(ledger)
    with capped.reading(CAPPED) as (db, tables):
        near = [o for o, _ in neighbours(db, capped.dialect, tables, str(food.id), 5)]
    assert near[:1] == [str(other_food.id)]


def test_a_capped_search_keeps_exact_scores_and_fewer_candidates(
    ledger: Ledger, side: ReadSide, capped: ReadSide
) -> None:
    _six(ledger)
    vectors, kept = _stored(capped, CAPPED)
    _, uncapped = _stored(side, MODEL)
    assert len(vectors) == 6
    for case_id, other, score in kept:
        mine = vectors[case_id]
        exact = scores(mine, [(other, g, w) for g, w in vectors[other].items() if g in mine])
        assert score == pytest.approx(exact[other], rel=1e-12)
    # each list holds at most `rescored` cases of its own search, and those it entered
    assert len(kept) < len(uncapped)


def test_a_capped_search_is_the_same_rebuilt_from_zero(ledger: Ledger, capped: ReadSide) -> None:
    food, watch, *_ = _six(ledger)
    capped.catch_up()
    _withdraw(ledger, food)
    ledger.correct_step(
        CHIEF, watch.id, corrected_version=1, changes={"fields": ["まちづくり"]}, reason="誤り"
    )
    published_case(ledger, title="フードバンクの拠点", summary="食品ロス")
    capped.catch_up()
    assert dump(capped.store, CAPPED) == fresh_rebuild(capped.store, ledger, CAPPED)


# --- the staging rows followed in memory through a batch -------------------------------------


class _ReadBack(SimilarCasesWriter):
    staged = False


class ReadBackModel(SimilarCasesReadModel):
    def writer(self) -> Writer:
        return _ReadBack()


class _CountedReads:
    def __init__(self, db: Any, reads: list[str]) -> None:
        self.db, self.reads = db, reads

    def execute(self, sql: str, params: Any = ()) -> Any:
        if "SELECT fields, story, indexed" in sql:
            self.reads.append(sql)
        return self.db.execute(sql, params)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.db, name)


def test_rows_followed_in_memory_index_as_rows_read_back(ledger: Ledger, side: ReadSide) -> None:
    """Published, withdrawn, corrected and published again within one batch or across
    many: the same rows as reading each case's staging row back after each change."""
    food, watch, _ = _three(ledger)
    _withdraw(ledger, food)
    ledger.correct_step(
        CHIEF, watch.id, corrected_version=1, changes={"fields": ["まちづくり"]}, reason="誤り"
    )
    published_case(ledger, title="フードバンクの拠点", summary="食品ロス")
    for batch in (1, 2, 10_000):
        followed = fresh_rebuild(side.store, ledger, MODEL, batch)
        assert followed["neighbours"]
        assert followed == fresh_rebuild(side.store, ledger, ReadBackModel(), batch), batch


def test_each_grams_frequency_is_the_number_of_indexed_cases_holding_it(
    ledger: Ledger, side: ReadSide
) -> None:
    """The frequencies a batch keeps in memory and writes once at its end are those of the
    cases indexed then (a gram no case holds: no row), in one batch or in many."""
    food, watch, _ = _three(ledger)
    published_case(ledger, title="見守りと配食", summary="食品と見守り")
    _withdraw(ledger, food)
    ledger.correct_step(
        CHIEF, watch.id, corrected_version=1, changes={"fields": ["まちづくり"]}, reason="誤り"
    )
    for batch in (1, 3, 10_000):
        built = fresh_rebuild(side.store, ledger, MODEL, batch)
        indexed = [row[3] for row in built["cases"] if row[3] is not None]  # its `indexed`
        expected: Counter[str] = Counter({ALL: len(indexed)})
        for text in indexed:
            expected.update(grams(text).keys())
        assert len(indexed) == 3
        assert dict(built["grams"]) == dict(expected), batch


def test_a_batch_reads_its_cases_staging_rows_once(ledger: Ledger, side: ReadSide) -> None:
    _three(ledger)
    reads: list[str] = []

    class Counted(SimilarCasesWriter):
        def apply(self, db: Any, *rest: Any) -> None:
            super().apply(_CountedReads(db, reads), *rest)

    class CountedModel(SimilarCasesReadModel):
        def writer(self) -> Writer:
            return Counted()

    fresh_rebuild(side.store, ledger, CountedModel())
    assert reads == []  # the batch's rows come with the case ids, not per change

    class CountedBack(Counted):
        staged = False

    class CountedBackModel(SimilarCasesReadModel):
        def writer(self) -> Writer:
            return CountedBack()

    fresh_rebuild(side.store, ledger, CountedBackModel())
    assert len(reads) > 3


class _CountedWrites:
    """Counts the statements (an `executemany` as one) that write a case's staging row."""

    def __init__(self, db: Any, writes: list[str]) -> None:
        self.db, self.writes = db, writes

    def _count(self, sql: str) -> None:
        table = sql.split()[2 if sql.startswith("INSERT") else 1]
        if table.endswith(("_cases", "_cases_v2")) and "fields" in sql:
            self.writes.append(sql)

    def execute(self, sql: str, params: Any = ()) -> Any:
        self._count(sql)
        return self.db.execute(sql, params)

    def __getattr__(self, name: str) -> Any:
        found = getattr(self.db, name)
        if name != "executemany":  # SQLite's (PostgreSQL's connections have none)
            return found

        def executemany(sql: str, rows: Any) -> Any:
            self._count(sql)
            return found(sql, rows)

        return executemany


def test_a_batch_writes_its_cases_staging_rows_together(ledger: Ledger, side: ReadSide) -> None:
    """Followed in memory, the staging rows of a batch's opened cases go in a statement or
    two, not one per case (read back after each change: one each)."""
    _three(ledger)
    published_case(ledger, title="見守りと配食", summary="食品と見守り")

    def written(staged: bool) -> list[str]:
        writes: list[str] = []

        class Counted(SimilarCasesWriter):
            def apply(self, db: Any, *rest: Any) -> None:
                super().apply(_CountedWrites(db, writes), *rest)

        Counted.staged = staged

        class CountedModel(SimilarCasesReadModel):
            def writer(self) -> Writer:
                return Counted()

        fresh_rebuild(side.store, ledger, CountedModel())
        return writes

    assert len(written(staged=False)) >= 4  # the four opened cases, one statement each
    assert 1 <= len(written(staged=True)) <= 2


def test_only_the_case_rows_own_changes_are_followed() -> None:
    assert _followed(Upsert("cases", {"case_id": "c1"}, {"fields": "[]"}))
    assert _followed(Update("cases", {"case_id": "c1"}, {"story": None}))
    assert not _followed(Upsert("postings", {"case_id": "c1"}, {"weight": 1.0}))
    assert not _followed(Update("cases", {"case_id": "c1"}, {"last_score": 0.5}))
    assert not _followed(Update("cases", {"case_id": "c1"}, {"story": None}, when={"x": (1,)}))
    assert not _followed(Update("cases", {}, {"story": None}))
