"""`kyodo demo load`: loads once, `--if-empty` makes it idempotent, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from demo import ALL_CASES, MEETINGS, PARTIES
from persistence.settings import Settings
from persistence.wiring import build_ledger
from tests.cli.conftest import Kyodo, one_line_error, settings_env


def events_in(data_dir: Path) -> int:
    ledger = build_ledger(Settings(data_dir=data_dir))
    try:
        return ledger.recorder.max_notification_id() or 0
    finally:
        ledger.close()


def test_load_prints_a_one_line_summary(kyodo: Kyodo) -> None:
    result = kyodo("demo", "load")

    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines() == [
        f"デモデータを取り込みました: 案件 {len(ALL_CASES)}件、団体・個人 {len(PARTIES)}件、"
        f"会議 {len(MEETINGS)}件、公開事例 7件"
    ]


def test_load_if_empty_twice_records_the_data_once(kyodo: Kyodo, tmp_path: Path) -> None:
    first = kyodo("demo", "load", "--if-empty")
    recorded = events_in(tmp_path / "data")

    second = kyodo("demo", "load", "--if-empty")

    assert first.exit_code == 0, first.output
    assert second.exit_code == 0, second.output
    assert "取り込みません" in second.stdout
    assert recorded > 300
    assert events_in(tmp_path / "data") == recorded


def test_load_without_if_empty_refuses_a_ledger_that_holds_events(
    kyodo: Kyodo, tmp_path: Path
) -> None:
    kyodo("demo", "load")
    recorded = events_in(tmp_path / "data")

    result = kyodo("demo", "load")

    assert "台帳が空ではありません" in one_line_error(result)
    assert events_in(tmp_path / "data") == recorded


def test_load_through_the_command_on_each_store(settings: Settings) -> None:
    kyodo = Kyodo(settings_env(settings))

    result = kyodo("demo", "load")
    shown = kyodo("case", "show", "山口-2024-001")

    assert result.exit_code == 0, result.output
    assert "公開事例 7件" in result.stdout
    assert shown.exit_code == 0, shown.output
    assert "さぽカフェ円卓会議「ひとり親家庭の支援に向けて」" in shown.stdout
    ledger = build_ledger(settings)
    try:
        case = ledger.get_case(ledger.find_case("山口-2024-001"))
        assert case.published
    finally:
        ledger.close()
