"""`kyodo audit reads` and `kyodo audit seal-contacts` (the migration of a store written
before encryption), on SQLite and PostgreSQL; and the migration of the golden SQLite store."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

from application.personal_data import contact_of, parties_in_clear, read_contact
from domain.values import SealedContact
from domain.vocabulary import ActorRole
from persistence.settings import Settings
from persistence.wiring import build_ledger
from tests.cli.conftest import Kyodo, one_line_error, settings_env, sqlite_env
from tests.personal_data.conftest import (
    ADMIN,
    CONTACT,
    FACILITATOR,
    SECRETS,
    TODAY,
    ctx,
    register_worker,
)
from tests.personal_data.legacy import register_in_clear
from tests.personal_data.verify import chain_breaks

GOLDEN_SQLITE = (
    Path(__file__).resolve().parents[1] / "golden" / "fixtures" / "ledger-sqlite.sqlite3"
)


def test_the_reads_are_listed_as_a_table_and_as_json(settings: Settings) -> None:
    ledger = build_ledger(settings)
    try:
        party_id = register_worker(ledger)
        read_contact(ledger, FACILITATOR.actor, party_id, "活動日程の調整", "req-9")
    finally:
        ledger.close()
    kyodo = Kyodo(settings_env(settings))

    table = kyodo("audit", "reads")
    lines = kyodo("audit", "reads", "--json", "--party", str(party_id))

    assert table.exit_code == 0, table.output
    assert "活動日程の調整" in table.stdout
    assert "fac-1（協働ファシリテーター）" in table.stdout
    (record,) = [json.loads(line) for line in lines.stdout.splitlines()]
    assert (record["party_id"], record["reason"], record["correlation_id"]) == (
        str(party_id),
        "活動日程の調整",
        "req-9",
    )


def test_the_reads_of_one_user_are_listed(settings: Settings) -> None:
    ledger = build_ledger(settings)
    try:
        party_id = register_worker(ledger)
        read_contact(ledger, FACILITATOR.actor, party_id, "活動日程の調整", "req-1")
        chief = ctx(ActorRole.CHIEF_FACILITATOR, "chief-1", "pref").actor
        read_contact(ledger, chief, party_id, "報告書の送付", "req-2")
    finally:
        ledger.close()
    kyodo = Kyodo(settings_env(settings))

    mine = kyodo("audit", "reads", "--json", "--reader", "fac-1")
    nobody = kyodo("audit", "reads", "--json", "--reader", "nobody")

    assert [json.loads(line)["correlation_id"] for line in mine.stdout.splitlines()] == ["req-1"]
    assert nobody.exit_code == 0
    assert nobody.stdout == ""


def test_every_request_to_erase_is_listed_with_its_answer(settings: Settings) -> None:
    ledger = build_ledger(settings)
    try:
        party_id = register_worker(ledger)
        ledger.request_personal_data_erasure(
            FACILITATOR, party_id, note="窓口で受付", occurred_on=date(2026, 11, 2)
        )
        ledger.decline_personal_data_erasure(ADMIN, party_id, reason="保存が必要")
        ledger.request_personal_data_erasure(FACILITATOR, party_id, by_agent=True)
    finally:
        ledger.close()
    kyodo = Kyodo(settings_env(settings))

    table = kyodo("audit", "erasures")
    lines = kyodo("audit", "erasures", "--json")

    assert table.exit_code == 0, table.output
    rows = table.stdout.splitlines()
    assert rows[0].split() == ["受付日", "団体・個人", "受け付けた人", "対応", "日数", "理由"]
    assert "対応待ち" in rows[1]
    assert (
        f"消去しない旨を決定（{TODAY.isoformat()}）  {(TODAY - date(2026, 11, 2)).days}日"
        in rows[2]
    )
    records = [json.loads(line) for line in lines.stdout.splitlines()]
    assert [(r["outcome"], r["by_agent"], r["reason"]) for r in records] == [
        (None, True, None),
        ("declined", False, "保存が必要"),
    ]
    assert {r["party_id"] for r in records} == {str(party_id)}


def test_a_party_s_history_is_listed_without_its_contact_details(settings: Settings) -> None:
    ledger = build_ledger(settings)
    try:
        party_id = register_worker(ledger)
        ledger.request_personal_data_erasure(FACILITATOR, party_id, note="窓口で受付")
        ledger.decline_personal_data_erasure(ADMIN, party_id, reason="保存が必要")
    finally:
        ledger.close()
    kyodo = Kyodo(settings_env(settings))

    table = kyodo("audit", "party-history", str(party_id))
    lines = kyodo("audit", "party-history", str(party_id), "--json")
    unknown = kyodo("audit", "party-history", "00000000-0000-0000-0000-000000000000")

    assert table.exit_code == 0, table.output
    assert "消去しない旨を決定しました：保存が必要" in table.stdout
    records = [json.loads(line) for line in lines.stdout.splitlines()]
    assert [r["label"] for r in records] == ["団体登録", "消去請求の受付", "消去しない旨の決定"]
    assert records[0]["details"]["contact"] == "暗号化して保管"
    for secret in SECRETS:
        assert secret not in table.stdout + lines.stdout
    assert one_line_error(unknown).endswith("[party_not_found]")


def test_a_malformed_party_id_is_one_line_of_error(tmp_path: Path) -> None:
    result = Kyodo(sqlite_env(tmp_path))("audit", "reads", "--party", "山口")

    assert (
        one_line_error(result) == "エラー: 「山口」は団体・個人のIDとして読めません [invalid_value]"
    )


def test_the_migration_seals_the_contact_details_stored_in_clear(settings: Settings) -> None:
    ledger = build_ledger(settings)
    try:
        legacy, sealed = register_in_clear(ledger), register_worker(ledger)
    finally:
        ledger.close()
    kyodo = Kyodo(settings_env(settings))

    counted = kyodo("audit", "seal-contacts", "--dry-run")
    migrated = kyodo("audit", "seal-contacts")
    again = kyodo("audit", "seal-contacts")

    assert counted.stdout.strip() == "平文の連絡先が残る団体・個人: 1件"
    assert migrated.stdout.strip() == "連絡先を暗号化しました: 1件"
    assert again.stdout.strip() == "連絡先を暗号化しました: 0件"
    ledger = build_ledger(settings)
    try:
        party = ledger.get_party(legacy)
        assert isinstance(party.contact, SealedContact)
        assert contact_of(ledger, party) == CONTACT
        assert ledger.get_party(sealed).version == 1
    finally:
        ledger.close()
    assert chain_breaks(settings) == []


def test_the_golden_store_is_migrated_and_its_chains_still_verify(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    shutil.copyfile(GOLDEN_SQLITE, settings.sqlite_path)
    ledger = build_ledger(settings)
    try:
        before = {p: contact_of(ledger, ledger.get_party(p)) for p in parties_in_clear(ledger)}
    finally:
        ledger.close()

    result = Kyodo(sqlite_env(tmp_path))("audit", "seal-contacts")

    assert len(before) == 6  # every party of the golden story
    assert result.stdout.strip() == f"連絡先を暗号化しました: {len(before)}件"
    ledger = build_ledger(settings)
    try:
        for party_id, contact in before.items():
            party = ledger.get_party(party_id)
            assert isinstance(party.contact, SealedContact)
            assert contact_of(ledger, party) == contact
    finally:
        ledger.close()
    assert chain_breaks(settings) == []
