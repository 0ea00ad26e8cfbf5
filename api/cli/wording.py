"""Japanese one-line descriptions of a case's events for `kyodo case show`.

The words come from the declarations: each step's label and its fields' labels are those
of the command that records it. Only the opening, a party joining and a correction read
better with a sentence of their own; every other step is described the same way.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Mapping
from datetime import date
from enum import Enum
from typing import Any, Protocol
from uuid import UUID

from domain.case import STEP_CLASSES, STEP_LABELS, Case, step_label
from domain.commands import Command
from domain.values import Outcome
from domain.vocabulary import CENTRE_BY_KEY, FIELD_BY_KEY, MUNICIPALITY_BY_KEY

_QUIET = {"originator_id", "originator_version", "timestamp", "meta", "occurred_on"}


class Names(Protocol):
    """Resolves ids to public names (a pro bono worker's own name is never one)."""

    def party(self, party_id: UUID) -> str: ...

    def meeting(self, meeting_id: UUID) -> str: ...


def pad(text: str, width: int) -> str:
    """Pad to a display width, counting full-width characters as two columns."""
    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(0, width - used)


def _labels(step: str) -> dict[str, str]:
    command: type[Command] | None = getattr(STEP_CLASSES.get(step), "COMMAND", None)
    labels = command.field_labels() if command else {}
    return {"occurred_on": "日付", **labels}


def _value(name: str, value: Any, names: Names) -> str:
    if isinstance(value, UUID):
        return names.meeting(value) if name.startswith("meeting") else names.party(value)
    if isinstance(value, Enum):
        return str(getattr(value, "ja", value.value))
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return "、".join(_value(name, item, names) for item in value)
    if isinstance(value, Outcome):
        return _outcome(value)
    if dataclasses.is_dataclass(value):
        parts = (_value(f.name, getattr(value, f.name), names) for f in dataclasses.fields(value))
        return " ".join(p for p in parts if p)
    return "" if value is None else str(value)


def _outcome(o: Outcome) -> str:
    """フードパントリー利用世帯 実績46世帯（目標40世帯）: a figure says which it is."""
    figures = [
        f"{word}{n:,}{o.unit}"
        for word, n in (("実績", o.actual), ("目標", o.target))
        if n is not None
    ]
    text = " ".join([o.indicator, figures[0]] if figures else [o.indicator])
    text += f"（{figures[1]}）" if len(figures) > 1 else ""
    return text + (f" {o.note}" if o.note else "")


def _generic(event: Any, names: Names) -> str:
    """Each field that says something, in declaration order; numbers and dates with their
    label (協働期間の開始 2024-08-05: a bare date or count says nothing of what it is)."""
    labels = _labels(type(event).__name__)
    parts = []
    for f in dataclasses.fields(event):
        value = getattr(event, f.name)
        if f.name in _QUIET or value in (None, "", ()):
            continue
        text = _value(f.name, value, names)
        if isinstance(value, (int, date)) and not isinstance(value, bool):
            text = f"{labels.get(f.name, f.name)} {text}"
        parts.append(text)
    return "／".join(parts)


def _opened(e: Case.ConsultationReceived, names: Names) -> str:
    fields = "・".join(FIELD_BY_KEY[f].ja for f in e.fields)
    text = (
        f"「{e.title}」 {MUNICIPALITY_BY_KEY[e.municipality].ja}／{CENTRE_BY_KEY[e.centre].ja}"
        f"／相談者 {names.party(e.initiating_party.party_id)}／分野 {fields}"
        f"／SDGs {','.join(map(str, e.sdgs))}／担当 {e.facilitator_id}"
    )
    return text + ("／横展開元あり" if e.replicates else "")


def _joined(e: Case.PartyJoined, names: Names) -> str:
    return f"{names.party(e.party.party_id)}（{e.role.ja}）{e.contribution}"


def _corrected(e: Case.StepCorrected, names: Names, before: Mapping[str, Any]) -> str:
    """第8版（円卓会議）を訂正 参加者数 40 → 45: each field from what it was (as recorded, or
    as an earlier correction left it; `before`) to what it is now."""
    labels = _labels(e.corrected_step)

    def change(name: str, value: Any) -> str:
        was = f" {_value(name, before[name], names) or '（なし）'}" if name in before else ""
        return f"{labels.get(name, name)}{was} → {_value(name, value, names) or '（なし）'}"

    changes = "、".join(change(k, v) for k, v in e.changes.items())
    step = STEP_LABELS.get(e.corrected_step, e.corrected_step)
    return f"第{e.corrected_version}版（{step}）を訂正 {changes}／理由 {e.reason}"


def describe(event: Any, names: Names, corrected: Mapping[str, Any] | None = None) -> str:
    """`相談受付: …` — the event's step in Japanese and what it recorded. `corrected`: for a
    correction, the fields of the step it corrects as they stood before it."""
    if isinstance(event, Case.ConsultationReceived):
        detail = _opened(event, names)
    elif isinstance(event, Case.PartyJoined):
        detail = _joined(event, names)
    elif isinstance(event, Case.StepCorrected):
        detail = _corrected(event, names, corrected or {})
    else:
        detail = _generic(event, names)
    return f"{step_label(event)}: {detail}" if detail else step_label(event)
