"""Queries over the case list read model: filtered, keyset-paginated lists and case detail.

They read only the read-model tables of the active version. Newest cases first, by
(opened_on, case_id) descending; each case's cursor holds that key. Pages are read forwards
(`first`/`after`) or backwards (`last`/`before`), always in SQL (`projections.engine.keyset`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from domain.vocabulary import CENTRE_BY_KEY
from projections.case_list.projection import CaseListReadModel
from projections.engine import ReadConnections, Tables
from projections.engine.base import Dialect
from projections.engine.keyset import Conditions, Keyset, Listing, Page, Source, Where, Window
from projections.engine.rows import Children, from_row, with_children
from projections.shared import MunicipalityAndField, code_of
from projections.text import like_pattern, words

MAX_PAGE = 200
KEYSET = Keyset(("opened_on", "case_id"), (str, str), descending=True)
_CASE_COLUMNS = (
    "case_id, number, title, state, result, municipality, centre, facilitator_id, "
    "opened_on, fiscal_year, last_step_on, version, position, nominated, published, "
    "issue_statement, initiating_party_id, replicates, last_recorded_at"
)
_SOURCE = Source(_CASE_COLUMNS, "{case_list}")
_LIKE = "LIKE {p} ESCAPE '\\'"


@dataclass(frozen=True)
class PartyInCase:
    party_id: str
    name: str
    kind: str
    role: str
    contribution: str
    active: bool
    joined_on: date
    left_on: date | None


@dataclass(frozen=True)
class CaseSummary:
    """A case as lists and the detail page show it."""

    case_id: str
    number: str
    title: str
    state: str
    result: str | None
    municipality: str
    centre: str
    facilitator_id: str
    opened_on: date
    fiscal_year: int
    last_step_on: date
    version: int
    position: int
    nominated: bool
    published: bool
    fields: tuple[str, ...]
    sdgs: tuple[int, ...]
    parties: tuple[PartyInCase, ...]
    issue_statement: str = ""
    initiating_party_id: str | None = None
    replicates: str | None = None
    last_recorded_at: datetime | None = None

    @property
    def cursor(self) -> str:
        """This case's place in the list: a cursor to read on from (or back from) here."""
        return KEYSET.cursor(self.opened_on.isoformat(), self.case_id)


@dataclass(frozen=True)
class CaseFilter(MunicipalityAndField):
    """All given criteria must hold, a municipality and a field (`MunicipalityAndField`)
    among them. Municipality, field and centre accept code or name."""

    state: str | None = None
    sdg: int | None = None
    facilitator_id: str | None = None
    centre: str | None = None
    fiscal_year: int | None = None
    number: str | None = None
    text: str | None = None  # every word in the title or the issue statement (normalised)
    centres: tuple[str, ...] | None = None  # any of these centre codes (a caller's rights)


CasePage = Page[CaseSummary]

_FIELDS = Children("fields", "SELECT case_id, field FROM {fields}", "case_id", "case_id, field")
_SDGS = Children(
    "sdgs", "SELECT case_id, sdg FROM {sdgs}", "case_id", "case_id, sdg", lambda r: int(r[0])
)
_PARTIES = Children(
    "parties",
    "SELECT c.case_id, c.party_id, COALESCE(n.name, ''), c.kind, c.role, "
    "c.contribution, c.active, c.joined_on, c.left_on "
    "FROM {parties} c LEFT JOIN {party_names} n ON n.party_id = c.party_id",
    "c.case_id",
    "c.case_id, c.joined_on, c.party_id",
    lambda rest: from_row(PartyInCase, rest),
)


