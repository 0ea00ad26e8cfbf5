"""Domain errors become typed GraphQL results here, and only here.

A refused command is data (`RuleViolation`, `NotFound`, `Conflict`, `ValidationError`), never
a masked server error. Ledger calls run in a worker thread: the event store is synchronous.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import strawberry
from starlette.concurrency import run_in_threadpool

from api.graphql.context import Info
from application.ledger import CommandResult
from domain import errors
from domain.values import CommandContext

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
    command: Callable[[CommandContext], CommandResult],
    payload: Callable[[CommandResult, bool | None], P],
    wait_for_read_models: bool | None = None,
) -> P | CommandFailure:
    """Run one ledger command in a worker thread; refusals become typed results."""
    context = info.context
    ctx = context.command()
    try:
        result = await run_in_threadpool(command, ctx)
    except errors.DomainError as error:
        return typed_error(error)
    caught_up: bool | None = None
    if wait_for_read_models and result.position is not None:
        caught_up = await context.wait_for_read_models(result.position, READ_MODEL_WAIT_SECONDS)
    return payload(result, caught_up)
