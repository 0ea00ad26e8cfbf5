"""The library's writer follows the staging rows of the cases it renders in memory through a
batch (`projections/library/staging.py`) instead of reading them back after each event: the
tables it builds are those of reading them back, on both stores, in batches of any size, on
the demo data (corrections, withdrawals, a party's consent changed, meetings, replications)
and generated cases together."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from application.ledger import Ledger
from demo.generate import Generator
from demo.loader import default_context, load_demo
from persistence.settings import Settings
from projections.engine import Change, Db, Dialect, Tables, Update, Upsert, Writer
from projections.engine.store import ReadStore
from projections.library.as_of import library_of
from projections.library.projection import Library
from projections.library.revisions import moment
from projections.library.staging import StagedCases, followed
from projections.library.writer import LibraryWriter, load_entry
from tests.library.given import entry, opened_facts, published_case, published_facts
from tests.projections.support import fresh_rebuild
from tests.support import CHIEF, TODAY

GENERATED_TO = date(2026, 12, 2)


class _ReadBack(LibraryWriter):
    staged = False


class _Counting(LibraryWriter):
    def __init__(self, counts: dict[str, int]) -> None:
        self.counts = counts

    def apply(self, db: Db, dialect: Dialect, tables: Tables, changes: Any) -> None:
        super().apply(_CountedReads(db, self.counts), dialect, tables, changes)


class _CountedReads:
    def __init__(self, db: Any, counts: dict[str, int]) -> None:
        self.db, self.counts = db, counts

    def execute(self, sql: str, params: Any = ()) -> Any:
        if sql.lstrip().startswith("SELECT"):
            self.counts["reads"] += 1
        return self.db.execute(sql, params)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.db, name)


class _LibraryReadBack(Library):
    def writer(self) -> Writer:
        return _ReadBack()


def _store(settings: Settings) -> ReadStore:
    if settings.database_url is None:
        return ReadStore(Dialect.SQLITE, prefix="", sqlite_path=settings.data_dir / "s.sqlite3")
    return ReadStore(
        Dialect.POSTGRES,
        prefix=f"{settings.ledger_name.lower()}_",
        database_url=settings.database_url,
        pool_size=2,
    )


def test_rows_followed_in_memory_are_the_rows_read_back(ledger: Ledger, settings: Settings) -> None:
    load_demo(ledger)
    generator = Generator(ledger, default_context, 3, GENERATED_TO)
    generator.register_parties(1)
    for _ in generator.batches(40):
        pass
    first = published_case(ledger)  # a party's consent withdrawn and given back, in between
    partner = first.parties["山口食品株式会社"]  # its case published again and withdrawn
    ledger.change_publication_consent(first.ctx, partner, False, occurred_on=TODAY)
    again = published_case(ledger, title="子ども食堂を隣町でも", replicates=first.id)
    ledger.change_publication_consent(first.ctx, partner, True, occurred_on=TODAY)
    ledger.withdraw_success_case(CHIEF, again.id, reason="表記の見直し", occurred_on=TODAY)
    store = _store(settings)
    try:
        for batch in (1, 7, 10_000):
            followed_rows = fresh_rebuild(store, ledger, Library(), batch)
            read_back = fresh_rebuild(store, ledger, _LibraryReadBack(), batch)
            assert followed_rows["revisions"], "some cases were published"
            assert followed_rows == read_back, batch
    finally:
        store.close()


# --- the staging rows here, change by change ---------------------------------------------------

_AT = datetime(2024, 4, 1, tzinfo=UTC)


def _opened(case_id: str) -> Change:
    return opened_facts(case_id, fields='["environment"]')


def _published(case_id: str, party_ids: list[str]) -> Change:
    return published_facts(case_id, "竹林", party_ids, published_version=9)


def _events(*events: list[Change]) -> list[Change]:
    out: list[Change] = []
    for position, changes in enumerate(events, start=1):
        out += [moment(position, _AT), *changes]
    return out


def test_each_change_is_applied_as_the_tables_apply_it() -> None:
    """A guard on a value the row does not hold changes nothing; an upsert overwrites only
    the columns it names; a member updated by the case's key alone is every member."""
    org, person = "p-org", "p-person"
    batch = _events(
        [
            Upsert(
                "parties",
                {"party_id": org},
                {"kind": "npo_corporation", "name": "竹の会", "consent": True},
            )
        ],
        [
            Upsert(
                "parties",
                {"party_id": person},
                {"kind": "pro_bono_worker", "name": None, "consent": 0},
            )
        ],
        [_opened("c1")],
        [
            Upsert(
                "members",
                {"case_id": "c1", "party_id": org},
                {"kind": "npo_corporation", "role": "proposer", "active": True},
            )
        ],
        [
            Upsert(
                "members",
                {"case_id": "c1", "party_id": person},
                {"kind": "pro_bono_worker", "role": "partner", "active": True},
            )
        ],
        [Update("facts", {"case_id": "c1"}, {"closed_on": date(2025, 3, 1), "closed_version": 7})],
        [
            Update(
                "facts",
                {"case_id": "c1"},
                {"closed_on": date(2025, 3, 9)},
                when={"closed_version": (6,)},
            )
        ],
        [Update("facts", {"case_id": "c1"}, {"form": "co_hosting"}, when={"closed_version": (7,)})],
        [
            Upsert("meetings", {"case_id": "c1", "meeting_id": "m1"}),
            Upsert("meetings", {"case_id": "c1", "meeting_id": "m1"}),
        ],
        [Upsert("replications", {"case_id": "c1", "replica_id": "c2"}), _opened("c2")],
        [_published("c1", [org, person])],
        [Update("members", {"case_id": "c1", "party_id": person}, {"active": False})],
        [Update("parties", {"party_id": org}, {"consent": False})],
    )
    assert followed(batch)
    staged = StagedCases(frozenset({"c1"}))
    for at in range(0, len(batch), 2):
        staged.apply(batch[at : at + 2])
    facts = staged.facts["c1"]
    assert facts["closed_on"] == "2025-03-01"  # the guard on version 6 held nothing
    assert facts["form"] == "co_hosting"  # the guard on version 7 held
    assert facts["fiscal_year"] == 2024
    assert facts["published"] == 1
    assert facts["number"] == "c1"  # the publishing update left it as it was
    assert staged.meetings["c1"] == {"m1"}
    assert staged.replications["c1"] == {"c2"}
    assert "c2" not in staged.facts  # a case not rendered from here is not followed
    unpublished: set[str] = set()
    found = staged.entry("c1", unpublished)
    assert found is not None
    assert not unpublished
    assert [(p.role, p.name) for p in found.parties] == [("proposer", None)]  # consent withdrawn
    assert (found.presented_count, found.replicated_count) == (1, 1)


