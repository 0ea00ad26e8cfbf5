"""What the demo data is written with besides the commands themselves: placeholder ids and
the record of one case or meeting.

A case's steps cannot know the id the case will get, nor a party's the id registration will
give it. They name them by placeholders, fixed UUIDs derived from the demo's keys: `P["key"]`
a party, `C["key"]` a case (for `replicates` and meetings), `M["key"]` a meeting, `CASE` "this
case" and `MEETING` "this meeting" (in the data files "P:key", "C:key", "M:key", "CASE" and
"MEETING"). The loader puts the real ids in their place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar
from uuid import UUID, uuid5

from domain.commands import Command, HoldMeeting, ReceiveConsultation

NAMESPACE = UUID("6b1f3c1e-2f5d-5a57-9d1e-6b7964656d6f")

PLACEHOLDERS: dict[UUID, str] = {}
"""Every placeholder minted so far, with what it stands for (for the loader's error)."""


def placeholder(name: str) -> UUID:
    uuid = uuid5(NAMESPACE, name)
    PLACEHOLDERS[uuid] = name
    return uuid


class Placeholders:
    """`P["council-misumi"]`: the placeholder of a party (case, meeting) by its demo key."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def __getitem__(self, key: str) -> UUID:
        return placeholder(f"{self.kind}:{key}")


P = Placeholders("party")
C = Placeholders("case")
M = Placeholders("meeting")
CASE = placeholder("this case")
MEETING = placeholder("this meeting")


Opening = TypeVar("Opening", bound=Command)


@dataclass(frozen=True)
class Script(Generic[Opening]):
    """A case or a meeting: the command that creates it, then its steps, in order.
    `key` names it in the demo (placeholders, correlation ids, the load's summary)."""

    key: str
    opening: Opening
    steps: tuple[Command, ...]


DemoCase = Script[ReceiveConsultation]
DemoMeeting = Script[HoldMeeting]
