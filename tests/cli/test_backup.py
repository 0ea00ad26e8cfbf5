"""`kyodo backup` and `kyodo restore` on the embedded store: a copy taken while commands are
saved verifies and puts back whole; a restore that would lose events, mix ledgers or bring
back a tampered copy is refused with nothing changed; read models never stand ahead of the
events put back."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest

from application.ledger import Ledger
from domain.commands import AddNote
from persistence.backup import head_of
from persistence.settings import Settings
from persistence.wiring import build_ledger
from projections.wiring import build_service, build_store
from tests.cli.conftest import Kyodo, one_line_error, sqlite_env
from tests.conftest import POSTGRES_URL
from tests.support import CaseFixture, context


@pytest.fixture
def data_dir(loaded_dir: Path, tmp_path: Path) -> Path:
    """The demo data, its read models built (as a server that ran leaves them)."""
    copy = tmp_path / "data"
    shutil.copytree(loaded_dir, copy)
    with _Opened(copy) as ledger:
        store = build_store(Settings(data_dir=copy))
        service = build_service(Settings(data_dir=copy), ledger, store)
        try:
            service.run_until_caught_up()
        finally:
            store.close()
    return copy


class _Opened:
    def __init__(self, data_dir: Path) -> None:
        self.ledger = build_ledger(Settings(data_dir=data_dir))

    def __enter__(self) -> Ledger:
        return self.ledger

    def __exit__(self, *_: object) -> None:
        self.ledger.close()


def _note(data_dir: Path, text: str = "電話で確認した") -> None:
    with _Opened(data_dir) as ledger:
        case_id = ledger.find_case("山口-2025-001")
        ledger.handle(context(today=date.today()), AddNote(case_id=case_id, text=text))


def _positions(data_dir: Path) -> list[int]:
    """The read models' positions in the log, as their tracking rows hold them."""
    with closing(sqlite3.connect(data_dir / "read.sqlite3")) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        (tracking,) = [t for t in tables if t.endswith("_rm_tracking")]
        return [int(r[0]) for r in conn.execute(f"SELECT position FROM {tracking}")]


def test_a_backup_taken_while_commands_are_saved_verifies_and_restores_whole(
    data_dir: Path, tmp_path: Path
) -> None:
    kyodo = Kyodo(sqlite_env(data_dir))
    stop = threading.Event()

    def writing() -> None:
        while not stop.is_set():
            _note(data_dir)

    writer = threading.Thread(target=writing)
    writer.start()
    try:
        made = kyodo("backup", str(tmp_path / "backup"))
    finally:
        stop.set()
        writer.join()
    assert made.exit_code == 0, made.output
    assert "改ざんは見つかりませんでした" in made.stdout
    assert {p.name for p in (tmp_path / "backup").iterdir()} >= {
        "kyodo.sqlite3",
        "read.sqlite3",
        "jwt-secret",
    }
    backed_up = head_of(tmp_path / "backup" / "kyodo.sqlite3")
    assert 0 < backed_up.position <= head_of(data_dir / "kyodo.sqlite3").position
    assert max(_positions(tmp_path / "backup")) <= backed_up.position

    elsewhere = Kyodo(sqlite_env(tmp_path / "new-machine"))
    restored = elsewhere("restore", str(tmp_path / "backup"))
    assert restored.exit_code == 0, restored.output
    assert "改ざんは見つかりませんでした" in restored.stdout
    assert head_of(tmp_path / "new-machine" / "kyodo.sqlite3") == backed_up
    shown = elsewhere("case", "show", "山口-2025-001")
    assert shown.exit_code == 0, shown.output
    assert (tmp_path / "new-machine" / "jwt-secret").read_bytes() == (
        data_dir / "jwt-secret"
    ).read_bytes()


