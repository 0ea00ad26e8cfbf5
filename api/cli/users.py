"""`kyodo users add NAME --role ROLE [--centre CENTRE]`: record the account, print a signed
bearer token; `kyodo users list`; `kyodo users name ID [氏名 | --clear]`;
`kyodo users revoke NAME [--token ID]`."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import typer

from api.accounts import Accounts, accounts_for
from api.auth import TOKEN_ROLES, new_actor
from api.cli.common import fail, load_settings, reported_errors
from api.container import TOKYO, Container
from domain.values import Actor
from domain.vocabulary import CENTRE_BY_KEY, ActorRole

app = typer.Typer(help="利用者とトークン", no_args_is_help=True)

DAYS_NOT_POSITIVE = "days_not_positive"
ROLES = " / ".join(sorted(r.value for r in TOKEN_ROLES))


def checked_actor(name: str, role: str, centre: str | None) -> Actor:
    """The account's actor, or one Japanese line naming what is wrong (kyodo vocabulary
    lists the roles and the centres)."""
    if role not in {r.value for r in TOKEN_ROLES}:
        raise fail(f"エラー: 役割「{role}」はありません（{ROLES}） [unknown_role]")
    if role == ActorRole.FACILITATOR and not centre:
        raise fail(
            "エラー: 協働ファシリテーターには所属センター（--centre）が必要です"
            "（kyodo vocabulary centres） [centre_required]"
        )
    if centre and centre not in CENTRE_BY_KEY:
        raise fail(
            f"エラー: 支援センター「{centre}」はありません（kyodo vocabulary centres） "
            "[unknown_centre]"
        )
    return new_actor(name, role, centre)


@app.command("add")
def add(
    name: str = typer.Argument(..., help="利用者ID（トークンの subject）"),
    role: str = typer.Option(..., help=f"役割（kyodo vocabulary roles）: {ROLES}"),
    centre: str | None = typer.Option(None, help="所属センター（facilitator は必須）"),
    days: int = typer.Option(30, help="有効日数（1以上）"),
    full_name: str | None = typer.Option(
        None, "--name", help="氏名（画面で利用者IDの代わりに表示。省略時はそのまま）"
    ),
) -> None:
    """利用者のトークンを発行して表示する。"""
    with reported_errors():
        if days < 1:
            # A token valid for zero or fewer days would be expired when printed.
            message = f"有効日数（--days）は1日以上にしてください（指定: {days}）"
            raise fail(f"エラー: {message} [{DAYS_NOT_POSITIVE}]")
        actor = checked_actor(name, role, centre)
        with accounts() as found:
            issued = found.issue(actor.user_id, actor.role.value, actor.centre, days, full_name)
    if os.environ.get("KYODO_OIDC_ISSUER", "").strip():
        typer.echo(OIDC_NOTE, err=True)
    typer.echo(issued.token)


OIDC_NOTE = (
    "注意: KYODO_OIDC_ISSUER が設定されています。サーバーは kyodo のトークンを受け付けず、"
    "利用者は認証基盤でサインインします（取り消しは kyodo users revoke で効きます）"
)


@contextmanager
def accounts() -> Iterator[Accounts]:
    container = Container(load_settings())
    try:
        yield accounts_for(container)
    finally:
        container.close()


@app.command("list")
def list_users() -> None:
    """利用者と発行したトークンを一覧する（取り消したものも）。"""
    with reported_errors(), accounts() as found:
        rows = found.list()
    if not rows:
        typer.echo("利用者はまだいません（kyodo users add で追加します）")
    for account in rows:
        revoked = f"  {_at(account.revoked_before)} までのトークンを取り消し済み"
        centre = f" {account.centre}" if account.centre else ""
        shown = f"  {account.name}" if account.name else ""
        typer.echo(f"{account.user_id}{shown}  {account.role or '-'}{centre}")
        if account.revoked_before:
            typer.echo(revoked)
        for token in account.tokens:
            state = f"取り消し {_at(token.revoked_at)}" if token.revoked_at else "有効"
            dates = f"発行 {_at(token.issued_at)}  期限 {_at(token.expires_at)}"
            typer.echo(f"  {token.token_id}  {dates}  {state}")


def _at(moment: datetime | None) -> str:
    return "-" if moment is None else moment.astimezone(TOKYO).strftime("%Y-%m-%d %H:%M")


@app.command("revoke")
def revoke(
    name: str = typer.Argument(..., help="利用者ID：今までに発行したトークンをすべて取り消す"),
    token: str | None = typer.Option(None, help="このトークンID（jti）だけを取り消す"),
) -> None:
    """トークンを取り消す。どのサーバーも1秒以内に受け付けなくなる。"""
    with reported_errors(), accounts() as found:
        if token:
            found.revoke_token(token)
        else:
            found.revoke_user(name)
    typer.echo(f"取り消しました: {token or name}")


@app.command("name")
def name_user(
    user_id: str = typer.Argument(..., help="利用者ID"),
    full_name: str | None = typer.Argument(None, metavar="[氏名]", help="表示する氏名"),
    clear: bool = typer.Option(False, "--clear", help="氏名を消す（以後は利用者IDで表示）"),
) -> None:
    """利用者の氏名を変える、または消す。"""
    with reported_errors():
        if clear == (full_name is not None):
            raise fail("エラー: 氏名か --clear のどちらか一方を指定してください [name_or_clear]")
        with accounts() as found:
            shown = found.set_name(user_id, full_name)
    typer.echo(f"氏名を消しました: {user_id}" if shown is None else f"氏名: {user_id}  {shown}")


DEMO_DAYS = 7
DEMO_USERS = (
    ("協働ファシリテーター（山口市）", "fac-yamaguchi-01", "facilitator", "yamaguchi"),
    ("統括協働ファシリテーター", "chief-pref-01", "chief_facilitator", "pref"),
    ("情報共有・検討会議", "meeting-pref-01", "meeting", None),
    ("監査人", "auditor-01", "auditor", None),
)


@app.command("demo-tokens")
def demo_tokens() -> None:
    """デモ利用者のトークンを表示する（GraphiQL の Authorization: Bearer に貼り付けます）。"""
    # Recorded as every token is: the admin's page lists them, and each can be revoked alone.
    with reported_errors(), accounts() as found:
        issued = [
            (label, name, found.issue(name, role, centre, DEMO_DAYS).token)
            for label, name, role, centre in DEMO_USERS
        ]
    for label, name, token in issued:
        typer.echo(f"{label} ({name}):\n  Bearer {token}")
