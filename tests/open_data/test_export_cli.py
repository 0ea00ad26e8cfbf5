"""`kyodo export library [--format csv|json] FILE` on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

from application.ledger import Ledger
from persistence.settings import Settings
from tests.cli.conftest import Kyodo, one_line_error, settings_env
from tests.open_data.conftest import WORKER, published_with_personal_data


def test_export_writes_the_csv_the_read_model_holds(
    ledger: Ledger, settings: Settings, tmp_path: Path
) -> None:
    published_with_personal_data(ledger)
    target = tmp_path / "library.csv"

    result = Kyodo(settings_env(settings))("export", "library", str(target))

    assert result.exit_code == 0, result.output
    text = target.read_bytes().decode("utf-8-sig")
    assert "地域ぐるみの子ども食堂" in text
    assert WORKER not in text
    assert "1件の成功事例" in result.stderr


def test_export_writes_json_when_asked(ledger: Ledger, settings: Settings, tmp_path: Path) -> None:
    published_with_personal_data(ledger)

    result = Kyodo(settings_env(settings))("export", "library", "--format", "json", "-")

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["cases"][0]["title"] == "地域ぐるみの子ども食堂"


def test_an_unknown_format_is_one_line_with_its_code(kyodo: Kyodo, tmp_path: Path) -> None:
    result = kyodo("export", "library", "--format", "xlsx", str(tmp_path / "x"))

    assert one_line_error(result).endswith("[unknown_format]")
    assert not (tmp_path / "x").exists()