class CaseListQueries:
    def __init__(self, connections: ReadConnections) -> None:
        self.connections = connections
        self.model = CaseListReadModel()
        summaries = with_children(CaseSummary, connections.dialect, _FIELDS, _SDGS, _PARTIES)
        self.listing = Listing(connections, self.model, KEYSET, (20, MAX_PAGE), _SOURCE, summaries)

    def list_cases(
        self,
        where: CaseFilter | None = None,
        first: int | None = 20,
        after: str | None = None,
        *,
        last: int | None = None,
        before: str | None = None,
        counted: bool = False,
    ) -> CasePage:
        """A page of cases matching `where`: the `first` after `after`, or the `last`
        before `before` (a cursor is the key of a case: `CaseSummary.cursor`); `counted`:
        with how many match on all pages (`total`), read with them."""
        window = Window(None if last is not None else first, after, last, before)
        return self.listing.page(window, _where(where or CaseFilter()), counted)

    def count_cases(self, where: CaseFilter | None = None) -> int:
        """How many cases match `where`, on all pages: one COUNT(*)."""
        return self.listing.count(_where(where or CaseFilter()))

    def get_case(self, case_id: str) -> CaseSummary | None:
        return self.get_cases([case_id]).get(str(case_id))

    def get_cases(self, case_ids: Sequence[str]) -> dict[str, CaseSummary]:
        """The cases of these ids that exist, by id (`_gathered_cases`: one query)."""
        ids = list(dict.fromkeys(str(case_id) for case_id in case_ids))
        return {case.case_id: case for case in self._gathered_cases("case_id", ids)}

    def find_by_number(self, number: str) -> CaseSummary | None:
        """The case people name on the phone (`山口-2024-012`), in one query."""
        found = self._gathered_cases("number", [number.strip()])
        return found[0] if found else None

    def _gathered_cases(self, column: str, values: Sequence[str]) -> list[CaseSummary]:
        """The cases whose `column` is one of `values`: ONE query for their rows with their
        fields, SDGs and parties gathered as JSON arrays, however many (a page header asks
        for one case: one round trip, not four)."""
        if not values:
            return []
        dialect = self.connections.dialect
        wanted, params = dialect.one_of(column, values)
        with self.connections.reading() as db:
            t = self.connections.tables(self.model, db)
            if t is None:
                return []
            gathered = ", ".join(_gathered(dialect, t))
            sql = f"SELECT {_CASE_COLUMNS}, {gathered} FROM {t['case_list']} c WHERE {wanted}"
            rows = db.execute(sql, params).fetchall()
        return [_with_gathered(row) for row in rows]


_GATHERED = (
    ("fields", "field", "field"),
    ("sdgs", "sdg", "sdg"),
    (
        "parties",
        "p.party_id, COALESCE(n.name, ''), p.kind, p.role, p.contribution, p.active, "
        "p.joined_on, p.left_on",
        "p.joined_on, p.party_id",
    ),
)


def _gathered(dialect: Dialect, t: Tables) -> list[str]:
    """A case's fields, SDGs and parties as one JSON array column each, in their order."""
    columns = []
    for table, values, order in _GATHERED:
        source = f"{t[table]} p"
        if table == "parties":
            source += f" LEFT JOIN {t['party_names']} n ON n.party_id = p.party_id"
        if dialect is Dialect.POSTGRES:
            item = f"json_build_array({values})" if table == "parties" else values
            columns.append(
                f"COALESCE((SELECT json_agg({item} ORDER BY {order}) FROM {source} "
                "WHERE p.case_id = c.case_id), '[]')"
            )
        else:
            item = f"json_array({values})" if table == "parties" else values
            columns.append(
                f"(SELECT json_group_array(json(x)) FROM (SELECT json({_sqlite_json(item)}) x "
                f"FROM {source} WHERE p.case_id = c.case_id ORDER BY {order}))"
            )
    return columns


def _sqlite_json(item: str) -> str:
    return item if item.startswith("json_array") else f"json_quote({item})"


def _with_gathered(row: Sequence[Any]) -> CaseSummary:
    *columns, fields, sdgs, parties = row
    decoded = [json.loads(v) if isinstance(v, str) else v for v in (fields, sdgs, parties)]
    return from_row(
        CaseSummary,
        columns,
        fields=tuple(decoded[0]),
        sdgs=tuple(int(s) for s in decoded[1]),
        parties=tuple(from_row(PartyInCase, p) for p in decoded[2]),
    )


def _where(f: CaseFilter) -> Where:
    def conditions(t: Tables, c: Conditions) -> Conditions:
        c.equal("state", f.state)
        c.equal("municipality", f.municipality_code)
        c.equal("centre", code_of(CENTRE_BY_KEY, f.centre))
        c.equal("facilitator_id", f.facilitator_id)
        c.equal("fiscal_year", f.fiscal_year)
        c.one_of("centre", f.centres)
        if f.number is not None:
            c.add(f"number LIKE {c.p}", _prefix_pattern(f.number))
        if f.field is not None:
            fields = f"SELECT case_id FROM {t['fields']} WHERE field = {c.p}"
            c.add(f"case_id IN ({fields})", f.field_code)
        if f.sdg is not None:
            c.add(f"case_id IN (SELECT case_id FROM {t['sdgs']} WHERE sdg = {c.p})", f.sdg)
        return _text(t, c, f.text)

    return conditions


def _text(t: Tables, c: Conditions, text: str | None) -> Conditions:
    """Every word of `text`, normalised, within the title or within the issue statement: a
    scan of the narrow `texts` table (bench/case_list_scale.py)."""
    like = _LIKE.format(p=c.p)
    for word in words(text or ""):
        pattern = like_pattern(word)
        found = f"SELECT case_id FROM {t['texts']} WHERE title {like} OR issue_statement {like}"
        c.add(f"case_id IN ({found})", pattern, pattern)
    return c


def _prefix_pattern(text: str) -> str:
    escaped = text.strip().replace("\\", "").replace("%", "").replace("_", "")
    return f"{escaped}%"
