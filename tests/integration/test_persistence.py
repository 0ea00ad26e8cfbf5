"""The same ledger behaviour on SQLite and PostgreSQL (parametrised by the `settings` fixture)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest

from application.ledger import Ledger
from domain import errors
from domain.case import Case
from domain.vocabulary import CaseState, PartyKind, PartyRole
from persistence.chain import GENESIS, chain_hash
from persistence.settings import Settings
from persistence.wiring import build_ledger
from tests.support import CaseFixture


def test_every_version_of_a_case_reads_back(ledger: Ledger) -> None:
    given = CaseFixture(ledger)
    given.through_success()
    history = ledger.case_history(given.id)
    for event in history:
        case = ledger.get_case(given.id, version=event.originator_version)
        assert case.version == event.originator_version
    assert ledger.get_case(given.id, version=3).state is CaseState.COORDINATING
    assert ledger.get_case(given.id).state is CaseState.CLOSED


def test_events_reload_equal_to_what_was_saved(ledger: Ledger) -> None:
    given = CaseFixture(ledger)
    given.open()
    case = ledger.get_case(given.id)
    given.join("山口食品株式会社", PartyKind.BUSINESS)
    reloaded = ledger.case_history(given.id)
    opened = reloaded[0]
    assert isinstance(opened, Case.ConsultationReceived)
    assert opened.fields == ("child_development",)
    assert isinstance(opened.sdgs, tuple)
    assert type(opened.initiating_party.kind) is PartyKind
    joined = reloaded[1]
    assert isinstance(joined, Case.PartyJoined)
    assert type(joined.role) is PartyRole
    assert case.number == "山口-2024-001"


def test_a_case_number_finds_its_case(ledger: Ledger) -> None:
    given = CaseFixture(ledger)
    first = given.open()
    second = given.open(title="フードバンクの拠点づくり")
    assert ledger.find_case("山口-2024-001") == first
    assert ledger.find_case("山口-2024-002") == second
    with pytest.raises(errors.CaseNotFoundError):
        ledger.find_case("山口-2024-003")


def test_the_hash_chain_covers_each_stored_event(ledger: Ledger, settings: Settings) -> None:
    given = CaseFixture(ledger)
    given.open()
    given.join("山口食品株式会社", PartyKind.BUSINESS)
    stored = list(ledger.recorder.select_events(given.id))
    rows = _records(ledger, settings, given.id)
    prev = GENESIS
    for event, (version, prev_hash, digest, recorded_at) in zip(stored, rows, strict=True):
        assert version == event.originator_version
        assert prev_hash == prev
        assert digest == chain_hash(prev, given.id, version, event.topic, bytes(event.state))
        assert recorded_at is not None
        prev = digest


def _records(ledger: Ledger, settings: Settings, case_id: object) -> list[tuple]:
    recorder = ledger.recorder
    table = recorder.records_table  # type: ignore[attr-defined]
    if settings.backend == "sqlite":
        with recorder.datastore.transaction(commit=False) as c:  # type: ignore[attr-defined]
            c.execute(
                f"SELECT originator_version, prev_hash, hash, recorded_at FROM {table} "
                "WHERE originator_id=? ORDER BY originator_version",
                (case_id.hex,),  # type: ignore[attr-defined]
            )
            return [tuple(r) for r in c.fetchall()]
    with recorder.datastore.get_connection() as conn:  # type: ignore[attr-defined]
        rows = conn.execute(
            f"SELECT originator_version, prev_hash, hash, recorded_at FROM {table} "
            "WHERE originator_id=%s ORDER BY originator_version",
            (case_id,),
        ).fetchall()
        return [tuple(r.values()) for r in rows]


def test_two_writers_on_one_case_lose_no_step(settings: Settings) -> None:
    """Two processes' worth of ledgers write the same case at once; both steps land."""
    first, second = build_ledger(settings), build_ledger(settings)
    try:
        given = CaseFixture(first)
        given.open()
        names = [f"団体{i}" for i in range(12)]
        party_ids = [given.party(name) for name in names]
        barrier = Barrier(2)

        def join(ledger: Ledger, ids: list) -> None:
            barrier.wait()
            for party_id in ids:
                ledger.join_party(
                    given.ctx,
                    given.id,
                    party_id=party_id,
                    role=PartyRole.PARTNER,
                    contribution="協力",
                    occurred_on=given.ctx.today,
                )

        with ThreadPoolExecutor(2) as pool:
            futures = [
                pool.submit(join, first, party_ids[::2]),
                pool.submit(join, second, party_ids[1::2]),
            ]
            for future in futures:
                future.result()
        case = first.get_case(given.id)
        assert set(case.participations) == set(party_ids)
        assert case.version == 1 + len(party_ids)
    finally:
        first.close()
        second.close()


def test_a_rule_that_no_longer_holds_after_reloading_is_refused(settings: Settings) -> None:
    """Both writers try to add the same party: one lands, the other gets the domain error."""
    first, second = build_ledger(settings), build_ledger(settings)
    try:
        given = CaseFixture(first)
        given.open()
        party_id = given.party("山口食品株式会社", PartyKind.BUSINESS)
        barrier = Barrier(2)

        def join(ledger: Ledger) -> str:
            barrier.wait()
            try:
                ledger.join_party(
                    given.ctx,
                    given.id,
                    party_id=party_id,
                    role=PartyRole.PARTNER,
                    contribution="協力",
                    occurred_on=given.ctx.today,
                )
            except errors.PartyAlreadyJoinedError as error:
                return error.code
            return "joined"

        with ThreadPoolExecutor(2) as pool:
            outcomes = sorted(pool.map(join, [first, second]))
        assert outcomes == ["joined", "party_already_joined"]
        assert first.get_case(given.id).version == 2
    finally:
        first.close()
        second.close()
