"""Accounts: who may sign in, the tokens issued to them, and their revocation.

One `Accounts` per container (`accounts_for`): the HTTP server attaches its token issuer
(`attach`), so that the tokens the admin issues through GraphQL verify on this server; the
CLI builds one from the settings. Revocations are kept in the store the server reads
(`persistence.accounts`) and read again at most every second by each process.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from functools import cached_property
from uuid import uuid4
from weakref import WeakKeyDictionary

from api.auth import TOKEN_ROLES, TokenIssuer, jwt_secret, new_actor
from api.container import Container
from api.refusals import Refusal
from domain.values import Actor
from domain.vocabulary import CENTRE_BY_KEY, ActorRole
from persistence.accounts import Account, AccountStore, CachedRevocations, account_store

MAX_DAYS = 366
MAX_USER_ID = 200
MAX_NAME = 50


class AccountError(Refusal):
    """A request about accounts that cannot be carried out: Japanese message, stable code,
    and the input field it is about."""

    def __init__(self, code: str, message: str, field: str = "userId") -> None:
        super().__init__(message, code)
        self.field = field


@dataclass(frozen=True)
class Issued:
    token: str
    token_id: str
    user_id: str
    expires_at: datetime


class Accounts:
    def __init__(self, container: Container, issuer: TokenIssuer | None = None) -> None:
        self.container = container
        self.revocations = CachedRevocations(lambda: self.store)
        base = issuer or TokenIssuer(jwt_secret(container.settings))
        self.issuer = base if base.revocations else replace(base, revocations=self.revocations)

    @cached_property
    def store(self) -> AccountStore:
        return account_store(self.container.ledger.recorder)

    def list(self) -> list[Account]:
        return self.store.list()

    def issue(
        self, user_id: str, role: str, centre: str | None, days: int, name: str | None = None
    ) -> Issued:
        """A token for the user; the account added, or its role, centre and (when given)
        name changed."""
        actor = checked_account(user_id, role, centre, days)
        shown = checked_name(name)
        now = datetime.now(UTC).replace(microsecond=0)
        token_id = uuid4().hex
        expires = now + timedelta(days=days)
        self.store.add(actor.user_id, actor.role.value, actor.centre, shown)
        self.store.record_token(
            token_id, actor.user_id, int(now.timestamp()), int(expires.timestamp())
        )
        token = self.issuer.issue(actor, timedelta(days=days), token_id=token_id)
        return Issued(token, token_id, actor.user_id, expires)

    def set_name(self, user_id: str, name: str | None) -> str | None:
        """The user's name, given (the name as shown) or taken away (None)."""
        shown = checked_name(name)
        if not self.store.set_name(user_id, shown):
            message = f"利用者「{user_id[:MAX_USER_ID]}」はいません（kyodo users list）"
            raise AccountError("user_not_found", message, "userId")
        return shown

    def revoke_token(self, token_id: str) -> None:
        if not self.store.revoke_token(token_id):
            message = f"トークン「{token_id[:64]}」は発行されていません"
            raise AccountError("token_not_found", message, "tokenId")
        self.revocations.revoked_token(token_id)

    def revoke_user(self, user_id: str) -> None:
        """Known or not (an account of the provider's), the user's tokens until now are refused."""
        if not user_id.strip() or len(user_id) > MAX_USER_ID or not user_id.isprintable():
            raise AccountError("invalid_user_id", "利用者IDが正しくありません", "userId")
        now = int(time.time())
        self.store.revoke_user(user_id, now)
        self.revocations.revoked_user(user_id, now)


def checked_name(name: str | None) -> str | None:
    """The name as shown (spaces at its ends dropped), None for none given; an empty,
    overlong or unprintable one is refused."""
    if name is None:
        return None
    shown = name.strip()
    if not shown or len(shown) > MAX_NAME or not shown.isprintable():
        message = f"氏名は1文字から{MAX_NAME}文字まで、改行なしで指定してください"
        raise AccountError("invalid_name", message, "name")
    return shown


def checked_account(user_id: str, role: str, centre: str | None, days: int) -> Actor:
    """The account's actor, or one `AccountError` naming the field that is wrong."""
    if not 1 <= days <= MAX_DAYS:
        message = f"有効日数は1日から{MAX_DAYS}日までです（指定: {days}）"
        raise AccountError("days_out_of_range", message, "days")
    if not user_id.strip() or len(user_id) > MAX_USER_ID or not user_id.isprintable():
        raise AccountError("invalid_user_id", "利用者IDが正しくありません", "userId")
    if role not in {r.value for r in TOKEN_ROLES}:
        raise AccountError("unknown_role", f"役割「{role}」はありません", "role")
    if role == ActorRole.FACILITATOR and not centre:
        message = "協働ファシリテーターには所属センターが必要です"
        raise AccountError("centre_required", message, "centre")
    if centre and centre not in CENTRE_BY_KEY:
        raise AccountError("unknown_centre", f"支援センター「{centre}」はありません", "centre")
    return new_actor(user_id.strip(), role, centre)


_ATTACHED: WeakKeyDictionary[Container, Accounts] = WeakKeyDictionary()
_LOCK = threading.Lock()


def attach(container: Container, issuer: TokenIssuer) -> Accounts:
    with _LOCK:
        accounts = Accounts(container, issuer)
        _ATTACHED[container] = accounts
        return accounts


def accounts_for(container: Container) -> Accounts:
    with _LOCK:
        found = _ATTACHED.get(container)
        if found is None:
            found = _ATTACHED[container] = Accounts(container)
        return found
