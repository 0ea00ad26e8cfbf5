"""The root command's group: a mistake in the command line itself (an unknown option, a
missing argument, a bad value) is one line on stderr, like every other refusal:
`エラー: <Japanese message> [<stable code>]`, exit 2.

Click words its usage errors in English; the sentence is Japanese and click's own detail is
kept after it, so that the option it names is still shown.
"""

from __future__ import annotations

import os
import sys
import traceback
from importlib import import_module
from typing import Any, ClassVar

import typer
from typer._click import Context
from typer._click import exceptions as click  # typer (since 0.26) vendors click: its own exceptions
from typer.core import TyperGroup
from typer.main import get_command_from_info, get_group_from_info
from typer.models import CommandInfo, TyperInfo

from api.cli.help_pages import JapaneseContext, in_japanese

USAGE = 2
UNEXPECTED = 1
TRACEBACK_ENV = "KYODO_TRACEBACK"

_SENTENCES: tuple[tuple[type[click.ClickException], str, str], ...] = (
    (click.MissingParameter, "必要な引数・オプションが足りません", "missing_argument"),
    (click.NoSuchOption, "そのオプションはありません", "unknown_option"),
    (click.BadParameter, "引数・オプションの値が正しくありません", "bad_value"),
    (click.UsageError, "コマンドの使い方が正しくありません", "usage_error"),
)


def usage_line(error: click.ClickException) -> str:
    """`エラー: 必要な引数・オプションが足りません（Missing argument 'ID'.）: kyodo case show --help
    [missing_argument]`"""
    sentence, code = "コマンドを実行できません", "command_error"
    for kind, text, name in _SENTENCES:
        if isinstance(error, kind):
            sentence, code = text, name
            break
    detail = " ".join(error.format_message().split())
    ctx = getattr(error, "ctx", None)
    hint = f": {ctx.command_path} --help" if ctx is not None else ""
    return f"エラー: {sentence}（{detail}）{hint} [{code}]"


class LazyGroup(TyperGroup):
    """A group whose commands are imported when they are run, listed or asked for help.

    `LAZY` names each command's module and attribute, `"api.cli.case:app"`: a `typer.Typer`
    is a group of commands, a function is one command. `kyodo case show` then imports the
    case commands only, not the exports' web framework or the demo data (whole seconds of a
    short command's life were imports).
    """

    LAZY: ClassVar[dict[str, str]] = {}
    context_class = JapaneseContext

    def list_commands(self, ctx: Context) -> list[str]:
        listed = super().list_commands(ctx)
        return listed + [name for name in self.LAZY if name not in listed]

    def get_command(self, ctx: Context, cmd_name: str) -> Any:
        if cmd_name not in self.commands and cmd_name in self.LAZY:
            self.commands[cmd_name] = self._load(cmd_name)
        return super().get_command(ctx, cmd_name)

    def _load(self, name: str) -> Any:
        module, attribute = self.LAZY[name].split(":")
        found = getattr(import_module(module), attribute)
        if isinstance(found, typer.Typer):
            return in_japanese(
                get_group_from_info(
                    TyperInfo(found, name=name),
                    pretty_exceptions_short=True,
                    rich_markup_mode=self.rich_markup_mode,
                    suggest_commands=self.suggest_commands,
                )
            )
        return in_japanese(
            get_command_from_info(
                CommandInfo(name=name, callback=found),
                pretty_exceptions_short=True,
                rich_markup_mode=self.rich_markup_mode,
            )
        )


def lazy(commands: dict[str, str], base: type[LazyGroup] | None = None) -> type[LazyGroup]:
    """A group class for `typer.Typer(cls=…)` with these commands imported on demand."""
    return type("Lazy" + (base or LazyGroup).__name__, (base or LazyGroup,), {"LAZY": commands})


class OneLineGroup(LazyGroup):
    """Runs the command tree; usage errors and unexpected failures become one line."""

    def main(  # type: ignore[override]
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.NoArgsIsHelpError as error:
            typer.echo(error.ctx.get_help() if error.ctx else "")
            sys.exit(USAGE)
        except click.ClickException as error:
            typer.echo(usage_line(error), err=True)
            sys.exit(error.exit_code)
        except typer.Abort:
            typer.echo("エラー: 中断しました [aborted]", err=True)
            sys.exit(UNEXPECTED)
        except Exception as error:  # a defect: one line, the traceback on request
            if os.environ.get(TRACEBACK_ENV) == "1":
                traceback.print_exc()
            first = str(error).strip().splitlines()[:1]
            detail = f"{type(error).__name__}: {first[0]}" if first else type(error).__name__
            typer.echo(
                f"エラー: 予期しないエラーです（{detail}）。"
                f"{TRACEBACK_ENV}=1 で詳細を表示します [unexpected_error]",
                err=True,
            )
            sys.exit(UNEXPECTED)
        sys.exit(result if isinstance(result, int) else 0)
