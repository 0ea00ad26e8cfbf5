"""`kyodo idempotency prune`: old retry keys are forgotten, the events stay; a retention
shorter than a day is refused in one line with its code."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.cli.conftest import Kyodo, one_line_error, sqlite_env


def _keys(data_dir: Path) -> int:
    with sqlite3.connect(data_dir / "kyodo.sqlite3") as db:
        return int(db.execute("SELECT count(*) FROM idempotency_keys").fetchone()[0])


def _events(data_dir: Path) -> int:
    with sqlite3.connect(data_dir / "kyodo.sqlite3") as db:
        return int(db.execute("SELECT count(*) FROM stored_events").fetchone()[0])


def test_keys_older_than_the_days_given_are_forgotten(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    kyodo = Kyodo(sqlite_env(data_dir))
    assert kyodo("demo", "load").exit_code == 0
    keys, events = _keys(data_dir), _events(data_dir)
    assert keys > 0

    kept = kyodo("idempotency", "prune", "--days", "1")
    assert kept.exit_code == 0, kept.output
    assert kept.stdout.strip() == "1日より古い再送キーを0件削除しました"

    with sqlite3.connect(data_dir / "kyodo.sqlite3") as db:  # as if loaded 40 days ago
        db.execute("UPDATE idempotency_keys SET recorded_at = '2000-01-01T00:00:00Z'")
    pruned = kyodo("idempotency", "prune")
    assert pruned.exit_code == 0, pruned.output
    assert pruned.stdout.strip() == f"30日より古い再送キーを{keys}件削除しました"
    assert (_keys(data_dir), _events(data_dir)) == (0, events)


def test_less_than_a_day_is_refused(tmp_path: Path) -> None:
    kyodo = Kyodo(sqlite_env(tmp_path / "data"))
    assert kyodo("demo", "load").exit_code == 0
    line = one_line_error(kyodo("idempotency", "prune", "--days", "0"))
    assert line.endswith("[retention_too_short]")
    assert "1日以上" in line


def test_no_ledger_yet_is_said_in_one_line(tmp_path: Path) -> None:
    line = one_line_error(Kyodo(sqlite_env(tmp_path / "none"))("idempotency", "prune"))
    assert line.endswith("[no_ledger]")
