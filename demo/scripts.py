"""The demo's parties, cases and meetings, read from the TOML files in `demo/data` (shipped
with the package) and decoded into the domain's commands."""

from __future__ import annotations

import tomllib
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any, TypeVar

from demo.decode import command
from demo.notation import DemoCase, DemoMeeting, Script
from domain.commands import Command, HoldMeeting, ReceiveConsultation, RegisterParty

DATA = resources.files("demo") / "data"

Opening = TypeVar("Opening", bound=Command)


def read(file: Traversable) -> dict[str, Any]:
    return tomllib.loads(file.read_text(encoding="utf-8"))


def opening(kind: type[Opening], entry: list[Any], key: str) -> Opening:
    found = command(entry)
    if not isinstance(found, kind):
        raise ValueError(f"demo: {key} must begin with {kind.__name__}")
    return found


def scripts(table: dict[str, Any], kind: type[Opening]) -> tuple[Script[Opening], ...]:
    """`key = [opening, step, ...]` for each case or meeting of a file."""
    return tuple(
        Script(key, opening(kind, first, key), tuple(command(step) for step in steps))
        for key, (first, *steps) in table.items()
    )


PARTIES: dict[str, RegisterParty] = {
    key: opening(RegisterParty, entry, key) for key, entry in read(DATA / "parties.toml").items()
}

ALL_CASES: tuple[DemoCase, ...] = tuple(
    sorted(
        (
            case
            for file in sorted((DATA / "cases").iterdir(), key=lambda f: f.name)
            if file.name.endswith(".toml")
            for case in scripts(read(file), ReceiveConsultation)
        ),
        key=lambda c: (c.opening.occurred_on, c.key),
    )
)
"""Oldest first, so that case numbers come out the same on every load."""

MEETINGS: tuple[DemoMeeting, ...] = scripts(read(DATA / "meetings.toml"), HoldMeeting)

if len({c.key for c in ALL_CASES}) < len(ALL_CASES):
    raise ValueError("demo: two cases share a key")
