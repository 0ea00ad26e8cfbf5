"""Queries over the attention read model: the open cases of some centres (or of one
facilitator) with their dates, and which of them need attention on a day (`rules.py`).

The rules run on the rows of the open cases asked for: a centre keeps hundreds of them, not
more, so no day-dependent SQL is needed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from projections.attention.projection import ACTIVITY, REVIEW, AttentionReadModel
from projections.attention.rules import (
    AttentionCase,
    AttentionReason,
    CaseFacts,
    Thresholds,
    attention,
)
from projections.engine import ReadConnections
from projections.engine.keyset import Conditions, where_clause
from projections.engine.rows import from_row

MODEL = AttentionReadModel()


@dataclass(frozen=True)
class AttentionFilter:
    """Which open cases to look at: None means any."""

    centres: Collection[str] | None = None
    facilitator_id: str | None = None


def _select(kinds: tuple[str, str]) -> str:
    return (
        "SELECT c.case_id, c.number, c.title, c.centre, c.facilitator_id, c.state, "
        "c.period_end, c.next_actions, c.roundtable_on, s.last_step_on, s.activity_on, "
        "s.review_on FROM {cases} c JOIN (SELECT case_id, MAX(occurred_on) AS last_step_on, "
        f"MAX(CASE WHEN kind = '{kinds[0]}' THEN occurred_on END) AS activity_on, "
        f"MAX(CASE WHEN kind = '{kinds[1]}' THEN occurred_on END) AS review_on "
        "FROM {steps} GROUP BY case_id) s ON s.case_id = c.case_id"
    )


class AttentionQueries:
    def __init__(self, connections: ReadConnections) -> None:
        self.connections = connections

    def open_cases(self, where: AttentionFilter | None = None) -> list[CaseFacts]:
        """The open cases that meet the filter, in order of case number."""
        f = where or AttentionFilter()
        with self.connections.reading() as db:
            tables = self.connections.tables(MODEL, db)
            if tables is None:
                return []
            c = Conditions(self.connections.dialect).add("c.closed = 0")
            c.one_of("c.centre", None if f.centres is None else sorted(f.centres))
            c.equal("c.facilitator_id", f.facilitator_id)
            select = _select((ACTIVITY, REVIEW)).format_map(tables)
            sql = f"{select}{where_clause(c.parts)} ORDER BY c.number, c.case_id"
            rows = db.execute(sql, c.params).fetchall()
        return [from_row(CaseFacts, row) for row in rows]

    def attention_list(
        self, as_of: date, thresholds: Thresholds, where: AttentionFilter | None = None
    ) -> list[AttentionCase]:
        """The cases that need attention on `as_of`, the longest due first."""
        found = [attention(f, as_of, thresholds) for f in self.open_cases(where)]
        cases = [a for a in found if a is not None]
        return sorted(cases, key=lambda a: (a.due_on, a.number))

    def counts(self, as_of: date, thresholds: Thresholds) -> dict[AttentionReason, int]:
        """How many cases need attention for each reason (a case may count under several)."""
        counted = Counter(
            r.reason for a in self.attention_list(as_of, thresholds) for r in a.reasons
        )
        return {reason: counted.get(reason, 0) for reason in AttentionReason}
