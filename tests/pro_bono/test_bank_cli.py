"""`kyodo probono list`: the indicator and the workers, filtered by skill and municipality."""

from __future__ import annotations

from pathlib import Path

from persistence.settings import Settings
from persistence.wiring import build_ledger
from tests.cli.conftest import Kyodo, sqlite_env
from tests.pro_bono.bank import join_bank, worker
from tests.support import FACILITATOR


def _kyodo_with_workers(tmp_path: Path) -> Kyodo:
    data = tmp_path / "data"
    settings = Settings.from_env(sqlite_env(data))  # type: ignore[arg-type]
    ledger = build_ledger(settings)
    designer, lawyer = worker(ledger, "山田 花子"), worker(ledger, "佐藤 一郎")
    join_bank(ledger, designer, ("広報・デザイン",))
    join_bank(ledger, lawyer, ("法務",))
    ledger.pause_pro_bono_work(FACILITATOR, lawyer)
    ledger.close()
    return Kyodo(sqlite_env(data))


def test_the_list_shows_the_indicator_and_active_workers(tmp_path: Path) -> None:
    result = _kyodo_with_workers(tmp_path)("probono", "list")

    assert result.exit_code == 0, result.output
    assert (
        "プロボノワーカーバンクの登録者数（累計）: 2人（目標 100人・2026年度末）" in result.output
    )
    assert "活動中: 1人" in result.output
    assert "広報・デザイン" in result.output
    assert "法務" not in result.output


def test_the_list_filters_by_skill_including_paused_workers(tmp_path: Path) -> None:
    result = _kyodo_with_workers(tmp_path)("probono", "list", "--skill", "法務", "--all")

    assert result.exit_code == 0, result.output
    assert "休止中  法務  山口市、防府市" in result.output


def test_an_unknown_skill_is_one_line_in_japanese(tmp_path: Path) -> None:
    result = _kyodo_with_workers(tmp_path)("probono", "list", "--skill", "占い")

    assert result.exit_code != 0
    assert "unknown_value" in result.output
