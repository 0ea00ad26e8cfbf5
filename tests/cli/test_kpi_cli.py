"""`kyodo kpi`: the year's table, targets, closing a finished year, a plan's indicators."""

from __future__ import annotations

import shutil
from pathlib import Path

from domain.vocabulary import KPI_INDICATORS
from tests.cli.conftest import Kyodo, one_line_error, sqlite_env


def _copy(loaded_dir: Path, tmp_path: Path) -> Kyodo:
    """A store of its own (these tests write), copied from the module's demo load."""
    target = tmp_path / "data"
    shutil.copytree(loaded_dir, target)
    return Kyodo(sqlite_env(target))


def test_the_year_s_table_shows_every_indicator_and_the_rounding(loaded: Kyodo) -> None:
    shown = loaded("kpi", "show", "2024", "--municipality", "山口市")
    assert shown.exit_code == 0, shown.output
    lines = shown.stdout.splitlines()
    assert lines[0] == "令和6年度（2024年度） 山口市 評価指標"
    assert lines[1] == "評価指標\t基準値\t実績値\t目標値"
    assert len(lines) == 2 + len(KPI_INDICATORS) + 1
    assert "四捨五入" in lines[-1]
    groups = next(line for line in lines if line.startswith("登録団体数\t"))
    assert int(groups.split("\t")[2]) > 0  # the demo's parties of 山口市, registered by then


def test_a_target_is_set_and_a_finished_year_closed_once(loaded_dir: Path, tmp_path: Path) -> None:
    kyodo = _copy(loaded_dir, tmp_path)
    assert kyodo("kpi", "set-target", "2024", "協働成功件数", "--target", "5").exit_code == 0
    assert kyodo("kpi", "close-year", "2024").exit_code == 0
    shown = kyodo("kpi", "show", "2024")
    assert "\t確定時\t差" in shown.stdout.splitlines()[1]
    assert any(line.startswith("確定: ") for line in shown.stdout.splitlines())
    again = one_line_error(kyodo("kpi", "close-year", "2024"))
    assert again.endswith("[fiscal_year_already_closed]")


def test_mistakes_are_one_line_with_a_code(loaded: Kyodo) -> None:
    assert one_line_error(loaded("kpi", "close-year", "2199")).endswith("[fiscal_year_not_over]")
    assert one_line_error(loaded("kpi", "show", "1800")).endswith("[invalid_value]")
    unknown = one_line_error(loaded("kpi", "show", "2024", "--municipality", "存在しない市"))
    assert "存在しない市" in unknown
    assert one_line_error(loaded("kpi", "show", "2024", "--as-of", "昨日")).endswith(
        "[invalid_date]"
    )
    assert one_line_error(loaded("kpi", "indicators", "ない計画")).endswith("[no_indicators]")


def test_a_plan_s_indicators_are_listed_with_baseline_years_and_target(loaded: Kyodo) -> None:
    shown = loaded("kpi", "indicators", "第二次山口市協働推進プラン後期推進計画")
    assert shown.exit_code == 0, shown.output
    text = shown.stdout
    assert "KPI-2 地域づくりに関する研修会の参加者数" in text
    assert "  基準値 188人 《2022（令和4）年度》" in text
    assert "  令和6年度（2024年度） 247人 研修会の参加者名簿" in text
    assert "  目標値 250人 《令和9年度（2027年度）》" in text
