"""A case's suggested partners, from the suggestions read model: a handful of indexed
queries (the case's facts, the candidates sharing a field or offering a needed skill,
their facts, their part in similar cases), then the ranking in `ranking.py`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from projections.engine import Db, ReadConnections, Tables
from projections.suggestions.neighbours import neighbours
from projections.suggestions.projection import SuggestionsReadModel
from projections.suggestions.ranking import Candidate, CaseFacts, Suggestion, rank, ranked

MODEL = SuggestionsReadModel()
CHUNK = 500
"""Ids per `IN (...)` list."""


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
            if case is None:
                return []
            candidates = self._candidates(db, t, case)
            ids = list(candidates)
            successes = self._similar(db, t, case, ids, "cp.succeeded = 1")
            replications = self._similar(db, t, case, ids, "c.replicates IS NOT NULL")
        near = neighbours(case.municipality)
        found = [
            rank(case, c, near, successes.get(i, 0), replications.get(i, 0))
            for i, c in candidates.items()
        ]
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

    def _candidates(self, db: Db, t: Tables, case: CaseFacts) -> dict[str, Candidate]:
        p = self.p
        ids = set(_ids(db, p, f"SELECT party_id FROM {t['party_fields']} WHERE field", case.fields))
        ids |= set(
            _ids(db, p, f"SELECT party_id FROM {t['party_skills']} WHERE skill", case.skills)
        )
        similar = (
            f"SELECT DISTINCT cp.party_id FROM {t['case_parties']} cp WHERE cp.succeeded = 1 "
            f"AND cp.case_id IN (SELECT case_id FROM {t['case_fields']} WHERE field"
        )
        if case.fields:
            wanted = sorted(case.fields)
            sql = f"{similar} IN ({_marks(p, wanted)}))"
            ids |= {r[0] for r in db.execute(sql, wanted).fetchall()}
        ids -= case.excluded
        rows: list[Any] = []
        for chunk in _chunks(sorted(ids)):
            rows += db.execute(
                "SELECT party_id, kind, name, municipality, in_bank, contact_consent "
                f"FROM {t['parties']} WHERE party_id IN ({_marks(self.p, chunk)})",
                chunk,
            ).fetchall()
        kept = [r for r in rows if r[1] != "pro_bono_worker" or (r[4] and r[5])]
        found = [r[0] for r in kept]
        fields = _facts(db, self.p, t["party_fields"], "field", found)
        skills = _facts(db, self.p, t["party_skills"], "skill", found)
        areas = _facts(db, self.p, t["party_areas"], "municipality", found)
        return {
            r[0]: Candidate(
                party_id=r[0],
                kind=r[1],
                name=r[2],
                municipality=r[3],
                fields=fields.get(r[0], frozenset()),
                skills=skills.get(r[0], frozenset()),
                areas=areas.get(r[0], frozenset()),
            )
            for r in kept
        }

    def _similar(
        self, db: Db, t: Tables, case: CaseFacts, ids: Sequence[str], condition: str
    ) -> dict[str, int]:
        """Per candidate, the other cases sharing a field with `case` where `condition`."""
        if not case.fields or not ids:
            return {}
        out: dict[str, int] = {}
        fields = sorted(case.fields)
        for chunk in _chunks(list(ids)):
            sql = (
                f"SELECT cp.party_id, COUNT(DISTINCT cp.case_id) FROM {t['case_parties']} cp "
                f"JOIN {t['cases']} c ON c.case_id = cp.case_id "
                f"WHERE {condition} AND cp.case_id <> {self.p} "
                f"AND cp.party_id IN ({_marks(self.p, chunk)}) "
                f"AND cp.case_id IN (SELECT case_id FROM {t['case_fields']} "
                f"WHERE field IN ({_marks(self.p, fields)})) GROUP BY cp.party_id"
            )
            for party_id, count in db.execute(sql, [case.case_id, *chunk, *fields]).fetchall():
                out[party_id] = int(count)
        return out


def _marks(p: str, values: Sequence[Any]) -> str:
    return ", ".join([p] * len(values))


def _chunks(values: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _ids(db: Db, p: str, select: str, codes: frozenset[str]) -> list[str]:
    """`select` ends with the column compared: `... WHERE field`."""
    if not codes:
        return []
    values = sorted(codes)
    return [r[0] for r in db.execute(f"{select} IN ({_marks(p, values)})", values).fetchall()]


def _facts(db: Db, p: str, table: str, column: str, ids: list[str]) -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for chunk in _chunks(ids):
        sql = f"SELECT party_id, {column} FROM {table} WHERE party_id IN ({_marks(p, chunk)})"
        for party_id, value in db.execute(sql, chunk).fetchall():
            found.setdefault(party_id, set()).add(value)
    return {k: frozenset(v) for k, v in found.items()}
