"""Events stored by the code of commit c765ae6 (before the domain refactor) still load.

The fixtures were written by `generate.py` from one story that uses every event type of
every aggregate and every value type the transcoder registers, on SQLite and on PostgreSQL.
Each store is rebuilt from its fixture under today's code, then every stored event must
decode, and every aggregate must load, to the same values of the same Python types as they
did under c765ae6 (`expected-states.json`, normalised by `normalise.py`).
"""

from __future__ import annotations

import base64
import json
import shutil
import uuid
from collections.abc import Iterator
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg
import pytest
from psycopg.sql import SQL, Identifier

# --- what the refactor may move: the ledger's wiring and the test helpers -----------------
from persistence.settings import Settings
from persistence.wiring import build_ledger
from tests.conftest import POSTGRES_URL, drop_ledger_tables, require_postgres
from tests.golden.normalise import canonical_json, normalise

# ------------------------------------------------------------------------------------------

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SQLITE_FIXTURE = FIXTURES / "ledger-sqlite.sqlite3"
POSTGRES_FIXTURE = FIXTURES / "ledger-postgres.json"
EXPECTED = FIXTURES / "expected-states.json"

# Every stored topic of c765ae6: the fixtures must keep covering all of them.
TOPICS = frozenset(
    {
        *(
            f"kyodo:Case.{name}"
            for name in (
                "ConsultationReceived",
                "FacilitatorAssigned",
                "HearingHeld",
                "PartnersProposed",
                "PartyJoined",
                "PartyWithdrew",
                "RoundtableHeld",
                "AgreementReached",
                "ActivityCarriedOut",
                "ReviewConducted",
                "CaseClosed",
                "CaseReopened",
                "NominatedAsSuccessCase",
                "SuccessCasePublished",
                "SuccessCaseWithdrawn",
                "PresentedAtMeeting",
                "StepCorrected",
                "NoteAdded",
            )
        ),
        "kyodo:Party.Registered",
        "kyodo:Party.PublicationConsentChanged",
        "kyodo:Party.ContactDetailsChanged",
        "kyodo:Meeting.MeetingHeld",
        "kyodo:Meeting.CasePresented",
        "kyodo:Meeting.FollowUpAgreed",
        "kyodo:CaseNumbering.NumberingStarted",
        "kyodo:CaseNumbering.NumberIssued",
        "kyodo:KpiTargets.TargetsStarted",
        "kyodo:KpiTargets.KpiTargetSet",
    }
)


@cache
def expected(store: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXPECTED.read_text(encoding="utf-8"))[store]
    return data


def sqlite_ledger(tmp_path: Path) -> Iterator[Any]:
    settings = Settings(data_dir=tmp_path)
    tmp_path.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SQLITE_FIXTURE, settings.sqlite_path)
    ledger = build_ledger(settings)
    yield ledger
    ledger.close()


def postgres_ledger(tmp_path: Path) -> Iterator[Any]:
    require_postgres()
    name = "t" + uuid.uuid4().hex[:12]
    settings = Settings(database_url=POSTGRES_URL, data_dir=tmp_path, ledger_name=name)
    ledger = build_ledger(settings)  # creates the (empty) tables
    try:
        insert_dumped_rows(name)
        yield ledger
    finally:
        ledger.close()
        drop_ledger_tables(name)


def insert_dumped_rows(name: str) -> None:
    dump = json.loads(POSTGRES_FIXTURE.read_text(encoding="utf-8"))
    events, records = f"{name.lower()}_events", f"{name.lower()}_event_records"
    with psycopg.connect(POSTGRES_URL) as conn:
        with conn.cursor() as cur:
            cur.executemany(
                SQL(
                    "INSERT INTO {} (notification_id, originator_id, originator_version, topic,"
                    " state) VALUES (%s, %s, %s, %s, %s)"
                ).format(Identifier(events)),
                [
                    (
                        row["notification_id"],
                        UUID(row["originator_id"]),
                        row["originator_version"],
                        row["topic"],
                        base64.b64decode(row["state"]),
                    )
                    for row in dump["events"]
                ],
            )
            cur.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'notification_id'), %s)",
                (events, max(row["notification_id"] for row in dump["events"])),
            )
            cur.executemany(
                SQL(
                    "INSERT INTO {} (originator_id, originator_version, topic, recorded_at,"
                    " occurred_on, prev_hash, hash) VALUES (%s, %s, %s, %s, %s, %s, %s)"
                ).format(Identifier(records)),
                [
                    (
                        UUID(row["originator_id"]),
                        row["originator_version"],
                        row["topic"],
                        row["recorded_at"] and datetime.fromisoformat(row["recorded_at"]),
                        row["occurred_on"] and date.fromisoformat(row["occurred_on"]),
                        row["prev_hash"],
                        row["hash"],
                    )
                    for row in dump["event_records"]
                ],
            )
        conn.commit()


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, Any]]:
    """(store name, a ledger of today's code over the fixture's stored events)."""
    make = sqlite_ledger if request.param == "sqlite" else postgres_ledger
    for ledger in make(tmp_path):
        yield request.param, ledger


def notifications(ledger: Any) -> list[Any]:
    return list(ledger.recorder.select_notifications(start=1, limit=100_000))


def assert_same(actual: Any, wanted: Any, where: str) -> None:
    """Equal normalised data, and equal JSON text (so 1, 1.0 and True stay apart)."""
    assert actual == wanted, where
    assert canonical_json(actual) == canonical_json(wanted), where


def test_the_fixtures_cover_every_stored_topic() -> None:
    for name in ("sqlite", "postgres"):
        assert {e["topic"] for e in expected(name)["events"]} == TOPICS, name


def test_every_stored_event_decodes_to_the_same_values(store: tuple[str, Any]) -> None:
    name, ledger = store
    wanted = expected(name)["events"]
    stored = notifications(ledger)
    assert len(stored) == len(wanted)
    for n, want in zip(stored, wanted, strict=True):
        where = f"{name}: {n.topic} v{n.originator_version} of {n.originator_id}"
        header = (n.id, str(n.originator_id), n.originator_version, n.topic)
        assert header == (
            want["notification_id"],
            want["originator_id"],
            want["originator_version"],
            want["topic"],
        ), where
        assert_same(normalise(ledger.mapper.to_domain_event(n)), want["decoded"], where)


def test_every_aggregate_loads_to_the_same_state(store: tuple[str, Any]) -> None:
    name, ledger = store
    wanted = expected(name)["aggregates"]
    stored_ids = {str(n.originator_id) for n in notifications(ledger)}
    assert stored_ids == {a["id"]["uuid"] for a in wanted}
    for want in wanted:
        aggregate = ledger.repository.get(UUID(want["id"]["uuid"]))
        where = f"{name}: {want['aggregate']} {want['id']['uuid']}"
        assert_same(normalise(aggregate), want, where)


def test_postgres_event_records_were_restored() -> None:
    """The PostgreSQL dump carries one derived record per stored event."""
    dump = json.loads(POSTGRES_FIXTURE.read_text(encoding="utf-8"))
    events = {(e["originator_id"], e["originator_version"]) for e in dump["events"]}
    records = {(r["originator_id"], r["originator_version"]) for r in dump["event_records"]}
    assert events == records
