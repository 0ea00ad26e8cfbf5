"""What a save's `NOTIFY` says: the topics of the events it inserted.

A listener (`projections/engine/listen.py`) wakes only the read models that follow one of
them, as a save in the same process does (`ProjectionService.wake_on_commit`); before, every
read model woke on every save and asked the store for events it does not follow. An empty
payload (a save of more topics than a notification holds, or another writer) wakes them all.
"""

from __future__ import annotations

from collections.abc import Iterable

MAX_PAYLOAD = 7900
"""Bytes: PostgreSQL refuses a payload of 8,000 or more."""


def topics_payload(topics: Iterable[str]) -> str:
    """The payload for events of these topics ("" when they do not fit: wake every model)."""
    payload = "\n".join(sorted(set(topics)))
    return payload if len(payload.encode()) < MAX_PAYLOAD else ""


def payload_topics(payload: str) -> frozenset[str] | None:
    """The topics a payload names; None when it names none (wake every read model)."""
    return frozenset(payload.split("\n")) if payload else None