def test_the_entry_from_memory_is_the_entry_from_the_tables() -> None:
    """The same batch applied to the tables and followed here renders the same entry."""
    org = "p-org"
    batch = _events(
        [
            Upsert(
                "parties",
                {"party_id": org},
                {"kind": "npo_corporation", "name": "竹の会", "consent": True},
            )
        ],
        [_opened("c1")],
        [
            Upsert(
                "members",
                {"case_id": "c1", "party_id": org},
                {"kind": "npo_corporation", "role": "proposer", "active": True},
            )
        ],
        [Upsert("meetings", {"case_id": "c1", "meeting_id": "m1"})],
        [_published("c1", [org])],
    )
    staged = StagedCases(frozenset({"c1"}))
    staged.apply(batch)
    with library_of([entry("case-other", "里山", "里山の保全")]) as (db, tables):
        _ReadBack().apply(db, Dialect.SQLITE, tables, batch)
        from_tables = load_entry(db, Dialect.SQLITE, tables, "c1")
    assert from_tables is not None
    assert staged.entry("c1", set()) == from_tables


def test_what_cannot_be_followed_is_read_back() -> None:
    assert not followed([Update("facts", {"case_id": "c1"}, increment={"n": 1})])
    assert not followed([Upsert("tags", {"facet": "f", "value": "v", "case_id": "c1"})])
    assert not followed([Update("members", {"party_id": "p"}, {"active": False})])
    assert followed([Update("members", {"case_id": "c1"}, {"active": False})])


def test_a_published_case_is_rendered_without_reading_the_tables_again(
    ledger: Ledger, settings: Settings
) -> None:
    load_demo(ledger)
    counts = {"reads": 0}

    class Counted(Library):
        def writer(self) -> Writer:
            return _Counting(counts)

    store = _store(settings)
    try:
        fresh_rebuild(store, ledger, Counted(), 10_000)
        staged_reads = counts["reads"]
        counts["reads"] = 0

        class CountedBack(Library):
            def writer(self) -> Writer:
                writer = _Counting(counts)
                writer.staged = False
                return writer

        fresh_rebuild(store, ledger, CountedBack(), 10_000)
    finally:
        store.close()
    assert staged_reads < 15 < counts["reads"], (staged_reads, counts["reads"])
