"""Given/when/then helpers for unit tests: refusals that must leave no trace."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar
from uuid import UUID

import pytest

from application.ledger import Ledger
from domain.errors import DomainError
from domain.values import ContactDetails
from domain.vocabulary import PartyKind
from tests.support import OPENED_ON, CaseFixture

E = TypeVar("E", bound=DomainError)
S = TypeVar("S")


def log_length(ledger: Ledger) -> int:
    """How many events the whole ledger holds (every aggregate)."""
    return ledger.recorder.max_notification_id() or 0


def refused(ledger: Ledger, expected: type[E], command: Callable[[], object]) -> E:
    """Run a command that must be refused with `expected`, and check nothing was recorded."""
    before = log_length(ledger)
    with pytest.raises(expected) as caught:
        command()
    assert log_length(ledger) == before, "a refused command recorded an event"
    error = caught.value
    assert error.code != DomainError.code, "a refusal needs a stable code of its own"
    assert error.message
    return error


def refused_on_case(
    ledger: Ledger, case_id: UUID, expected: type[E], command: Callable[[], object]
) -> E:
    """Like `refused`, and the case's own history is exactly as long as before."""
    version = ledger.get_case(case_id).version
    error = refused(ledger, expected, command)
    assert ledger.get_case(case_id).version == version
    assert len(ledger.case_history(case_id)) == version
    return error


def assert_identical(saved: Any, loaded: Any, path: str = "event") -> None:
    """Equal, and of the same types all the way down (a StrEnum equals its str, a tuple
    does not equal its list: `==` alone would miss a lost enum)."""
    assert type(saved) is type(loaded), f"{path}: {type(saved)} became {type(loaded)}"
    if isinstance(saved, (tuple, list)):
        assert len(saved) == len(loaded), path
        for index, (a, b) in enumerate(zip(saved, loaded, strict=True)):
            assert_identical(a, b, f"{path}[{index}]")
    elif isinstance(saved, dict):
        assert saved.keys() == loaded.keys(), path
        for key in saved:
            assert_identical(saved[key], loaded[key], f"{path}.{key}")
    elif dataclasses.is_dataclass(saved) and not isinstance(saved, type):
        for item in dataclasses.fields(saved):
            name = item.name
            assert_identical(getattr(saved, name), getattr(loaded, name), f"{path}.{name}")
    else:
        assert saved == loaded, path


def pro_bono_worker(given: CaseFixture, label: str, person: str = "山田 花子") -> UUID:
    """Register a pro bono worker under a public label; `given.join(label, …)` then finds it."""
    given.parties[label] = given.ledger.register_party(
        given.ctx,
        kind=PartyKind.PRO_BONO_WORKER,
        name=label,
        municipality="山口市",
        contact=ContactDetails(person_name=person, email="hanako@example.jp"),
        publication_consent=True,
        occurred_on=OPENED_ON - timedelta(days=30),
    ).aggregate_id
    return given.parties[label]


def last_step(ledger: Ledger, case_id: UUID, cls: type[S]) -> S:
    """The newest event of a case, which must be of the given step class."""
    event = ledger.case_history(case_id)[-1]
    assert isinstance(event, cls), type(event).__name__
    return event
