"""Queries over the party directory: filtered, keyset-paginated lists, one party, a count.

Parties come in order of public name, then id; a cursor holds that key. No contact details
exist in these tables, so none can be returned.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from domain.vocabulary import FIELD_BY_KEY, MUNICIPALITY_BY_KEY
from projections.engine.base import Db, ReadConnections, Tables
from projections.engine.keyset import (
    Keyset,
    Page,
    Window,
    count_rows,
    read_window,
)
from projections.party_directory.projection import PartyDirectory

MAX_PAGE = 200
KEYSET = Keyset(("d.public_name", "d.party_id"), (str, str))
_COLUMNS = (
    "d.party_id, d.kind, d.public_name, d.municipality, d.publication_consent, "
    "d.registered_on, d.position, "
    "(SELECT COUNT(*) FROM {cases} c WHERE c.party_id = d.party_id), "
    "(SELECT COUNT(*) FROM {cases} c WHERE c.party_id = d.party_id "
    "AND c.active = 1 AND c.case_open = 1)"
)


@dataclass(frozen=True)
class PartyEntry:
    """A party as the directory shows it: public data only."""

    party_id: str
    kind: str
    name: str
    municipality: str
    publication_consent: bool
    registered_on: date
    position: int
    fields: tuple[str, ...]
    cases_joined: int
    cases_active: int

    @property
    def cursor(self) -> str:
        return KEYSET.cursor(self.name, self.party_id)


@dataclass(frozen=True)
class PartyFilter:
    """All given criteria must hold. Municipality and field accept a code or a name."""

    kind: str | None = None
    municipality: str | None = None
    name: str | None = None
    publication_consent: bool | None = None
    field: str | None = None


PartyPage = Page[PartyEntry]


class PartyDirectoryQueries:
    def __init__(self, connections: ReadConnections) -> None:
        self.connections = connections
        self.model = PartyDirectory()

    def list_parties(
        self, where: PartyFilter | None = None, window: Window | None = None
    ) -> PartyPage:
        window = window or Window()
        size = window.size(20, MAX_PAGE)
        p = self.connections.dialect.param
        with self.connections.reading() as db:
            t = self.connections.tables(self.model, db)
            if t is None:
                return PartyPage((), False, False)
            parts, params = self._where(t, where or PartyFilter())
            page = read_window(db, self._select(t), parts, params, KEYSET, window, size, p)
            items = self._entries(db, t, page.rows)
        return PartyPage(items, page.has_next_page, page.has_previous_page)

    def count_parties(self, where: PartyFilter | None = None) -> int:
        with self.connections.reading() as db:
            t = self.connections.tables(self.model, db)
            if t is None:
                return 0
            parts, params = self._where(t, where or PartyFilter())
            return count_rows(db, f"{t['party_directory']} d", parts, params)

    def get_party(self, party_id: str) -> PartyEntry | None:
        p = self.connections.dialect.param
        with self.connections.reading() as db:
            t = self.connections.tables(self.model, db)
            if t is None:
                return None
            rows = db.execute(f"{self._select(t)} WHERE d.party_id = {p}", (party_id,)).fetchall()
            found = self._entries(db, t, rows)
        return found[0] if found else None

    def _select(self, t: Tables) -> str:
        return f"SELECT {_COLUMNS.format(cases=t['cases'])} FROM {t['party_directory']} d"

    def _where(self, t: Tables, f: PartyFilter) -> tuple[list[str], list[Any]]:
        p = self.connections.dialect.param
        parts: list[str] = []
        params: list[Any] = []
        if f.kind is not None:
            parts.append(f"d.kind = {p}")
            params.append(f.kind)
        if f.municipality is not None:
            parts.append(f"d.municipality = {p}")
            params.append(_code(MUNICIPALITY_BY_KEY, f.municipality))
        if f.publication_consent is not None:
            parts.append(f"d.publication_consent = {p}")
            params.append(int(f.publication_consent))
        if f.name is not None and f.name.strip():
            parts.append(f"LOWER(d.public_name) LIKE {p}")
            params.append(_contains(f.name))
        if f.field is not None:
            parts.append(f"d.party_id IN (SELECT party_id FROM {t['fields']} WHERE field = {p})")
            params.append(_code(FIELD_BY_KEY, f.field))
        return parts, params

    def _entries(self, db: Db, t: Tables, rows: Sequence[Any]) -> tuple[PartyEntry, ...]:
        if not rows:
            return ()
        ids = [row[0] for row in rows]
        marks = ", ".join(self.connections.dialect.param for _ in ids)
        fields: dict[str, list[str]] = {}
        for party_id, field in db.execute(
            f"SELECT party_id, field FROM {t['fields']} WHERE party_id IN ({marks}) "
            "ORDER BY party_id, field",
            ids,
        ).fetchall():
            fields.setdefault(party_id, []).append(field)
        return tuple(_entry(row, fields.get(row[0], [])) for row in rows)


def _code(index: Any, key: str) -> str:
    found = index.get(key)
    return key if found is None else str(found.code)


def _contains(text: str) -> str:
    """A LIKE pattern for a substring; the wildcards of LIKE are taken out of the text."""
    cleaned = text.strip().lower().replace("\\", "").replace("%", "").replace("_", "")
    return f"%{cleaned}%"


def _entry(row: Any, fields: list[str]) -> PartyEntry:
    return PartyEntry(
        party_id=row[0],
        kind=row[1],
        name=row[2],
        municipality=row[3],
        publication_consent=bool(row[4]),
        registered_on=date.fromisoformat(row[5]),
        position=int(row[6]),
        fields=tuple(fields),
        cases_joined=int(row[7]),
        cases_active=int(row[8]),
    )
