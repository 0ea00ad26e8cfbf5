"""The demo's cases, by group: published successes (山口市 and beyond), closed cases, cases
under way and recent ones. Each is its opening `ReceiveConsultation` and its steps."""

from __future__ import annotations

from demo.cases.closed import CLOSED_CASES
from demo.cases.current import OPENING_CASES
from demo.cases.success_region import REGIONAL_SUCCESSES
from demo.cases.success_yamaguchi import YAMAGUCHI_SUCCESSES
from demo.cases.under_way import UNDER_WAY_CASES
from demo.notation import DemoCase

ALL_CASES: tuple[DemoCase, ...] = tuple(
    sorted(
        YAMAGUCHI_SUCCESSES + REGIONAL_SUCCESSES + CLOSED_CASES + OPENING_CASES + UNDER_WAY_CASES,
        key=lambda c: (c.opening.occurred_on, c.key),
    )
)
"""Oldest first, so that case numbers come out the same on every load."""

__all__ = ["ALL_CASES"]