def test_a_restore_that_would_lose_events_is_refused_unless_forced(
    data_dir: Path, tmp_path: Path
) -> None:
    kyodo = Kyodo(sqlite_env(data_dir))
    assert kyodo("backup", str(tmp_path / "backup")).exit_code == 0
    _note(data_dir, "バックアップの後の記録")
    latest = head_of(data_dir / "kyodo.sqlite3")

    refused = one_line_error(kyodo("restore", str(tmp_path / "backup")))
    assert refused.endswith("[restore_would_lose_events]")
    assert head_of(data_dir / "kyodo.sqlite3") == latest

    forced = kyodo("restore", str(tmp_path / "backup"), "--force")
    assert forced.exit_code == 0, forced.output
    assert head_of(data_dir / "kyodo.sqlite3").position < latest.position
    # The read models came back with the events: none stands ahead of them.
    assert max(_positions(data_dir)) <= head_of(data_dir / "kyodo.sqlite3").position


def test_a_restore_of_another_ledger_is_refused(data_dir: Path, tmp_path: Path) -> None:
    latest = head_of(data_dir / "kyodo.sqlite3")
    other = tmp_path / "other"
    with _Opened(other) as ledger:  # a ledger of its own, longer than the demo's
        given = CaseFixture(ledger)
        given.open()
        while head_of(other / "kyodo.sqlite3").position <= latest.position:
            ledger.handle(given.ctx, AddNote(case_id=given.id, text="別の台帳の記録"))
    assert Kyodo(sqlite_env(other))("backup", str(tmp_path / "backup")).exit_code == 0
    refused = one_line_error(Kyodo(sqlite_env(data_dir))("restore", str(tmp_path / "backup")))
    assert refused.endswith("[restore_other_ledger]")
    assert head_of(data_dir / "kyodo.sqlite3") == latest


def test_a_tampered_backup_is_not_put_back(data_dir: Path, tmp_path: Path) -> None:
    kyodo = Kyodo(sqlite_env(data_dir))
    assert kyodo("backup", str(tmp_path / "backup")).exit_code == 0
    with closing(sqlite3.connect(tmp_path / "backup" / "kyodo.sqlite3")) as conn, conn:
        rows = conn.execute("SELECT rowid, state FROM stored_events ORDER BY rowid").fetchall()
        rowid, state = next((r, bytes(s)) for r, s in rows if "子ども".encode() in bytes(s))
        altered = state.replace("子ども".encode(), "大人".encode())
        conn.execute("UPDATE stored_events SET state = ? WHERE rowid = ?", (altered, rowid))
    latest = head_of(data_dir / "kyodo.sqlite3")
    fresh = tmp_path / "fresh"
    refused = Kyodo(sqlite_env(fresh))("restore", str(tmp_path / "backup"))
    assert refused.exit_code == 3
    assert refused.stderr.strip().endswith("[backup_broken]")
    assert not (fresh / "kyodo.sqlite3").exists()
    assert head_of(data_dir / "kyodo.sqlite3") == latest


def test_a_restore_without_read_models_removes_those_ahead_of_it(
    data_dir: Path, tmp_path: Path
) -> None:
    kyodo = Kyodo(sqlite_env(data_dir))
    assert kyodo("backup", str(tmp_path / "backup")).exit_code == 0
    (tmp_path / "backup" / "read.sqlite3").unlink()
    restored = kyodo("restore", str(tmp_path / "backup"))
    assert restored.exit_code == 0, restored.output
    assert "読み取りモデルは次の起動のときにイベントから作り直されます" in restored.stdout
    assert not (data_dir / "read.sqlite3").exists()


def test_a_backup_goes_to_a_new_or_empty_folder_only(data_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.mkdir()
    (target / "memo.txt").write_text("前のバックアップ", encoding="utf-8")
    refused = one_line_error(Kyodo(sqlite_env(data_dir))("backup", str(target)))
    assert refused.endswith("[backup_target_not_empty]")
    assert [p.name for p in target.iterdir()] == ["memo.txt"]


def test_a_folder_without_a_backup_is_refused(kyodo: Kyodo, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert one_line_error(kyodo("restore", str(tmp_path / "empty"))).endswith("[backup_not_found]")


def test_postgres_is_backed_up_with_its_own_tools(kyodo: Kyodo, tmp_path: Path) -> None:
    refused = one_line_error(
        kyodo("backup", str(tmp_path / "backup"), env={"DATABASE_URL": POSTGRES_URL})
    )
    assert "pg_dump" in refused
    assert refused.endswith("[backup_postgres]")
    assert not (tmp_path / "backup").exists()
