"""The README's command list is the one `kyodo --help` gives: every command is listed, and
every listed command exists."""

from __future__ import annotations

import re
from pathlib import Path

import typer

from api.cli import app
from tests.cli.test_mistakes import every_command, subcommands

README = Path(__file__).resolve().parents[2] / "README.md"


def listed() -> list[list[str]]:
    """The words after `kyodo` on each line of the README's command list, up to the first
    argument or option."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## The command line", 1)[1]
    block = section.split("```", 2)[1]
    words = []
    for line in block.splitlines():
        if line.startswith("kyodo "):
            command = line.split("#", 1)[0].split()[1:]
            words.append([w for w in command[:2] if re.fullmatch(r"[a-z][a-z-]*", w)])
    return words


def test_every_command_of_kyodo_help_is_in_the_readme() -> None:
    lines = [" ".join(w) for w in listed()]

    missing = [" ".join(p) for p in every_command() if " ".join(p) not in lines]
    assert not missing, f"not in the README's command list: {missing}"


def test_every_command_in_the_readme_exists() -> None:
    root = typer.main.get_command(app)
    for words in listed():
        if not words:  # `kyodo --version`
            continue
        command = subcommands(root)[words[0]]  # type: ignore[arg-type]
        if isinstance(command, typer.core.TyperGroup):
            assert len(words) == 2, words
            assert words[1] in subcommands(command), words


def test_the_readme_lists_the_version_option() -> None:
    assert [] in listed()
