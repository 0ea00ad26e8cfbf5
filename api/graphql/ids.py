"""Global IDs (`Type:uuid`, base64) and keyset cursors, decoded defensively.

A malformed ID or cursor is the caller's mistake: a `BAD_USER_INPUT` error naming the
argument, never a masked server error.
"""

from __future__ import annotations

import binascii
import json
from typing import Any
from uuid import UUID

import orjson
import strawberry

from graphql import GraphQLError
from projections.engine.cursors import padded, unpadded

BAD_USER_INPUT = "BAD_USER_INPUT"


def bad_input(message: str, argument: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": BAD_USER_INPUT, "argument": argument})


def _b64(text: str) -> str:
    return unpadded(text.encode("utf-8"))


def _unb64(text: str) -> str:
    return padded(text).decode("utf-8")


def global_id(type_name: str, key: UUID | str) -> str:
    return _b64(f"{type_name}:{key}")


def node_id(type_name: str, key: UUID | str) -> strawberry.ID:
    """The global ID of a node as a GraphQL `ID`."""
    return strawberry.ID(global_id(type_name, key))


def parse_global_id(value: str, argument: str = "id") -> tuple[str, str]:
    try:
        type_name, sep, key = _unb64(value).partition(":")
    except (binascii.Error, UnicodeError, ValueError):
        raise bad_input(f"「{value}」はIDとして読めません", argument) from None
    if not sep or not type_name or not key:
        raise bad_input(f"「{value}」はIDとして読めません", argument)
    return type_name, key


def decode_id(value: str, expected: str, argument: str) -> UUID:
    """The UUID inside a global ID of `expected` type (a bare UUID is accepted too)."""
    try:
        return UUID(value)
    except ValueError:
        pass
    type_name, key = parse_global_id(value, argument)
    if type_name != expected:
        raise bad_input(f"{argument} には {expected} のIDを指定してください", argument)
    try:
        return UUID(key)
    except ValueError:
        raise bad_input(f"「{value}」はIDとして読めません", argument) from None


def encode_cursor(key: Any) -> str:
    """The key as compact UTF-8 JSON in URL-safe base64. orjson writes what
    `json.dumps(key, ensure_ascii=False, separators=(",", ":"), default=str)` wrote, at a
    fraction of the cost (a page of fifty makes fifty cursors); dates and times and
    dataclasses go through `str`, as they did."""
    return unpadded(orjson.dumps(key, default=str, option=_AS_BEFORE))


_AS_BEFORE = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


def decode_cursor(value: str | None, argument: str) -> Any:
    if value is None:
        return None
    try:
        return json.loads(_unb64(value))
    except (binascii.Error, UnicodeError, ValueError):
        raise bad_input(f"カーソル「{value}」は読めません", argument) from None


def decode_position(value: str | None, argument: str, key: str) -> int | None:
    """A cursor that holds a 1-based position under `key` (a rank, a version)."""
    found = decode_cursor(value, argument)
    if found is None:
        return None
    if not isinstance(found, dict) or not isinstance(found.get(key), int) or found[key] < 1:
        raise bad_input("カーソルが読めません", argument)
    return int(found[key])


MAX_PAGE = 100


def page_size(first: int | None, last: int | None, default: int = 20) -> tuple[int, bool]:
    """(size, backwards): `first`/`last` must be 0..100, and not both."""
    if first is not None and last is not None:
        raise bad_input("first と last は同時に指定できません", "last")
    for name, value in (("first", first), ("last", last)):
        if value is not None and not 0 <= value <= MAX_PAGE:
            raise bad_input(f"{name} は0から{MAX_PAGE}までです", name)
    if last is not None:
        return last, True
    return (first if first is not None else default), False
