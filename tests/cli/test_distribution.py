"""The distribution is `kyodo-ledger` (`kyodo` on the public index is another project's);
the command stays `kyodo`."""

from __future__ import annotations

import tomllib
from importlib.metadata import distribution
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_distribution_is_kyodo_ledger_and_the_command_kyodo() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]

    assert project["name"] == "kyodo-ledger"
    assert project["scripts"] == {"kyodo": "api.cli:run"}


def test_the_installed_distribution_has_the_new_name() -> None:
    scripts = [e.name for e in distribution("kyodo-ledger").entry_points]

    assert "kyodo" in scripts
