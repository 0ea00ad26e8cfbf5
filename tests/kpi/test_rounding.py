"""One rounding rule for every displayed KPI figure: 四捨五入, computed exactly."""

from __future__ import annotations

from fractions import Fraction

import pytest

from projections.kpi.queries import rounded


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Fraction(100, 16), 6.3),  # 6.25: half to even would give 6.2
        (Fraction(1, 8), 0.1),  # 0.125 → 0.1 (the second decimal decides)
        (Fraction(3, 20), 0.2),  # 0.15: float round() gives 0.1 (0.1499…)
        (Fraction(-5, 100), -0.1),  # half away from zero
        (Fraction(49, 10), 4.9),
        (Fraction(2, 3) * 100, 66.7),
        (Fraction(25, 2), 12.5),  # a median between two days
        (Fraction(1045, 100), 10.5),  # 10.45: 10.4 in binary floating point
        (Fraction(7), 7.0),
    ],
)
def test_figures_are_rounded_half_up_to_one_decimal(value: Fraction, expected: float) -> None:
    assert rounded(value) == expected


def test_no_figure_stays_none() -> None:
    assert rounded(None) is None
