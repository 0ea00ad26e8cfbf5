"""Every mutation, derived from the command declarations in `domain.commands`.

Each command that the API offers gets an input type named after it (`HoldRoundtableInput`,
its fields those of the command), a mutation named after its verb (`holdRoundtable`) and a
named result union (`HoldRoundtableResult`). One resolver serves them all: it decodes the
input into the command (global IDs, nested values, tuples) and hands it to the ledger's
single entry, `handle(context, command)`. Nothing here names a command's field.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from datetime import date
from functools import cache
from typing import Annotated, Any, Union
from uuid import UUID

import strawberry
from strawberry.scalars import JSON

from api.graphql.context import Info
from api.graphql.errors import run_command
from api.graphql.ids import bad_input, decode_id
from api.graphql.mutation_support import (
    WAIT,
    CaseResult,
    IndicatorResult,
    KpiYearResult,
    MeetingResult,
    PartyResult,
    ledger,
)
from api.graphql.payloads import (
    case_payload,
    indicator_payload,
    kpi_year_payload,
    meeting_payload,
    party_payload,
)
from api.graphql.plans import PlanResult, plan_payload
from domain.commands import (
    ALL_COMMANDS,
    INDICATOR_COMMANDS,
    KPI_TARGET_COMMANDS,
    MEETING_COMMANDS,
    PARTY_COMMANDS,
    PRO_BONO_COMMANDS,
    Command,
)
from domain.commands.base import camel
from domain.commands.plan import PLAN_COMMANDS
from domain.values import ContactDetails

_DESCRIPTIONS: dict[type[Any], str] = {
    ContactDetails: "Personal data: encrypted at rest, never shown in the library",
}


def _id_kind(name: str, metadata: typing.Mapping[str, Any]) -> str | None:
    """`Case`, `Party` or `Meeting` for a field holding such ids (`party_ids`, `case_id`)."""
    declared = metadata.get("refers_to")
    if declared:
        return str(declared).rstrip("!").title()
    for suffix in ("_ids", "_id"):
        if name.endswith(suffix):
            return name.removesuffix(suffix).rsplit("_", 1)[-1].title()
    return None


# --- Python types → GraphQL input types ------------------------------------------------------


def _optional_inner(hint: Any) -> Any | None:
    if typing.get_origin(hint) in (Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1 and len(typing.get_args(hint)) == 2:
            return args[0]
    return None


def _graphql_type(hint: Any) -> Any:
    inner = _optional_inner(hint)
    if inner is not None:
        return _graphql_type(inner) | None
    if typing.get_origin(hint) is tuple:
        return list[_graphql_type(typing.get_args(hint)[0])]  # type: ignore[misc]
    if typing.get_origin(hint) is dict:
        return JSON
    if hint is UUID:
        return strawberry.ID
    if dataclasses.is_dataclass(hint):
        return _value_input(hint)  # type: ignore[arg-type]
    return hint


def _field_default(f: dataclasses.Field[Any]) -> dict[str, Any]:
    if f.default is dataclasses.MISSING:
        return {}
    if f.default == ():
        return {"default_factory": list}
    return {"default": f.default}


def _input_type(name: str, cls: type[Any], description: str | None) -> type[Any]:
    hints = typing.get_type_hints(cls)
    annotations: dict[str, Any] = {}
    namespace: dict[str, Any] = {"__annotations__": annotations, "__module__": __name__}
    for f in dataclasses.fields(cls):
        annotations[f.name] = _graphql_type(hints[f.name])
        given = f.metadata.get("description") or None
        namespace[f.name] = strawberry.field(description=given, **_field_default(f))
    return strawberry.input(type(name, (), namespace), description=description)


@cache
def _value_input(cls: type[Any]) -> type[Any]:
    return _input_type(f"{cls.__name__}Input", cls, _DESCRIPTIONS.get(cls))


def command_input(command: type[Command]) -> type[Any]:
    return _command_inputs(command.__name__)


@cache
def _command_inputs(name: str) -> type[Any]:
    command = next(c for c in ALL_COMMANDS if c.__name__ == name)
    return _input_type(f"{name}Input", command, None)


# --- GraphQL input values → the command --------------------------------------------------------


def _decode(hint: Any, value: Any, argument: str, kind: str | None) -> Any:
    if value is None:
        return None
    inner = _optional_inner(hint)
    if inner is not None:
        return _decode(inner, value, argument, kind)
    if typing.get_origin(hint) is tuple:
        item = typing.get_args(hint)[0]
        return tuple(_decode(item, v, argument, kind) for v in value)
    if typing.get_origin(hint) is dict:
        return _json_object(value, argument)
    if hint is UUID:
        return decode_id(value, kind or "", argument)
    if dataclasses.is_dataclass(hint):
        return _build(hint, value, argument)  # type: ignore[arg-type]
    return value


def _build(cls: type[Any], given: Any, prefix: str = "") -> Any:
    hints = _hints(cls)
    values = {}
    for f in dataclasses.fields(cls):
        argument = f"{prefix}.{camel(f.name)}" if prefix else camel(f.name)
        kind = _id_kind(f.name, f.metadata)
        values[f.name] = _decode(hints[f.name], getattr(given, f.name), argument, kind)
    return cls(**values)


_HINTS: dict[type[Any], dict[str, Any]] = {}


def _hints(cls: type[Any]) -> dict[str, Any]:
    """A command's (or value's) field types, resolved once: `get_type_hints` evaluates every
    annotation again each time (~0.3 ms for `AddNote`), and each mutation builds one."""
    hints = _HINTS.get(cls)
    if hints is None:
        hints = _HINTS[cls] = typing.get_type_hints(cls)
    return hints


def _json_object(raw: Any, argument: str) -> dict[str, Any]:
    """A JSON object of field values; dates (`occurred_on` and the like) come as ISO strings."""
    if not isinstance(raw, dict):
        raise bad_input(f"{argument} はオブジェクトで指定してください", argument)
    changes = dict(raw)
    for name, value in raw.items():
        if name.endswith("_on") and isinstance(value, str):
            try:
                changes[name] = date.fromisoformat(value)
            except ValueError:
                raise bad_input(f"{name} は YYYY-MM-DD で指定してください", argument) from None
    return changes


# --- the mutations -----------------------------------------------------------------------------


def _result_shape(command: type[Command]) -> tuple[Any, Callable[..., Any]]:
    if command in PARTY_COMMANDS or command in PRO_BONO_COMMANDS:
        return PartyResult, party_payload
    if command in MEETING_COMMANDS and command.acts_on != "case_id":
        return MeetingResult, meeting_payload
    if command in KPI_TARGET_COMMANDS:
        return KpiYearResult, kpi_year_payload
    if command in PLAN_COMMANDS:
        return PlanResult, plan_payload
    if command in INDICATOR_COMMANDS:
        return IndicatorResult, indicator_payload
    return CaseResult, case_payload


CLIENT_MUTATION_ID = strawberry.argument(
    description="Idempotency key (1-200 printable ASCII): sent again, the first result, "
    "nothing recorded twice; with another input, refused (idempotency_key_reused)"
)
"""The key of one mutation, per user; the `Idempotency-Key` header serves a mutation that
gives none. Kept with the events (docs/adr/2026-12-02-exactly-once-and-fail-fast.md)."""


def _mutation(command: type[Command]) -> Any:
    result, payload = _result_shape(command)

    async def resolve(
        self: Any,
        info: Info,
        input: Any,
        wait_for_read_models: bool = False,
        client_mutation_id: str | None = None,
    ) -> Any:
        decoded = _build(command, input)
        return await run_command(
            info,
            lambda ctx, key: ledger(info).handle(ctx, decoded, key),
            payload,
            wait_for_read_models,
            client_mutation_id,
        )

    resolve.__annotations__ = {
        "info": Info,
        "input": command_input(command),
        "wait_for_read_models": Annotated[bool, WAIT],
        "client_mutation_id": Annotated[str | None, CLIENT_MUTATION_ID],
        "return": Annotated[result, strawberry.union(f"{command.__name__}Result")],
    }
    resolve.__name__ = command.verb()
    return strawberry.mutation(resolver=resolve, description=command.label)


def mutation_type() -> type[Any]:
    """The `Mutation` type: one field per command the API offers."""
    namespace = {c.verb(): _mutation(c) for c in ALL_COMMANDS if c.api}
    return strawberry.type(type("Mutation", (), namespace))
