"""Accounts, for admins only: list the users, issue a token, revoke a token or a user.

A revoked token is refused by every server process within a second (`persistence.accounts`).
Admins manage accounts and read no case data; nobody else sees accounts, but those who read
who recorded each step (facilitators, chief facilitators, auditors) read each user's name
(`staffNames`), so that a page shows 山本 さくら where the ledger says fac-yamaguchi-01.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, TypeVar

import strawberry
from starlette.concurrency import run_in_threadpool

from api.accounts import AccountError, Accounts, accounts_for
from api.graphql.context import Info, forbidden
from api.graphql.copying import converted, copied
from api.graphql.errors import RuleViolation, ValidationError
from api.graphql.vocabulary import ActorRole
from application.permissions import Access, allows
from domain.vocabulary import ActorRole as Role
from persistence.accounts import Account as StoredAccount

FORBIDDEN_CODE = "forbidden"
T = TypeVar("T")
R = TypeVar("R")


@strawberry.type(description="A token kyodo issued (its id is the token's `jti` claim).")
class AccountToken:
    token_id: str
    issued_at: datetime
    expires_at: datetime
    revoked_at: datetime | None


@strawberry.type(description="A user who may sign in, and the tokens issued to them.")
class Account:
    user_id: str
    role: ActorRole | None = strawberry.field(description="None: known only by a revocation")
    centre: str | None
    added_at: datetime
    revoked_before: datetime | None = strawberry.field(
        description="Every token of the user issued until then is refused"
    )
    tokens: list[AccountToken]
    name: str | None = strawberry.field(description="The name colleagues know the user by")

    of = converted(
        StoredAccount,
        role=lambda found: Role(found.role) if found.role else None,
        tokens=lambda found: [copied(AccountToken, t) for t in found.tokens],
    )


@strawberry.type(description="A new token: shown once, give it to its user.")
class IssuedToken:
    token: str
    token_id: str
    user_id: str
    expires_at: datetime


@strawberry.type(description="A user's name as it now is (null: shown by the user id).")
class NamedUser:
    user_id: str
    name: str | None


@strawberry.type(description="Refused from now on (within a second, in every process).")
class Revoked:
    user_id: str | None
    token_id: str | None


@strawberry.input(description="A user's token: the account is added, or its role changed.")
class IssueTokenInput:
    user_id: str
    role: ActorRole
    centre: str | None = None
    days: int = 30
    name: str | None = strawberry.field(
        default=None,
        description="The name shown beside the user's id (null: the account's name as it is)",
    )


@strawberry.type(description="A user's name, shown beside the user id the ledger records.")
class StaffName:
    user_id: str
    name: str
    role: ActorRole | None = strawberry.field(description="None: known only by a revocation")
    centre: str | None


IssueTokenResult = Annotated[
    IssuedToken | RuleViolation | ValidationError, strawberry.union("IssueTokenResult")
]
NameUserResult = Annotated[
    NamedUser | RuleViolation | ValidationError, strawberry.union("NameUserResult")
]
RevokeResult = Annotated[
    Revoked | RuleViolation | ValidationError, strawberry.union("RevokeResult")
]


def _may_manage(info: Info) -> bool:
    return allows(info.context.actor, Access.MANAGE_ACCOUNTS)


def _refused(info: Info) -> RuleViolation:
    role = info.context.actor.role.ja
    return RuleViolation(
        code=FORBIDDEN_CODE,
        message=f"この操作を行う権限がありません（{role}は利用者とトークンを管理できません）",
    )


def _invalid(error: AccountError) -> ValidationError:
    return ValidationError(field=error.field, code=error.code, message=error.message)


async def _managed(
    info: Info, act: Callable[[Accounts], T], answer: Callable[[T], R]
) -> R | RuleViolation | ValidationError:
    """An admin's act on the accounts, in a worker thread, and its answer; anyone else's is
    refused, and a request that cannot be carried out answered with its field."""
    if not _may_manage(info):
        return _refused(info)
    try:
        done = await run_in_threadpool(act, accounts_for(info.context.container))
    except AccountError as error:
        return _invalid(error)
    return answer(done)


async def _revoke(
    info: Info, revoke: Callable[[Accounts, str], None], key: str, revoked: Revoked
) -> RevokeResult:
    """Refuse the token, or the user's tokens, that `key` names; `revoked` says which."""
    return await _managed(info, lambda accounts: revoke(accounts, key), lambda _: revoked)


@strawberry.type
class AccountsQuery:
    @strawberry.field(description="Every account and its tokens (admins only)")
    async def accounts(self, info: Info) -> list[Account]:
        if not _may_manage(info):
            raise forbidden("利用者の一覧")
        found = await run_in_threadpool(accounts_for(info.context.container).list)
        return [Account.of(a) for a in found]

    @strawberry.field(
        description="The name of each user that has one (those who read who recorded what)"
    )
    async def staff_names(self, info: Info) -> list[StaffName]:
        if not allows(info.context.actor, Access.READ_STAFF_NAMES):
            raise forbidden("利用者の氏名")
        found = await run_in_threadpool(accounts_for(info.context.container).store.named)
        return [
            StaffName(
                user_id=a.user_id,
                name=a.name or "",
                role=Role(a.role) if a.role else None,
                centre=a.centre,
            )
            for a in found
        ]


@strawberry.type
class AccountsMutation:
    @strawberry.mutation(description="Issue a token to a user (admins only)")
    async def issue_token(self, info: Info, input: IssueTokenInput) -> IssueTokenResult:
        role = Role(input.role.value)
        return await _managed(
            info,
            lambda accounts: accounts.issue(
                input.user_id, role.value, input.centre, input.days, input.name
            ),
            lambda issued: copied(IssuedToken, issued),
        )

    @strawberry.mutation(
        description="Give a user the name shown beside their id, or take it away (admins only)"
    )
    async def name_user(self, info: Info, user_id: str, name: str | None = None) -> NameUserResult:
        return await _managed(
            info,
            lambda accounts: accounts.set_name(user_id, name),
            lambda shown: NamedUser(user_id=user_id, name=shown),
        )

    @strawberry.mutation(description="Refuse one token from now on (admins only)")
    async def revoke_token(self, info: Info, token_id: str) -> RevokeResult:
        revoked = Revoked(user_id=None, token_id=token_id)
        return await _revoke(info, Accounts.revoke_token, token_id, revoked)

    @strawberry.mutation(description="Refuse every token of a user issued until now (admins)")
    async def revoke_user(self, info: Info, user_id: str) -> RevokeResult:
        revoked = Revoked(user_id=user_id, token_id=None)
        return await _revoke(info, Accounts.revoke_user, user_id, revoked)
