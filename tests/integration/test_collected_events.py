"""A save collects kyodo's aggregates' pending events by their class, not through the
library's runtime protocol checks, and collects them as the library does: the same events
in the same order, the same aggregates, the same keyword arguments."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest
from eventsourcing.application import ProcessingEvent

from application.handling import step_context
from application.ledger import Ledger, _Collected
from domain.case import Case
from domain.commands import AddNote
from tests.support import CaseFixture


def _noted(ledger: Ledger, case_ids: list[UUID], ctx: Any) -> list[Case]:
    """The cases as stored, each with a note decided and not yet saved."""
    cases = [ledger.get_case(case_id) for case_id in case_ids]
    for case in cases:
        case.add_note(AddNote(case_id=case.id, text="電話で確認"), step_context(ledger, ctx))
    return cases


def test_a_save_collects_as_the_library_does(ledger: Ledger) -> None:
    opened = []
    for title in ("子ども食堂", "見守り"):
        given = CaseFixture(ledger)
        given.open(title=title)
        opened.append(given)
    ids, ctx = [given.id for given in opened], opened[0].ctx
    ours, theirs = _Collected(), ProcessingEvent[UUID]()
    first, second = _noted(ledger, ids, ctx)
    ours.collect_events(first, None, second, key="k")
    first, second = _noted(ledger, ids, ctx)
    theirs.collect_events(first, None, second, key="k")

    def described(events: list[Any]) -> list[tuple[Any, ...]]:
        return [(type(e), e.originator_id, e.originator_version) for e in events]

    assert described(ours.events) == described(theirs.events)
    assert [e.originator_id for e in ours.events] == ids
    assert list(ours.aggregates) == list(theirs.aggregates) == ids
    assert ours.saved_kwargs == theirs.saved_kwargs == {"key": "k"}


def test_an_aggregate_is_collected_without_the_protocol_checks(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[Any] = []
    original = ProcessingEvent.collect_events

    def counted(self: Any, *objs: Any, **kwargs: Any) -> None:
        asked.extend(objs)
        original(self, *objs, **kwargs)

    monkeypatch.setattr(ProcessingEvent, "collect_events", counted)
    given = CaseFixture(ledger)
    given.open()
    ledger.add_note(given.ctx, given.id, text="電話で確認")
    assert asked == []  # every object the saves got was one of kyodo's aggregates
