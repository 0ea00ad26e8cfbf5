"""An event's details as JSON text: written by orjson from the event's own values, the same
JSON (the same values, every mapping's keys in the same order) as making them plain in
Python and encoding them with the standard library, for every stored event type; where
orjson refuses a value, the standard library's way."""

from __future__ import annotations

import enum
import json
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from application.ledger import Ledger
from demo.generate import Generator
from demo.loader import default_context, load_demo
from persistence.settings import Settings
from persistence.wiring import build_ledger
from projections.engine.plain import compact, dumps, payload, payload_text
from tests.golden.test_golden_fixtures import SQLITE_FIXTURE


def _pairs(text: str) -> Any:
    """The JSON's values with every mapping as its (key, value) pairs, in their order."""
    return json.loads(text, object_pairs_hook=list)


def _the_same(event: object) -> str:
    text = payload_text(event)
    assert _pairs(text) == _pairs(dumps(payload(event))), type(event).__name__
    return text


def _events(ledger: Ledger) -> list[object]:
    notes = ledger.recorder.select_notifications(0, 100_000, inclusive_of_start=False)
    return [ledger.mapper.to_domain_event(note) for note in notes]


def test_every_stored_event_type_of_the_golden_ledger(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    shutil.copyfile(SQLITE_FIXTURE, settings.sqlite_path)
    ledger = build_ledger(settings)
    try:
        events = _events(ledger)
    finally:
        ledger.close()
    for event in events:
        _the_same(event)
    assert len({type(e).__name__ for e in events}) >= 25


def test_generated_cases_and_the_demo_data_plans_and_pro_bono(memory_ledger: Ledger) -> None:
    """Generated cases (corrections among them), and the demo data: plans, their
    indicators, meetings and the pro bono worker bank."""
    load_demo(memory_ledger)
    generator = Generator(memory_ledger, default_context, 5, date(2026, 12, 2))
    generator.register_parties(1)
    for _ in generator.batches(40):
        pass
    events = _events(memory_ledger)
    for event in events:
        _the_same(event)
    topics = {event.__class__.__qualname__.split(".")[0] for event in events}
    assert {"Case", "Party", "Meeting", "Plan", "PlanIndicator"} <= topics
    assert {"ProBonoWorkerRegistered", "StepCorrected"} <= {type(e).__name__ for e in events}


class _Kind(enum.Enum):
    A = "a"


@dataclass(frozen=True)
class _Value:
    zeta: int
    alpha: tuple[str, ...]
    kind: _Kind


@pytest.mark.parametrize(
    "value",
    [
        {"b": 1, "a": [_Value(1, ("x", "y"), _Kind.A)], "c": UUID(int=7), "d": date(2024, 4, 1)},
        {"big": 2**70, "a": "beyond 64 bits: the standard library's way"},
        {"set": frozenset({"x"}), "n": None, "t": True, "f": 1.5},
        {2: "a number as a key", "1": "text"},
        {"日本語": "こども食堂\t改行\n", "emoji": "🍙"},
    ],
)
def test_values_written_as_plain_values_are(value: dict[Any, Any]) -> None:
    assert _pairs(compact(value)) == _pairs(dumps(value))


def test_a_type_neither_knows_is_written_as_the_standard_library_writes_it() -> None:
    class Odd:
        pass

    with pytest.raises(TypeError):
        compact({"odd": Odd()})
    with pytest.raises(TypeError):
        dumps({"odd": Odd()})
