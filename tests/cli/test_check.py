"""`kyodo check` and configuration errors: one line on stderr, never a traceback or a password."""

from __future__ import annotations

from pathlib import Path

import pytest

from persistence.settings import Settings
from tests.cli.conftest import Kyodo, one_line_error, settings_env

UNREACHABLE = "postgresql://kyodo:s3cret@127.0.0.1:1/kyodo"


def test_check_on_a_fresh_data_dir_reports_the_missing_tables_and_creates_nothing(
    kyodo: Kyodo, tmp_path: Path
) -> None:
    result = kyodo("check")

    assert one_line_error(result) == (
        "テーブルがありません: stored_events, event_records"
        "（kyodo demo load または kyodo serve で作成されます）"
    )
    assert "バックエンド: sqlite" in result.stdout
    assert f"データディレクトリ: {(tmp_path / 'data').resolve()}" in result.stdout
    assert not (tmp_path / "data").exists()


def test_check_after_loading_reports_tables_and_events(loaded: Kyodo) -> None:
    result = loaded("check")

    assert result.exit_code == 0, result.output
    assert "接続: OK" in result.stdout
    assert "テーブル: OK" in result.stdout
    assert "記録済みイベント: 0件" not in result.stdout
    assert "記録済みイベント: " in result.stdout


def test_check_on_each_store_reports_its_tables_once_they_exist(settings: Settings) -> None:
    kyodo = Kyodo(settings_env(settings))
    before = kyodo("check")
    kyodo("demo", "load")

    after = kyodo("check")

    assert before.exit_code == 1
    assert after.exit_code == 0, after.output
    assert f"バックエンド: {settings.backend}" in after.stdout
    assert "テーブル: OK" in after.stdout


@pytest.mark.parametrize(
    "command", [["check"], ["demo", "load"], ["case", "show", "山口-2024-001"]]
)
def test_a_malformed_database_url_is_one_line(kyodo: Kyodo, command: list[str]) -> None:
    result = kyodo(*command, env={"DATABASE_URL": "mysql://root@localhost/kyodo"})

    assert one_line_error(result).startswith("設定エラー: DATABASE_URL は postgresql://")


@pytest.mark.parametrize("command", [["check"], ["demo", "load"]])
def test_an_unreachable_database_is_one_line_without_the_password(
    kyodo: Kyodo, command: list[str]
) -> None:
    result = kyodo(*command, env={"DATABASE_URL": UNREACHABLE})

    line = one_line_error(result)
    assert line.startswith("データベースエラー: PostgreSQL（127.0.0.1:1/kyodo）に接続できません")
    assert "s3cret" not in result.output


def test_check_shows_host_and_database_but_never_the_password(kyodo: Kyodo) -> None:
    result = kyodo("check", env={"DATABASE_URL": UNREACHABLE})

    assert "ホスト: 127.0.0.1:1" in result.stdout
    assert "データベース: kyodo（ユーザー: kyodo）" in result.stdout
    assert "s3cret" not in result.output


def test_a_malformed_ledger_name_is_one_line(kyodo: Kyodo) -> None:
    result = kyodo("demo", "load", env={"KYODO_LEDGER_NAME": "bad-name"})

    assert one_line_error(result).startswith("設定エラー: KYODO_LEDGER_NAME")
