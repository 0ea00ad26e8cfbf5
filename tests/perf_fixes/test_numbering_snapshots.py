"""Opening a case loads its centre's numbering from a snapshot and a short tail of events,
not from every number the centre issued in the fiscal year."""

from __future__ import annotations

from pathlib import Path

from application.handling import NUMBERING_SNAPSHOT_INTERVAL
from domain.fiscal import fiscal_year
from domain.numbering import CaseNumbering, numbering_id
from persistence.settings import Settings
from persistence.wiring import build_ledger
from tests.support import CaseFixture


def test_the_numbering_is_snapshotted_and_loads_from_its_snapshot(tmp_path: Path) -> None:
    ledger = build_ledger(Settings(data_dir=tmp_path))
    first = CaseFixture(ledger)
    first.open()
    case = ledger.get_case(first.case_id)
    for _ in range(NUMBERING_SNAPSHOT_INTERVAL + 5):
        CaseFixture(ledger).open()
    key = numbering_id(case.centre, fiscal_year(case.opened_on))
    assert ledger.snapshots is not None
    [snapshot] = list(ledger.snapshots.get(key))
    assert snapshot.originator_version == NUMBERING_SNAPSHOT_INTERVAL
    tail = list(ledger.events.get(key, gt=snapshot.originator_version))
    assert len(tail) < NUMBERING_SNAPSHOT_INTERVAL
    numbering = ledger.repository.get(key)
    assert isinstance(numbering, CaseNumbering)
    assert len(numbering.issued) == NUMBERING_SNAPSHOT_INTERVAL + 6
    assert ledger.find_case(case.number) == first.case_id
    ledger.close()
