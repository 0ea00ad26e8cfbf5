"""Every read model processes sealed contacts and erasures, holds nothing of a party's
personal data, and can be rebuilt after an erasure (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

from application.ledger import Ledger
from domain.vocabulary import PartyRole
from projections.engine.base import MemoryTables
from projections.engine.store import ReadStore
from projections.party_directory.projection import PRIMARY_KEYS, PartyDirectory
from projections.party_directory.queries import PartyDirectoryQueries
from tests.personal_data.conftest import ADMIN, SECRETS, register_worker
from tests.personal_data.legacy import register_in_clear
from tests.projections.conftest import ServiceFactory
from tests.projections.support import dump
from tests.support import OPENED_ON, CaseFixture


def _story(ledger: Ledger) -> str:
    """A case a pro bono worker joined; then the worker's personal data is erased."""
    given = CaseFixture(ledger)
    given.open()
    worker = register_worker(ledger)
    ledger.join_party(
        given.ctx,
        given.id,
        party_id=worker,
        role=PartyRole.EXPERTISE,
        contribution="チラシのデザイン",
        occurred_on=OPENED_ON + timedelta(days=5),
    )
    ledger.erase_party_personal_data(ADMIN, worker, reason="本人からの削除請求")
    return str(worker)


def _rows_text(store: ReadStore, service: object) -> str:
    models = service.models.values()  # type: ignore[attr-defined]
    return repr([dump(store, model) for model in models])


def test_no_read_model_holds_personal_data_and_all_rebuild_after_erasure(
    ledger: Ledger, read_store: ReadStore, make_service: ServiceFactory
) -> None:
    worker = _story(ledger)
    service = make_service()
    service.run_until_caught_up()
    assert [s.error for s in service.status() if s.error] == []
    assert [s for s in SECRETS if s in _rows_text(read_store, service)] == []

    versions = {name: service.rebuild(name) for name in service.models}
    service.run_until_caught_up()
    service.run_until_caught_up()

    for name, version in versions.items():
        active = read_store.active(name)
        assert active is not None
        assert active.version == version, name
    assert [s for s in SECRETS if s in _rows_text(read_store, service)] == []
    entry = PartyDirectoryQueries(read_store).get_party(worker)
    assert entry is not None
    assert entry.personal_data == "erased"
    assert (entry.name, entry.cases_joined) == ("プロボノワーカー（個人）", 1)


def _kept(ledger: Ledger, party_id: object) -> str:
    """The directory's `personal_data` of a party, from its pure function (no database)."""
    model = PartyDirectory()
    tables = MemoryTables(PRIMARY_KEYS)
    for note in ledger.recorder.select_notifications(0, 10_000, inclusive_of_start=False):
        tables.apply(model.changes(ledger.mapper.to_domain_event(note), note.id))
    (row,) = [r for r in tables.table("party_directory") if r["party_id"] == str(party_id)]
    return str(row["personal_data"])


def test_the_directory_says_how_contact_details_are_kept(memory_ledger: Ledger) -> None:
    sealed, legacy = register_worker(memory_ledger), register_in_clear(memory_ledger)
    assert (_kept(memory_ledger, sealed), _kept(memory_ledger, legacy)) == ("sealed", "clear")

    memory_ledger.seal_contact_details(ADMIN, legacy)
    memory_ledger.erase_party_personal_data(ADMIN, sealed, reason="本人からの削除請求")

    assert (_kept(memory_ledger, sealed), _kept(memory_ledger, legacy)) == ("erased", "sealed")
