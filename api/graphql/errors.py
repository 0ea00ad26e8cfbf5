"""Domain errors become typed GraphQL results here, and only here.

A refused command is data (`RuleViolation`, `NotFound`, `Conflict`, `ValidationError`), never
a masked server error. Ledger calls run in a worker thread: the event store is synchronous.
A database that cannot be reached is no refusal: the request fails as a whole with the error
`Unavailable` (code `UNAVAILABLE`, HTTP 503 with `Retry-After`, `api.graphql.http`).
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import TypeVar

import psycopg
import strawberry
from eventsourcing.persistence import InterfaceError, OperationalError
from starlette.concurrency import run_in_threadpool

from api.graphql.context import Info
from application.idempotency import StoreUnavailableError
from application.ledger import CommandResult
from domain import errors
from domain.values import CommandContext
from graphql import GraphQLError

P = TypeVar("P")

READ_MODEL_WAIT_SECONDS = 5.0


@strawberry.interface(description="Why a command was refused.")
class CommandError:
    code: str = strawberry.field(description="Stable English code, for programs")
    message: str = strawberry.field(description="Japanese message, for people")


@strawberry.type(description="A rule of the case's life refuses the command; nothing was recorded.")
class RuleViolation(CommandError):
    pass


@strawberry.type(description="Something the command names does not exist.")
class NotFound(CommandError):
    pass


@strawberry.type(description="Another write got there first; try again.")
class Conflict(CommandError):
    pass


@strawberry.type(description="An input value is malformed; `field` names it.")
class ValidationError(CommandError):
    field: str


CommandFailure = RuleViolation | NotFound | Conflict | ValidationError


UNAVAILABLE = "UNAVAILABLE"
RETRY_AFTER_SECONDS = StoreUnavailableError.retry_after_seconds


class Unavailable(GraphQLError):
    """The database cannot be reached now. Send the mutation again, with the same
    `clientMutationId`, after `retryAfter` seconds: it is recorded once at most."""

    def __init__(self) -> None:
        super().__init__(
            StoreUnavailableError.message,
            extensions={"code": UNAVAILABLE, "retryAfter": RETRY_AFTER_SECONDS},
        )


UNREACHABLE = (
    StoreUnavailableError,
    OperationalError,
    InterfaceError,
    psycopg.OperationalError,
    psycopg.InterfaceError,
)
"""Errors that say the database is away (or too busy to answer in time), not that the
request is wrong."""

IDEMPOTENCY_HEADER: ContextVar[str | None] = ContextVar("kyodo_idempotency_key", default=None)
"""The request's `Idempotency-Key` header (set by `api.graphql.http` around execution): the key
of a mutation that names none in `clientMutationId`."""


def typed_error(error: errors.DomainError) -> CommandFailure:
    if isinstance(error, errors.ValidationError):
        return ValidationError(field=error.field, code=error.code, message=error.message)
    if isinstance(error, errors.NotFoundError):
        return NotFound(code=error.code, message=error.message)
    if isinstance(error, errors.ConcurrencyConflictError):
        return Conflict(code=error.code, message=error.message)
    return RuleViolation(code=error.code, message=error.message)


async def run_command(
    info: Info,
    command: Callable[[CommandContext, str | None], CommandResult],
    payload: Callable[[CommandResult, bool | None], P],
    wait_for_read_models: bool | None = None,
    key: str | None = None,
) -> P | CommandFailure:
    """Run one ledger command in a worker thread; refusals become typed results. `command`
    is given the context and the command's key (`clientMutationId`, else the header's)."""
    context = info.context
    ctx = context.command()
    given = key if key is not None else IDEMPOTENCY_HEADER.get()
    try:
        result = await run_in_threadpool(command, ctx, given)
    except errors.DomainError as error:
        return typed_error(error)
    except UNREACHABLE:
        raise Unavailable() from None
    caught_up: bool | None = None
    if wait_for_read_models and result.position is not None:
        caught_up = await context.wait_for_read_models(result.position, READ_MODEL_WAIT_SECONDS)
    return payload(result, caught_up)
