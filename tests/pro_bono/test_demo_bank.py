"""The demo's pro bono worker bank, as `kyodo probono list` shows it after `kyodo demo load`."""

from __future__ import annotations

from tests.cli.conftest import Kyodo, loaded, loaded_dir  # noqa: F401 (fixtures)


def test_the_demo_bank_counts_its_workers(loaded: Kyodo) -> None:  # noqa: F811
    result = loaded("probono", "list", "--all")

    assert result.exit_code == 0, result.output
    assert "プロボノワーカーバンクの登録者数（累計）: 4人" in result.output
    assert "活動中: 3人" in result.output
    assert "2023年度 2人（累計 2人）" in result.output
    assert (
        "休止中  経営・事業計画・会計・税務" in result.output
        or "休止中  会計・税務" in result.output
    )
