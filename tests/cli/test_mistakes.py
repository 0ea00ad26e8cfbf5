"""Every mistake made on the command line is one line on stderr — a Japanese message and a
stable English code in brackets — and a non-zero exit, in every command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer

from api.cli import app
from persistence.settings import SettingsError, data_dir_from
from tests.cli.conftest import Kyodo, one_line_error

LINE = re.compile(r"^.*[\u3040-\u30ff\u4e00-\u9fff].* \[[a-z_]+\]$")


def coded(result: object) -> str:
    line = one_line_error(result)  # type: ignore[arg-type]
    assert LINE.match(line), line
    return line.rsplit("[", 1)[1].rstrip("]")


def subcommands(group: typer.core.TyperGroup) -> dict[str, object]:
    """A group's commands as its help lists them (each imported on the way, as when run)."""
    ctx = typer.Context(group)
    return {name: group.get_command(ctx, name) for name in group.list_commands(ctx)}


def every_command() -> list[list[str]]:
    """The path of every leaf command of `kyodo`, from the click tree typer builds."""
    found: list[list[str]] = []

    def walk(command: typer.core.TyperGroup | object, path: list[str]) -> None:
        if not isinstance(command, typer.core.TyperGroup):
            found.append(path)
            return
        for name, child in subcommands(command).items():
            walk(child, [*path, name])

    walk(typer.main.get_command(app), [])
    return found


@pytest.mark.parametrize("path", every_command(), ids=" ".join)
def test_an_unknown_option_is_one_line_in_every_command(kyodo: Kyodo, path: list[str]) -> None:
    assert coded(kyodo(*path, "--no-such-option")) == "unknown_option"


@pytest.mark.parametrize(
    ("args", "env", "code"),
    [
        (["users", "add", "bob", "--role", "wizard"], {}, "unknown_role"),
        (["users", "add", "bob", "--role", "facilitator"], {}, "centre_required"),
        (["users", "add", "bob", "--role", "facilitator", "--centre", "x"], {}, "unknown_centre"),
        (["users", "add", "bob", "--role", "auditor", "--days", "0"], {}, "days_not_positive"),
        (["users", "add", "bob", "--role", "auditor", "--days", "x"], {}, "bad_value"),
        (["users", "add"], {}, "missing_argument"),
        (["case", "show"], {}, "missing_argument"),
        (["case", "show", "山口-2024-001"], {}, "no_ledger"),
        (["case", "show", "x"], {"DATABASE_URL": "mysql://root@h/db"}, "invalid_setting"),
        (["check"], {"DATABASE_URL": "postgresql://u@h:port/db"}, "invalid_setting"),
        (["check"], {"DATABASE_URL": "postgresql://127.0.0.1:1/kyodo"}, "database_unreachable"),
        (["check"], {"KYODO_DB_POOL_SIZE": "many"}, "invalid_setting"),
        (["serve", "--port", "0"], {"KYODO_OIDC_CLIENT_ID": "kyodo"}, "invalid_setting"),
        (["serve", "--port", "0"], {"KYODO_JWT_SECRET": "short"}, "invalid_setting"),
        (["serve", "--port", "0"], {"KYODO_PROJECTIONS": "worker"}, "invalid_setting"),
        (["projections", "status"], {}, "no_ledger"),
        (["projections", "rebuild", "case_list"], {}, "no_ledger"),
        (["projections", "retry", "timeline", "one"], {}, "bad_value"),
        (["export", "library", "out.csv"], {}, "no_ledger"),
        (["export", "library", "-", "--format", "pdf"], {}, "unknown_format"),
        (["vocabulary", "colours"], {}, "unknown_vocabulary"),
        (["nosuchcommand"], {}, "usage_error"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else None,
)
def test_a_mistake_is_one_japanese_line_with_a_code(
    kyodo: Kyodo, args: list[str], env: dict[str, str], code: str
) -> None:
    assert coded(kyodo(*args, env=env)) == code


def test_reading_an_empty_folder_creates_no_database(kyodo: Kyodo, tmp_path: Path) -> None:
    kyodo("case", "show", "山口-2024-001")
    kyodo("projections", "status")

    assert not (tmp_path / "data").exists() or not any((tmp_path / "data").iterdir())


def test_an_unknown_read_model_names_the_known_ones(loaded: Kyodo) -> None:
    result = loaded("projections", "rebuild", "nothing")

    assert coded(result) == "unknown_read_model"
    assert "case_list" in result.stderr


def test_version_prints_the_distributions_version(kyodo: Kyodo) -> None:
    result = kyodo("--version")

    assert result.exit_code == 0
    assert re.fullmatch(r"kyodo \S+\n", result.stdout)


def test_help_is_not_cut_at_80_columns(kyodo: Kyodo) -> None:
    result = kyodo("--help", env={"COLUMNS": "80"})

    assert (
        "設定を表示し、データベースに接続できてテーブルがあるかを確かめる（何も変更しない）。"
        in (result.stdout)
    )
    assert "…" not in result.stdout
    assert "..." not in result.stdout.replace("[引数]...", "")


def test_a_relative_data_dir_is_taken_from_the_source_tree(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("")

    assert data_dir_from("var", root=tmp_path) == tmp_path / "var"
    assert data_dir_from(None, root=tmp_path) == tmp_path / "var"
    assert data_dir_from("/srv/kyodo", root=tmp_path) == Path("/srv/kyodo")


def test_an_installed_kyodo_refuses_a_relative_data_dir(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="KYODO_DATA_DIR は絶対パスで指定してください"):
        data_dir_from("var", root=tmp_path)
