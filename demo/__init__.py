"""Demo data for kyodo: realistic collaboration cases drawn from the seeds (Yamaguchi
Prefecture's and its cities' plans), loaded through the Ledger's own commands."""

from __future__ import annotations

from api.demo.closed import CLOSED_CASES
from api.demo.current import OPENING_CASES
from api.demo.loader import ContextFactory, DemoLoader, DemoSummary, default_context
from api.demo.meetings import MEETINGS
from api.demo.parties import PARTIES
from api.demo.spec import CaseSpec
from api.demo.success_region import REGIONAL_SUCCESSES
from api.demo.success_yamaguchi import YAMAGUCHI_SUCCESSES
from api.demo.under_way import UNDER_WAY_CASES
from domain.ledger import Ledger

__all__ = ["ALL_CASES", "MEETINGS", "PARTIES", "DemoSummary", "load_demo"]

ALL_CASES: tuple[CaseSpec, ...] = tuple(
    sorted(
        YAMAGUCHI_SUCCESSES + REGIONAL_SUCCESSES + CLOSED_CASES + OPENING_CASES + UNDER_WAY_CASES,
        key=lambda c: (c.opened, c.key),
    )
)


def load_demo(ledger: Ledger, context: ContextFactory | None = None) -> DemoSummary:
    """Record the demo parties, cases (oldest first) and meetings; return what was recorded.

    `context` builds each command's context from an actor and a correlation id; by default
    today's Tokyo date and the `import` source.
    """
    loader = DemoLoader(ledger, context or default_context)
    for party in PARTIES:
        loader.party(party)
    for case in ALL_CASES:
        loader.case(case)
    for meeting in MEETINGS:
        loader.meeting(meeting)
    return loader.summary
