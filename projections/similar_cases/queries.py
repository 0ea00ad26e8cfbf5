"""A published case's nearest published cases, as the projection keeps them: one indexed
read, best first (the library then shows those the caller may read)."""

from __future__ import annotations

from projections.engine import Db, Dialect, Tables
from projections.similar_cases.projection import SimilarCasesReadModel

MODEL = SimilarCasesReadModel()


def neighbours(
    db: Db, dialect: Dialect, tables: Tables, case_id: str, limit: int = 5
) -> list[tuple[str, float]]:
    """(case id, score) of the cases most like `case_id`, best first, ties by id; empty for
    a case not published (at most `NEIGHBOURS` are kept)."""
    p = dialect.param
    rows = db.execute(
        f"SELECT other_id, score FROM {tables['neighbours']} WHERE case_id = {p} "
        f"ORDER BY score DESC, other_id LIMIT {p}",
        [case_id, limit],
    ).fetchall()
    return [(str(r[0]), float(r[1])) for r in rows]
