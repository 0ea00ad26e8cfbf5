"""Snapshots of long aggregates, stored so that loading a case reads a bounded tail of events.

The library's snapshot copies the aggregate's attributes as they are. A case keeps some that
JSON cannot hold as they are: `participations` maps party UUIDs to `Participation` objects,
`steps` and `step_dates` map version numbers to values. This snapshot turns such mappings
into tagged lists of pairs and such objects into tagged attribute mappings, and back; the
values inside (enums, dates, value objects, UUIDs) go through the ledger's faithful
transcoder like any event's. Snapshots are derived data: deleting them only costs time.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from eventsourcing.domain import Snapshot
from eventsourcing.utils import register_topic

from domain.case import Participation

PAIRS, OBJECT, STATE = "_pairs_", "_object_", "_state_"

OBJECT_TYPES: dict[str, type[Any]] = {"Participation": Participation}
"""Plain classes kept inside aggregates, by a stored name (renaming a class keeps its name)."""

_NAMES = {cls: name for name, cls in OBJECT_TYPES.items()}


def encode_state(value: Any) -> Any:
    """An aggregate's attributes in a shape the JSON transcoder keeps faithfully."""
    kind = type(value)
    if kind in _NAMES:
        return {OBJECT: _NAMES[kind], STATE: encode_state(dict(vars(value)))}
    if kind is dict:
        if all(type(key) is str for key in value):
            return {key: encode_state(item) for key, item in value.items()}
        return {PAIRS: [[encode_state(k), encode_state(v)] for k, v in value.items()]}
    if kind is list:
        return [encode_state(item) for item in value]
    if kind is tuple:
        return tuple(encode_state(item) for item in value)
    return value


def decode_state(value: Any) -> Any:
    """The inverse of `encode_state`."""
    kind = type(value)
    if kind is dict:
        if PAIRS in value and len(value) == 1:
            return {decode_state(k): decode_state(v) for k, v in value[PAIRS]}
        if OBJECT in value and STATE in value and len(value) == 2:
            obj = object.__new__(OBJECT_TYPES[value[OBJECT]])
            obj.__dict__.update(decode_state(value[STATE]))
            return obj
        return {key: decode_state(item) for key, item in value.items()}
    if kind is list:
        return [decode_state(item) for item in value]
    if kind is tuple:
        return tuple(decode_state(item) for item in value)
    return value


class AggregateSnapshot(Snapshot):
    """The state of an aggregate at one version (stored topic `kyodo:Snapshot`)."""

    TOPIC = "kyodo:Snapshot"

    @classmethod
    def take(cls, aggregate: Any) -> AggregateSnapshot:
        taken = super().take(aggregate)
        return dataclasses.replace(taken, state=encode_state(taken.state))

    def mutate(self, _: None) -> Any:
        decoded = dataclasses.replace(self, state=decode_state(self.state))
        return super(AggregateSnapshot, decoded).mutate(None)


register_topic(AggregateSnapshot.TOPIC, AggregateSnapshot)
