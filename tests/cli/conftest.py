"""Helpers for the `kyodo` command's tests: a CliRunner with a data directory of its own."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from api.cli import app
from persistence.settings import Settings

UNSET: dict[str, str | None] = {"DATABASE_URL": None, "KYODO_LEDGER_NAME": None}


@dataclass
class Kyodo:
    """Runs `kyodo …` in-process against the store named by `env`."""

    env: dict[str, str | None]

    def __call__(self, *args: str, env: Mapping[str, str | None] | None = None) -> Result:
        return CliRunner().invoke(app, list(args), env={**self.env, **(env or {})})


def sqlite_env(data_dir: Path) -> dict[str, str | None]:
    return {**UNSET, "KYODO_DATA_DIR": str(data_dir)}


def settings_env(settings: Settings) -> dict[str, str | None]:
    return {
        "KYODO_DATA_DIR": str(settings.data_dir),
        "DATABASE_URL": settings.database_url,
        "KYODO_LEDGER_NAME": settings.ledger_name,
    }


def one_line_error(result: Result) -> str:
    """The single stderr line of a failed command; fails the test if there is a traceback."""
    assert result.exit_code != 0, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture
def kyodo(tmp_path: Path) -> Kyodo:
    return Kyodo(sqlite_env(tmp_path / "data"))


@pytest.fixture(scope="module")
def loaded_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory holding the demo data, loaded once for a module."""
    data_dir = tmp_path_factory.mktemp("demo")
    result = Kyodo(sqlite_env(data_dir))("demo", "load")
    assert result.exit_code == 0, result.output
    return data_dir


@pytest.fixture
def loaded(loaded_dir: Path) -> Kyodo:
    return Kyodo(sqlite_env(loaded_dir))
