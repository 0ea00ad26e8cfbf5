"""The pure part of similar cases: grams, weights, signatures and scores, no database."""

from __future__ import annotations

import random

from projections.similar_cases.vectors import best, grams, scores, signature, weights


def test_grams_do_not_span_lines_and_fold_kana() -> None:
    counted = grams("フードバンク\n見守り")
    assert "ふーど" in counted
    assert "く見" not in counted


def test_a_signature_keeps_shared_grams_before_unshared_heavier_ones() -> None:
    vector = {"ab": 0.9, "cd": 0.3, "ef": 0.2}
    kept = signature(vector, {"ab": 1, "cd": 2, "ef": 5}, size=2)
    assert list(kept) == ["cd", "ef"]


def test_a_signature_fills_the_room_left_with_unshared_grams() -> None:
    kept = signature({"ab": 0.9, "cd": 0.3}, {"cd": 2}, size=2)
    assert set(kept) == {"ab", "cd"}


def test_a_pair_scores_the_same_float_both_ways() -> None:
    df = dict.fromkeys(grams("子ども食堂と学習支援の拠点"), 2)
    a = signature(weights(grams("子ども食堂と学習支援"), df, 3), df)
    b = signature(weights(grams("学習支援と子ども食堂の拠点"), df, 3), df)
    a_to_b = scores(a, [("b", g, w) for g, w in b.items() if g in a])["b"]
    b_to_a = scores(b, [("a", g, w) for g, w in a.items() if g in b])["a"]
    assert a_to_b == b_to_a > 0


def test_a_score_is_its_products_added_in_gram_order_whatever_order_they_come_in() -> None:
    """The stored scores are floats: summed in another order they could differ in the last
    bit between a build from 0 and a live one. Each case's products are added in gram order,
    cases in id order; postings that come shuffled, across many cases, give exactly that."""
    rng = random.Random(11)
    for _ in range(200):
        grammed = [f"g{i:02d}" for i in range(rng.randint(1, 40))]
        mine = {g: rng.random() for g in grammed}
        held = {
            f"c{c:02d}": {g: rng.random() * rng.choice((1.0, -1.0, 1e-9, 1e9)) for g in picked}
            for c in range(rng.randint(0, 30))
            if (picked := rng.sample(grammed, rng.randint(1, len(grammed))))
        }
        expected = {}
        for case_id in sorted(held):
            total = 0.0
            for gram in sorted(held[case_id]):
                total += mine[gram] * held[case_id][gram]
            if total > 0:
                expected[case_id] = total
        postings = [(c, g, w) for c, weights_of in held.items() for g, w in weights_of.items()]
        rng.shuffle(postings)
        found = scores(mine, postings)
        assert found == expected
        assert list(found) == list(expected)


def test_the_best_come_first_ties_by_id() -> None:
    assert best({"c": 0.5, "b": 0.5, "a": 0.1}, size=2) == [("b", 0.5), ("c", 0.5)]
