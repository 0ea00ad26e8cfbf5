"""Help pages in Japanese throughout: the words click and typer put around kyodo's own
(`Usage:`, `Options`, `[required]`, `Show this message and exit.`) are written in Japanese
too, so that `kyodo … --help` reads in one language, as its errors do.

Typer vendors click without gettext, so its words are replaced where a help page is
written: each command's context makes its formatter of this class (`JapaneseContext`,
set on every command of the tree by `in_japanese`). Option names, metavars and codes stay
as they are typed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from typer._click import Context
from typer._click.formatting import HelpFormatter

USAGE = "使い方: "
HEADINGS = {"Options": "オプション", "Arguments": "引数", "Commands": "コマンド"}
# The help of the options that click and typer add to every command or to the root.
OWN_HELP = {
    "Show this message and exit.": "このヘルプを表示して終了する",
    "Install completion for the current shell.": "今のシェルに kyodo の入力補完を設定する",
    "Show completion for the current shell, to copy it or customize the installation.": (
        "今のシェル向けの入力補完の設定を表示する（写して使う、または手を加えるとき）"
    ),
}
METAVARS = (("[OPTIONS]", "[オプション]"), ("COMMAND [ARGS]...", "コマンド [引数]..."))
# What typer adds in brackets after a parameter's help: `[default: 30; required]`.
_EXTRAS = re.compile(r"\[([^\[\]]*)\]$")
_EXTRA_WORDS = (("default: ", "既定値: "), ("env var: ", "環境変数: "))


def parameter_help(text: str) -> str:
    """A definition of a help page's list, its click and typer words in Japanese."""
    text = OWN_HELP.get(text, text)
    found = _EXTRAS.search(text)
    if found is None:
        return text
    parts = []
    for part in found.group(1).split("; "):
        if part == "required":
            part = "必須"
        for english, japanese in _EXTRA_WORDS:
            if part.startswith(english):
                part = japanese + part[len(english) :]
        parts.append(part)
    return f"{text[: found.start()]}[{'、'.join(parts)}]"


class JapaneseHelpFormatter(HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        for english, japanese in METAVARS:
            args = args.replace(english, japanese)
        super().write_usage(prog, args, USAGE if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(HEADINGS.get(heading, heading))

    def write_dl(
        self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        super().write_dl(
            [(term, parameter_help(text)) for term, text in rows], col_max, col_spacing
        )


class JapaneseContext(Context):
    formatter_class = JapaneseHelpFormatter


def in_japanese(command: Any) -> Any:
    """`command` and every command below it already built write their help in Japanese
    (a lazy group's commands are set so as they are loaded)."""
    command.context_class = JapaneseContext
    for child in getattr(command, "commands", {}).values():
        in_japanese(child)
    return command
