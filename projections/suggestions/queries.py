"""A case's suggested partners, from the suggestions read model, in two passes whatever the
number of parties: one grouped statement scores every candidate on what SQL can count
(needed skills, shared fields, similar successes and replications); only those that the
place could still lift into the first `first` (it adds at most `SAME_PLACE`) have their facts
read and are ranked with their reasons by `ranking.py`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from projections.engine import Db, Dialect, ReadConnections, Tables
from projections.suggestions.neighbours import neighbours
from projections.suggestions.projection import SuggestionsReadModel
from projections.suggestions.ranking import (
    FIELD,
    REPLICATION,
    SAME_PLACE,
    SKILL,
    SUCCESS,
    Candidate,
    CaseFacts,
    Suggestion,
    rank,
    ranked,
)

MODEL = SuggestionsReadModel()
CHUNK = 500
"""Ids per `IN (...)` list."""

_SCORED = """
WITH {alike_cte}sk AS (SELECT party_id, COUNT(*) AS n FROM {party_skills}
       WHERE skill IN ({skills}) GROUP BY party_id),
fd AS (SELECT party_id, COUNT(*) AS n FROM {party_fields}
       WHERE field IN ({fields}) GROUP BY party_id),
su AS (SELECT cp.party_id, COUNT(DISTINCT cp.case_id) AS n FROM {case_parties} cp
       {in_alike} WHERE cp.succeeded = 1 {and_in_alike} GROUP BY cp.party_id),
re AS (SELECT cp.party_id, COUNT(DISTINCT cp.case_id) AS n FROM {case_parties} cp
       JOIN {cases} c ON c.case_id = cp.case_id {in_alike}
       WHERE c.replicates IS NOT NULL {and_in_alike}
       GROUP BY cp.party_id),
