"""A case's suggested partners, from the suggestions read model: a handful of indexed
queries, whatever the number of parties (the case's facts; the candidates, as one subquery
reused by each query that reads their facts; their part in similar cases, grouped once),
then the ranking in `ranking.py`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from projections.engine import Db, ReadConnections, Tables
from projections.suggestions.neighbours import neighbours
from projections.suggestions.projection import SuggestionsReadModel
from projections.suggestions.ranking import Candidate, CaseFacts, Suggestion, rank, ranked

MODEL = SuggestionsReadModel()


def _marks(p: str, values: Sequence[Any]) -> str:
    return ", ".join([p] * len(values))


class _Sql:
    """The statements of one case's suggestions, on one store's tables and placeholder."""

    def __init__(self, t: Tables, p: str, case: CaseFacts) -> None:
        self.t, self.p, self.case = t, p, case
        self.fields, self.skills = sorted(case.fields), sorted(case.skills)

    def alike(self) -> tuple[str, list[Any]]:
        """The other cases sharing a field with the case."""
        t, p = self.t, self.p
        sql = (
            f"SELECT case_id FROM {t['case_fields']} WHERE field IN ({_marks(p, self.fields)}) "
            f"AND case_id <> {p}"
        )
        return sql, [*self.fields, self.case.case_id]

    def candidates(self) -> tuple[str, list[Any]]:
        """Parties sharing a field, offering a needed skill, or part of a similar success."""
        t, p = self.t, self.p
        parts: list[str] = []
        params: list[Any] = []
        if self.fields:
            parts.append(
                f"SELECT party_id FROM {t['party_fields']} "
                f"WHERE field IN ({_marks(p, self.fields)})"
            )
            alike, alike_params = self.alike()
            parts.append(
                f"SELECT party_id FROM {t['case_parties']} WHERE succeeded = 1 "
                f"AND case_id IN ({alike})"
            )
            params += [*self.fields, *alike_params]
        if self.skills:
            parts.append(
                f"SELECT party_id FROM {t['party_skills']} "
                f"WHERE skill IN ({_marks(p, self.skills)})"
            )
            params += self.skills
        return " UNION ".join(parts), params


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
            sql = _Sql(t, self.p, case)
            candidates = self._candidates(db, sql)
            successes = self._similar(db, sql, "cp.succeeded = 1")
            replications = self._similar(db, sql, "c.replicates IS NOT NULL")
        near = neighbours(case.municipality)
        found = [
            rank(case, c, near, successes.get(i, 0), replications.get(i, 0))
            for i, c in candidates.items()
            if i not in case.excluded
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

    def _candidates(self, db: Db, sql: _Sql) -> dict[str, Candidate]:
        t = sql.t
        chosen, params = sql.candidates()
        rows = db.execute(
            "SELECT party_id, kind, name, municipality, in_bank, contact_consent "
            f"FROM {t['parties']} WHERE party_id IN ({chosen})",
            params,
        ).fetchall()

        def facts(table: str, column: str) -> dict[str, frozenset[str]]:
            found: dict[str, set[str]] = {}
            select = f"SELECT party_id, {column} FROM {t[table]} WHERE party_id IN ({chosen})"
            for party_id, value in db.execute(select, params).fetchall():
                found.setdefault(party_id, set()).add(value)
            return {k: frozenset(v) for k, v in found.items()}

        fields = facts("party_fields", "field")
        skills = facts("party_skills", "skill")
        areas = facts("party_areas", "municipality")
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
            for r in rows
            if r[1] != "pro_bono_worker" or (r[4] and r[5])
        }

    def _similar(self, db: Db, sql: _Sql, condition: str) -> dict[str, int]:
        """Per party, the other cases sharing a field with the case where `condition`."""
        if not sql.fields:
            return {}
        t = sql.t
        alike, params = sql.alike()
        statement = (
            f"SELECT cp.party_id, COUNT(DISTINCT cp.case_id) FROM {t['case_parties']} cp "
            f"JOIN {t['cases']} c ON c.case_id = cp.case_id "
            f"WHERE {condition} AND cp.case_id IN ({alike}) GROUP BY cp.party_id"
        )
        return {party_id: int(n) for party_id, n in db.execute(statement, params).fetchall()}
