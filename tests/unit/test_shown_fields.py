"""The fields a step's timeline entry shows by name are declared with its event (`shown=`),
and the GraphQL item types are made from those declarations."""

from __future__ import annotations

import typing

import pytest

from api.graphql.timeline_items import ITEM_TYPES
from domain.case import STEP_CLASSES, Case
from domain.events import DatedEvent


def test_each_step_shows_fields_it_declares() -> None:
    shown = {name: event.SHOWN for name, event in STEP_CLASSES.items()}
    assert shown["PartnersProposed"] == ("rationale",)
    assert shown["RoundtableHeld"] == ("agenda", "decisions")
    assert shown["HearingHeld"] == ()  # its details alone
    for name, event in STEP_CLASSES.items():
        hints = typing.get_type_hints(event)
        assert all(field in hints for field in event.SHOWN), name


def test_an_item_type_has_its_steps_shown_fields_and_no_other() -> None:
    common = set(typing.get_type_hints(ITEM_TYPES["HearingHeld"]))
    assert set(ITEM_TYPES) == set(STEP_CLASSES)
    for name, event in STEP_CLASSES.items():
        own = set(typing.get_type_hints(ITEM_TYPES[name])) - common
        assert own == set(event.SHOWN), name


def test_an_event_cannot_show_a_field_it_does_not_declare() -> None:
    with pytest.raises(TypeError, match="does not declare"):

        class Odd(DatedEvent, topic="kyodo:Test.Odd", shown=("nowhere",)):
            text: str

    assert Case.NoteAdded.SHOWN == ("text",)