cand AS (SELECT party_id FROM sk UNION SELECT party_id FROM fd UNION SELECT party_id FROM su)
SELECT p.party_id, COALESCE(sk.n, 0), COALESCE(fd.n, 0), COALESCE(su.n, 0), COALESCE(re.n, 0)
FROM cand JOIN {parties} p ON p.party_id = cand.party_id
LEFT JOIN sk ON sk.party_id = p.party_id
LEFT JOIN fd ON fd.party_id = p.party_id
LEFT JOIN su ON su.party_id = p.party_id
LEFT JOIN re ON re.party_id = p.party_id
WHERE p.kind <> 'pro_bono_worker' OR (p.in_bank = 1 AND p.contact_consent = 1)
"""
_ALIKE = "case_id FROM {case_fields} WHERE field IN ({fields}) AND case_id <> {p}"
"""The cases sharing a field with the case: where their similar successes and replications
come from."""
_ALIKE_AT = {
    # SQLite: one `alike` CTE, read by both counts (148 ms at 100,000 cases).
    Dialect.SQLITE: {
        "alike_cte": f"alike AS (SELECT {_ALIKE}),\n",
        "in_alike": "",
        "and_in_alike": "AND cp.case_id IN (SELECT case_id FROM alike)",
    },
    # PostgreSQL plans a shared CTE (materialised: it is read twice) as 200 rows and loops over
    # an index for each of its ~30% of the cases; joined as a sub-query in each place it gets
    # real estimates and a hash join (357 → 193 ms at 100,000 cases; SQLite takes 209 ms so).
    # Same rows either way (bench/suggestions.py, tests on both).
    Dialect.POSTGRES: {
        "alike_cte": "",
        "in_alike": f"JOIN (SELECT DISTINCT {_ALIKE}) a ON a.case_id = cp.case_id",
        "and_in_alike": "",
    },
}


def _marks(p: str, values: Sequence[Any]) -> str:
    return ", ".join([p] * len(values))


def _chunks(values: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


class SuggestionQueries:
    def __init__(self, connections: ReadConnections) -> None:
        self.connections = connections
        self.p = connections.dialect.param

    def case_facts(self, case_id: str) -> CaseFacts | None:
        with self.connections.reading() as db:
            tables = self.connections.tables(MODEL, db)
            return None if tables is None else self._case(db, tables, case_id)

    def suggested_partners(self, case_id: str, first: int = 10) -> list[Suggestion]:
        """Registered organisations and pro bono workers in the bank (who may be contacted)
        for the case, best first; parties already in it (or who left it) are not."""
        with self.connections.reading() as db:
            t = self.connections.tables(MODEL, db)
            if t is None:
                return []
            case = self._case(db, t, case_id)
            if case is None or not (case.fields or case.skills):
                return []
            counted = self._counted(db, t, case)
            contenders = _contenders(counted, first)
            candidates = self._candidates(db, t, sorted(contenders))
        near = neighbours(case.municipality)
        found = [rank(case, c, near, counted[i][2], counted[i][3]) for i, c in candidates.items()]
        return ranked([s for s in found if s is not None], first)

    def _case(self, db: Db, t: Tables, case_id: str) -> CaseFacts | None:
        p = self.p
        row = db.execute(
            f"SELECT centre, municipality, initiating_party FROM {t['cases']} WHERE case_id = {p}",
            [case_id],
        ).fetchone()
        if row is None:
            return None

        def codes(sql: str) -> frozenset[str]:
            return frozenset(r[0] for r in db.execute(sql, [case_id]).fetchall())

        return CaseFacts(
            case_id=case_id,
            centre=row[0],
            municipality=row[1],
            fields=codes(f"SELECT field FROM {t['case_fields']} WHERE case_id = {p}"),
            skills=codes(f"SELECT skill FROM {t['case_needs']} WHERE case_id = {p}"),
            excluded=codes(f"SELECT party_id FROM {t['case_parties']} WHERE case_id = {p}")
            | {row[2]},
        )

    def _counted(self, db: Db, t: Tables, case: CaseFacts) -> dict[str, tuple[int, int, int, int]]:
        """Per candidate not excluded: needed skills, shared fields, similar successes and
        similar replications it counts."""
        fields = sorted(case.fields) or [""]  # "": matches nothing, keeps the SQL valid
        skills = sorted(case.skills) or [""]
        p = self.p
        marks = {
            "p": p,
            "fields": _marks(p, fields),
            "skills": _marks(p, skills),
            **dict(t.items()),
        }
        dialect = self.connections.dialect
        alike = {k: v.format(**marks) for k, v in _ALIKE_AT[dialect].items()}
        sql = _SCORED.format(**marks, **alike)
        if dialect is Dialect.SQLITE:
            params = [*fields, case.case_id, *skills, *fields]
        else:
            params = [*skills, *fields, *fields, case.case_id, *fields, case.case_id]
        rows = db.execute(sql, params).fetchall()
        return {
            r[0]: (int(r[1]), int(r[2]), int(r[3]), int(r[4]))
            for r in rows
            if r[0] not in case.excluded
        }

    def _candidates(self, db: Db, t: Tables, ids: list[str]) -> dict[str, Candidate]:
        p = self.p
        rows: list[Any] = []
        facts: dict[str, dict[str, set[str]]] = {"field": {}, "skill": {}, "municipality": {}}
        tables = {"field": "party_fields", "skill": "party_skills", "municipality": "party_areas"}
        for chunk in _chunks(ids):
            marks = _marks(p, chunk)
            rows += db.execute(
                f"SELECT party_id, kind, name, municipality FROM {t['parties']} "
                f"WHERE party_id IN ({marks})",
                chunk,
            ).fetchall()
            for column, table in tables.items():
                select = f"SELECT party_id, {column} FROM {t[table]} WHERE party_id IN ({marks})"
                for party_id, value in db.execute(select, chunk).fetchall():
                    facts[column].setdefault(party_id, set()).add(value)

        def of(column: str, party_id: str) -> frozenset[str]:
            return frozenset(facts[column].get(party_id, ()))

        return {
            r[0]: Candidate(
                party_id=r[0],
                kind=r[1],
                name=r[2],
                municipality=r[3],
                fields=of("field", r[0]),
                skills=of("skill", r[0]),
                areas=of("municipality", r[0]),
            )
            for r in rows
        }


def _contenders(counted: dict[str, tuple[int, int, int, int]], first: int) -> set[str]:
    """The candidates whose counted points, with the most the place can add, reach the
    `first`-th best counted points: no other can be among the first."""
    points = {
        party_id: SKILL * sk + FIELD * fd + SUCCESS * su + REPLICATION * re
        for party_id, (sk, fd, su, re) in counted.items()
    }
    if len(points) <= first:
        return set(points)
    bar = sorted(points.values(), reverse=True)[first - 1] - SAME_PLACE
    return {party_id for party_id, score in points.items() if score >= bar}
