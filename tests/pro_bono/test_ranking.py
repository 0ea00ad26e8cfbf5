"""How a candidate is ranked for a case, and why, without a database."""

from __future__ import annotations

from projections.suggestions.neighbours import neighbours
from projections.suggestions.ranking import Candidate, CaseFacts, rank, ranked

CASE = CaseFacts(
    case_id="c",
    centre="yamaguchi",
    municipality="35203",
    fields=frozenset({"child_development", "community_development"}),
    skills=frozenset({"pr_design"}),
    excluded=frozenset(),
)
NEAR = neighbours("35203")


def _org(name: str, municipality: str, *fields: str) -> Candidate:
    return Candidate(name, "npo_corporation", name, municipality, frozenset(fields))


def test_neighbours_are_symmetric_data() -> None:
    assert "35206" in neighbours("35203")
    assert "35203" in neighbours("35206")
    assert "35201" not in neighbours("35203")


def test_place_alone_suggests_no_one() -> None:
    assert rank(CASE, _org("山口の会", "35203", "environment"), NEAR) is None


def test_each_shared_field_and_the_place_count() -> None:
    found = rank(CASE, _org("山口の会", "35203", "child_development"), NEAR)

    assert found is not None
    assert found.score == 3 + 3
    assert found.reasons == ("同じ活動分野（子どもの健全育成）", "同じ市町（山口市）")


def test_a_neighbouring_municipality_counts_less() -> None:
    found = rank(CASE, _org("防府の会", "35206", "child_development"), NEAR)

    assert found is not None
    assert (found.score, found.reasons[-1]) == (3 + 1, "近隣の市町（防府市）")


def test_a_worker_brings_the_needed_skill_where_they_serve() -> None:
    worker = Candidate(
        "w",
        "pro_bono_worker",
        "プロボノワーカー（個人）",
        "35215",
        skills=frozenset({"pr_design"}),
        areas=frozenset({"35203"}),
    )

    found = rank(CASE, worker, NEAR)

    assert found is not None
    assert found.reasons == ("案件が必要とするスキル（広報・デザイン）", "山口市で活動できる")


def test_successes_and_replications_in_similar_cases_count() -> None:
    found = rank(CASE, _org("下関の会", "35201"), NEAR, successes=2, replications=1)

    assert found is not None
    assert found.score == 2 * 2 + 2
    assert found.reasons == ("似た案件2件で協働に成功", "成功事例の横展開に1件参加")


def test_ties_are_broken_by_name_then_id() -> None:
    a = rank(CASE, _org("あおば", "35203", "child_development"), NEAR)
    b = rank(CASE, _org("いろは", "35203", "child_development"), NEAR)
    assert a is not None
    assert b is not None

    assert [s.name for s in ranked([b, a], 1)] == ["あおば"]
