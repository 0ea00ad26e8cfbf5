"""Every help page of `kyodo` reads in Japanese: click's and typer's own words around
kyodo's (usage, headings, the help option, what typer adds in brackets) too, and every
command, argument and option says what it is in Japanese."""

from __future__ import annotations

import re

import pytest

from api.cli.help_pages import parameter_help
from tests.cli.conftest import Kyodo
from tests.cli.test_mistakes import every_command

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
ENGLISH_WORDS = (
    "Usage:",
    "Options:",
    "Arguments:",
    "Commands:",
    "Show this message",
    "required",
    "default:",
    "completion",
    "[OPTIONS]",
    "COMMAND [ARGS]",
)


def every_page() -> list[list[str]]:
    """The root, every group and every command."""
    paths = {(): None}
    for path in every_command():
        for end in range(1, len(path) + 1):
            paths[tuple(path[:end])] = None
    return [list(path) for path in paths]


def definitions(page: str) -> list[str]:
    """The text after each term of the page's lists (a term's text wrapped onto the next
    lines belongs to it)."""
    found: list[str] = []
    for line in page.splitlines():
        term = re.match(r"^  (\S.*?)(?: {2,}(\S.*))?$", line)
        continued = re.match(r"^ {4,}(\S.*)$", line)
        if continued and found:
            found[-1] += continued.group(1)
        elif term:
            found.append(term.group(2) or "")
    return found


@pytest.mark.parametrize("path", every_page(), ids=lambda p: " ".join(p) or "kyodo")
def test_a_help_page_is_in_japanese(kyodo: Kyodo, path: list[str]) -> None:
    result = kyodo(*path, "--help")

    assert result.exit_code == 0, result.output
    page = result.stdout
    assert page.startswith("使い方: "), page
    assert "オプション:" in page
    assert "このヘルプを表示して終了する" in page
    words = re.sub(r"--[a-z-]+", "", page)  # option names are typed as they are
    left = [word for word in ENGLISH_WORDS if word in words]
    assert not left, page
    lists = definitions(page.split("\n\n", 2)[2] if page.count("\n\n") >= 2 else page)
    assert lists, page
    # what typer adds in brackets ([必須], [既定値: 30]) does not say what a parameter is
    unexplained = [t for t in lists if not JAPANESE.search(re.sub(r"\[[^\[\]]*\]$", "", t))]
    assert not unexplained, page


def test_a_group_run_without_a_command_shows_its_page_in_japanese(kyodo: Kyodo) -> None:
    result = kyodo("case")

    assert result.exit_code == 2
    assert result.stdout.startswith("使い方: ")
    assert "コマンド:" in result.stdout
    assert "attention" in result.stdout


def test_what_typer_adds_in_brackets_is_in_japanese() -> None:
    assert parameter_help("有効日数（1以上）  [default: 30]") == "有効日数（1以上）  [既定値: 30]"
    assert parameter_help("生成する案件の数  [x>=1; required]") == "生成する案件の数  [x>=1、必須]"
    assert parameter_help("年度  [env var: KYODO_YEAR; required]") == (
        "年度  [環境変数: KYODO_YEAR、必須]"
    )
    assert parameter_help("Show this message and exit.") == "このヘルプを表示して終了する"
    # a help text's own brackets that are not typer's are kept
    assert parameter_help("書き出し先 [CSV]") == "書き出し先 [CSV]"
    assert parameter_help("種類（NPO・自治会）") == "種類（NPO・自治会）"
