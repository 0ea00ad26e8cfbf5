"""Queries over the party directory: filtered, keyset-paginated lists, one party, a count.

Parties come in order of public name, then id; a cursor holds that key. No contact details
exist in these tables, so none can be returned.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from projections.engine import Db, ReadConnections, Tables, keyset
from projections.engine.keyset import Conditions, Filtered, Keyset, Listing, Source, Where
from projections.engine.rows import Children, from_row, with_children
from projections.party_directory.projection import PartyDirectory
from projections.shared import MunicipalityAndField

MAX_PAGE = 200
KEYSET = Keyset(("d.public_name", "d.party_id"), (str, str))
_SOURCE = Source(
    "d.party_id, d.kind, d.public_name, d.municipality, d.publication_consent, "
    "d.registered_on, d.position, "
    "(SELECT COUNT(*) FROM {cases} c WHERE c.party_id = d.party_id), "
    "(SELECT COUNT(*) FROM {cases} c WHERE c.party_id = d.party_id "
    "AND c.active = 1 AND c.case_open = 1), "
    "d.personal_data, d.centre, d.deregistered_on, d.deregistration_reason",
    "{party_directory} d",
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
    personal_data: str = "sealed"
    """How its contact details are kept: `sealed`, `clear` (stored before encryption, not yet
    migrated) or `erased` (its key destroyed: they show as 「消去済み」)."""
    centre: str | None = None
    """The support centre that registered it (None: stored before parties recorded it)."""
    deregistered_on: date | None = None
    """The day it left the register (登録の抹消); None while registered."""
    deregistration_reason: str | None = None

    @property
    def cursor(self) -> str:
        return KEYSET.cursor(self.name, self.party_id)


ERASURE_RECORDS = Keyset(
    ("r.requested_on", "r.party_id", "r.version"), (str, str, int), descending=True
)
"""Every request to erase, the latest received first."""
WAITING = Keyset(("r.requested_on", "r.party_id", "r.version"), (str, str, int))
"""The requests that wait, the oldest first: the admin answers them in turn."""
_RECORDS = Source(
    "r.party_id, r.version, r.requested_on, r.by_agent, r.note, r.received_by, r.outcome, "
    "r.answered_on, r.answered_by, r.reason, d.kind, d.public_name",
    "{erasure_requests} r",
    " JOIN {party_directory} d ON d.party_id = r.party_id",
)


@dataclass(frozen=True)
class ErasureRecord:
    """One request to erase a party's personal data, as received, and its answer: `erased`,
    `declined` (with the reason), or none yet."""

    party_id: str
    version: int
    requested_on: date
    by_agent: bool
    note: str
    received_by: str
    outcome: str | None
    answered_on: date | None
    answered_by: str | None
    reason: str | None
    kind: str
    name: str

    @property
    def pending(self) -> bool:
        """It waits for the admin: neither erased nor declined since."""
        return self.outcome is None

    @property
    def days_to_answer(self) -> int | None:
        """Days from its receipt to its answer; None while it waits."""
        return None if self.answered_on is None else (self.answered_on - self.requested_on).days

    @property
    def cursor(self) -> str:
        return ERASURE_RECORDS.cursor(self.requested_on.isoformat(), self.party_id, self.version)


@dataclass(frozen=True)
class PartyFilter(MunicipalityAndField):
    """All given criteria must hold, a municipality and a field (`MunicipalityAndField`)
    among them. Municipality and field accept a code or a name."""

    kind: str | None = None
    name: str | None = None
    publication_consent: bool | None = None
    centre: str | None = None
    """The centre that registered it (a code)."""
    deregistered: bool | None = None
    """True: only those that left the register; False: only those registered; None: all."""


_FIELDS = Children("fields", "SELECT party_id, field FROM {fields}", "party_id", "party_id, field")


class PartyDirectoryQueries(Filtered[PartyEntry, PartyFilter]):
    def __init__(self, connections: ReadConnections) -> None:
        entries = with_children(PartyEntry, connections.dialect, _FIELDS)
        listing = Listing(connections, PartyDirectory(), KEYSET, (20, MAX_PAGE), _SOURCE, entries)
        super().__init__(listing, _where, PartyFilter(), "d.party_id")
        self.connections = connections
        self.records = Listing(
            connections, PartyDirectory(), ERASURE_RECORDS, (20, MAX_PAGE), _RECORDS, _records
        )
        self.waiting = Listing(
            connections, PartyDirectory(), WAITING, (50, MAX_PAGE), _RECORDS, _records
        )

    def erasure_records(self, window: keyset.Window) -> keyset.Page[ErasureRecord]:
        """Every request to erase received, the latest first, with its answer."""
        return self.records.page(window, lambda t, c: c)

    def waiting_requests(self, first: int) -> list[ErasureRecord]:
        """The requests to erase that wait for the admin, the oldest first."""
        page = self.waiting.page(keyset.Window(first=first), lambda t, c: c.equal("r.pending", 1))
        return list(page.items)

    def latest_requests(self, party_ids: list[str]) -> dict[str, ErasureRecord]:
        """Each of these parties' latest request to erase, if it had one, in one read."""
        with self.connections.reading() as db:
            t = self.connections.tables(PartyDirectory(), db)
            if t is None or not party_ids:
                return {}
            s = _RECORDS.filled(t)
            marks = ", ".join(self.connections.dialect.param for _ in party_ids)
            sql = (
                f"SELECT {s.columns} FROM {s.table}{s.joins} "
                f"WHERE r.party_id IN ({marks}) ORDER BY r.version"
            )
            found = _records(db, t, db.execute(sql, party_ids).fetchall())
        return {r.party_id: r for r in found}  # the latest version last, kept

    def get_parties(self, party_ids: list[str]) -> dict[str, PartyEntry]:
        """The parties of these ids that the directory has, by id, in one read."""
        if not party_ids:
            return {}

        def chosen(t: Tables, c: Conditions) -> Conditions:
            return c.add(f"d.party_id IN ({', '.join(c.p for _ in party_ids)})", *party_ids)

        page = self.listing.page(keyset.Window(first=len(party_ids)), chosen)
        return {e.party_id: e for e in page.items}

    def case_ids(self, party_id: str) -> list[str]:
        """The cases the party joined (those it left too), as `cases_joined` counts them, the
        latest joined first."""
        with self.connections.reading() as db:
            t = self.connections.tables(PartyDirectory(), db)
            if t is None:
                return []
            p = self.connections.dialect.param
            sql = (
                f"SELECT case_id FROM {t['cases']} WHERE party_id = {p} "
                "ORDER BY joined_on DESC, case_id"
            )
            return [case_id for (case_id,) in db.execute(sql, (party_id,)).fetchall()]

    def named_in(
        self, municipalities: Iterable[str]
    ) -> list[tuple[str, str, str, bool, str | None]]:
        """Every party registered in these municipalities (codes) that has not left the
        register, as `(party_id, public_name, municipality, publication_consent, centre)`:
        what a roster's rows are compared with (a group that left and comes back is
        registered anew), in one read."""
        codes = sorted(set(municipalities))
        with self.connections.reading() as db:
            t = self.connections.tables(PartyDirectory(), db)
            if t is None or not codes:
                return []
            marks = ", ".join(self.connections.dialect.param for _ in codes)
            sql = (
                "SELECT party_id, public_name, municipality, publication_consent, centre "
                f"FROM {t['party_directory']} "
                f"WHERE municipality IN ({marks}) AND deregistered_on IS NULL"
            )
            return [
                (str(i), str(n), str(m), bool(consent), centre)
                for i, n, m, consent, centre in db.execute(sql, codes).fetchall()
            ]

    list_parties = Filtered.page
    count_parties = Filtered.count
    get_party = Filtered.get


def _where(f: PartyFilter) -> Where:
    consent = None if f.publication_consent is None else int(f.publication_consent)

    def conditions(t: Tables, c: Conditions) -> Conditions:
        c.equal("d.kind", f.kind)
        c.equal("d.municipality", f.municipality_code)
        c.equal("d.publication_consent", consent)
        c.equal("d.centre", f.centre)
        if f.deregistered is not None:
            c.add(f"d.deregistered_on IS {'NOT ' if f.deregistered else ''}NULL")
        if f.name is not None and f.name.strip():
            c.add(f"LOWER(d.public_name) LIKE {c.p}", _contains(f.name))
        if f.field is not None:
            fields = f"SELECT party_id FROM {t['fields']} WHERE field = {c.p}"
            c.add(f"d.party_id IN ({fields})", f.field_code)
        return c

    return conditions


def _contains(text: str) -> str:
    """A LIKE pattern for a substring; the wildcards of LIKE are taken out of the text."""
    cleaned = text.strip().lower().replace("\\", "").replace("%", "").replace("_", "")
    return f"%{cleaned}%"


def _records(db: Db, t: Tables, rows: Sequence[Any]) -> tuple[ErasureRecord, ...]:
    return tuple(from_row(ErasureRecord, row) for row in rows)
