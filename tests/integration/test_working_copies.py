"""Working copies: the ledger keeps each aggregate it saved, and the next command on it
decides without loading it again. A copy made stale by another writer, or one that refuses
what the stored state allows, is decided again on what is stored; nothing is lost."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any
from uuid import UUID

import pytest

from application.ledger import Ledger
from domain import errors
from domain.case import Case
from domain.commands import AddNote, HoldHearing, ReopenCase
from domain.fiscal import fiscal_year
from domain.indicators import PlanIndicator, indicator_id
from domain.kpi_targets import KpiTargets, kpi_targets_id
from domain.numbering import numbering_id
from domain.rules import municipality_code
from domain.values import ContactDetails
from domain.vocabulary import ClosureResult
from persistence.settings import Settings
from persistence.verification import chain_store, verify_aggregate
from persistence.wiring import build_ledger
from tests.integration.conftest import add_note
from tests.support import CHIEF, OPENED_ON, CaseFixture


def _counting_loads(ledger: Ledger, monkeypatch: pytest.MonkeyPatch) -> list[UUID]:
    loads: list[UUID] = []
    original = ledger.repository.get

    def get(aggregate_id: UUID, *args: Any, **kwargs: Any) -> Any:
        loads.append(aggregate_id)
        return original(aggregate_id, *args, **kwargs)

    monkeypatch.setattr(ledger.repository, "get", get)
    return loads


def _notes(ledger: Ledger, case_id: UUID) -> list[str]:
    return [e.text for e in ledger.case_history(case_id) if isinstance(e, Case.NoteAdded)]


def _state(value: Any) -> Any:
    """A value as plain data, objects by their attributes (a participation has no `==`)."""
    if isinstance(value, dict):
        return {key: _state(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return type(value)(_state(item) for item in value)
    if hasattr(value, "__dict__") and not isinstance(value, type):
        kept = {k: v for k, v in vars(value).items() if k != "_pending_events"}
        return (type(value), _state(kept))
    return value


@pytest.fixture
def two_writers(settings: Settings) -> Iterator[tuple[Ledger, Ledger]]:
    """Two ledgers on one store, as two processes (the API and a command line) are."""
    first, second = build_ledger(settings), build_ledger(settings)
    yield first, second
    first.close()
    second.close()


def test_the_next_command_on_a_saved_case_does_not_load_it(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    given = CaseFixture(ledger)
    given.open()
    first = add_note(given, "一つ目")
    loads = _counting_loads(ledger, monkeypatch)

    second = add_note(given, "二つ目")

    assert second == first + 1
    assert given.id not in loads
    monkeypatch.undo()
    assert _notes(ledger, given.id) == ["一つ目", "二つ目"]


def test_a_kept_copy_is_the_state_that_loading_gives(ledger: Ledger) -> None:
    """After every step of a case's life, the copy kept equals the case loaded anew."""
    given = CaseFixture(ledger)
    steps = [
        given.open,
        lambda: given.join("こどもの未来"),
        lambda: given.join("山口食品株式会社"),
        given.agree,
        given.act,
        given.review,
        given.close,
        given.nominate,
    ]
    for step in steps:
        step()
        kept = ledger.working_copies.take(given.id)
        assert kept is not None, step
        assert _state(kept) == _state(ledger.get_case(given.id)), step
        ledger.working_copies.keep(kept)


def test_a_copy_made_stale_by_another_writer_is_retried_after_reloading(
    two_writers: tuple[Ledger, Ledger],
) -> None:
    first, second = two_writers
    given = CaseFixture(first)
    given.open()
    add_note(given, "一つ目")  # the first ledger keeps the case
    elsewhere = replace(given, ledger=second)
    add_note(elsewhere, "別のプロセスから")

    version = add_note(given, "三つ目")  # decided on the stale copy, refused, reloaded

    case = second.get_case(given.id)
    assert version == case.version
    assert _notes(second, given.id) == ["一つ目", "別のプロセスから", "三つ目"]
    verdict = verify_aggregate(chain_store(second), given.id)
    assert verdict is not None
    assert verdict.ok, verdict
    assert verdict.checked_events == case.version


def test_a_refusal_on_a_stale_copy_is_decided_again_on_what_is_stored(
    two_writers: tuple[Ledger, Ledger],
) -> None:
    """The first ledger's copy is closed; the case was reopened elsewhere: a party joins."""
    first, second = two_writers
    given = CaseFixture(first)
    given.open()
    given.close(ClosureResult.DISCONTINUED)
    reopen = ReopenCase(case_id=given.id, reason="再開の依頼", occurred_on=given.ctx.today)
    second.handle(given.ctx, reopen)

    joined = given.join("山口食品株式会社")  # refused by the stale copy, taken by the stored state

    case = second.get_case(given.id)
    assert given.last is not None
    assert given.last.version == case.version
    assert joined in case.participations


def test_a_refusal_the_stored_state_confirms_changes_nothing(ledger: Ledger) -> None:
    given = CaseFixture(ledger)
    given.open()
    given.close(ClosureResult.DISCONTINUED)
    before = ledger.get_case(given.id).version

    with pytest.raises(errors.CaseClosedError):
        given.join("山口食品株式会社")

    assert ledger.get_case(given.id).version == before
    assert ledger.working_copies.take(given.id) is None  # a refused copy is not kept


def test_none_kept_when_the_setting_is_0(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger = build_ledger(replace(settings, working_copies=0))
    try:
        given = CaseFixture(ledger)
        given.open()
        loads = _counting_loads(ledger, monkeypatch)

        add_note(given)

        assert loads.count(given.id) == 1
        assert len(ledger.working_copies) == 0
    finally:
        ledger.close()


def test_the_setting_is_read_from_the_environment() -> None:
    assert Settings.from_env({"KYODO_WORKING_COPIES": "0"}).working_copies == 0
    assert Settings.from_env({}).working_copies == 1000
    assert Settings().ledger_env()["WORKING_COPIES"] == "1000"


def test_the_oldest_copies_go_first() -> None:
    from application.loading import WorkingCopies

    class Saved:
        def __init__(self, n: int, version: int = 1) -> None:
            self.id, self.version = UUID(int=n), version

    copies = WorkingCopies(2)
    copies.keep(Saved(1), Saved(2))
    copies.keep(Saved(3))
    assert copies.take(UUID(int=1)) is None
    assert copies.take(UUID(int=2)) is not None
    later = Saved(3, version=5)
    copies.keep(later)
    copies.keep(Saved(3, version=4))  # an older save finishing last does not replace it
    assert copies.take(UUID(int=3)) is later
    assert AddNote  # the command these tests send


def test_cases_opened_one_after_another_do_not_load_the_centres_numbering(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    given = CaseFixture(ledger)
    given.open("一件目")
    loads = _counting_loads(ledger, monkeypatch)

    numbers = [ledger.get_case(CaseFixture(ledger).open(f"{n}件目")).number for n in (2, 3)]

    numbering = numbering_id("yamaguchi", fiscal_year(OPENED_ON))
    assert numbering not in loads
    assert [n.rsplit("-", 1)[1] for n in numbers] == ["002", "003"]


def test_cases_opened_by_two_writers_in_turn_get_the_next_numbers(
    two_writers: tuple[Ledger, Ledger],
) -> None:
    """Each ledger's numbering is stale after the other opened a case: refused, reloaded."""
    first, second = two_writers
    opened = [CaseFixture(ledger).open(f"{n}件目") for n, ledger in enumerate([first, second] * 3)]

    numbers = [first.get_case(case_id).number for case_id in opened]
    assert [n.rsplit("-", 1)[1] for n in numbers] == [f"{n:03}" for n in range(1, 7)]


def test_every_path_that_changes_an_aggregate_decides_on_its_copy(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Contact details, a year's KPI targets and a plan's indicator: each second step is
    decided on the copy its first step's save left, and lands on the stored state."""
    given = CaseFixture(ledger)
    party = given.party("こどもの未来")
    plan = "山口県県民活動促進基本計画"
    indicator = {"plan": plan, "code": "groups"}
    ledger.change_contact_details(CHIEF, party, ContactDetails("山口 花子", "a@example.jp"))
    ledger.set_kpi_target(CHIEF, 2024, "山口市", "successes", 5, 2)
    ledger.define_indicator(CHIEF, **indicator, name="県民活動団体数", unit="団体")
    loads = _counting_loads(ledger, monkeypatch)

    ledger.change_contact_details(CHIEF, party, ContactDetails("山口 花子", "b@example.jp"))
    ledger.set_kpi_target(CHIEF, 2024, "山口市", "successes", 6, 2)
    ledger.set_indicator_target(CHIEF, **indicator, fiscal_year=2026, value=2590)

    targets_id = kpi_targets_id(2024, municipality_code("山口市"))
    found = indicator_id(plan, "groups")
    assert not {party, targets_id, found} & set(loads)
    monkeypatch.undo()
    assert ledger.get_party(party).version == 3
    targets = ledger.get_or_none(targets_id)
    assert isinstance(targets, KpiTargets)
    assert targets.targets == {"successes": (6, 2)}
    indicator_now = ledger.get_or_none(found)
    assert isinstance(indicator_now, PlanIndicator)
    assert indicator_now.target == (2026, 2590.0)


def test_the_steps_a_case_refuses_are_read_on_its_kept_copy(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A mutation's answer lists the steps the case now refuses: the copy the ledger kept
    after the save serves, at the version the answer shows (or a read model's older one)."""
    given = CaseFixture(ledger)
    given.open()
    version = add_note(given, "メモ")

    def refused(*version: int) -> list[tuple[str, str, str]]:
        found = ledger.refused_steps(given.id, given.ctx.actor, *version)
        return [(step.__name__, error.code, error.message) for step, error in found]

    loaded = refused()  # no version: loaded
    loads = _counting_loads(ledger, monkeypatch)

    for shown in (version, version - 1):
        assert refused(shown) == loaded
    assert loads == []
    assert ledger.working_copies.take(given.id) is not None  # kept again after the read


def test_the_steps_a_case_refuses_are_read_as_stored_when_the_copy_is_behind(
    two_writers: tuple[Ledger, Ledger],
) -> None:
    """Another process closed the case; an answer showing that version is not read on the
    first ledger's copy, still open."""
    first, second = two_writers
    given = CaseFixture(first)
    given.through_success()
    first.working_copies.clear()
    given.ledger.reopen_case(given.ctx, given.id, reason="再開", occurred_on=given.ctx.today)
    kept = first.get_case(given.id).version  # the first ledger keeps the reopened case
    elsewhere = replace(given, ledger=second)
    elsewhere.close()

    refused = dict(first.refused_steps(given.id, given.ctx.actor, kept + 1))

    assert isinstance(refused[HoldHearing], errors.CaseClosedError)
    # The case as stored replaced the copy behind it: a read showing the older version
    # (a read model that lags) gets the newer state, not the stale copy.
    again = dict(first.refused_steps(given.id, given.ctx.actor, kept))
    assert isinstance(again[HoldHearing], errors.CaseClosedError)


def test_a_case_read_for_its_refused_steps_is_kept_for_the_next_read(
    two_writers: tuple[Ledger, Ledger], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A case page read by a process that never saved the case: loaded once, then read on
    the copy it keeps (and a command on it would decide on that copy)."""
    first, second = two_writers
    given = CaseFixture(second)
    given.open()
    version = add_note(given, "別のプロセスで")
    loads = _counting_loads(first, monkeypatch)

    for _ in range(3):
        first.refused_steps(given.id, given.ctx.actor, version)

    assert loads == [given.id]
    kept = first.working_copies.take(given.id)
    assert kept is not None
    assert kept.version == version


def test_the_steps_a_case_refuses_at_hand_are_none_without_a_copy(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The API asks first what it can answer without loading (on its event loop): nothing
    is loaded, and nothing answered, when the ledger kept no copy at the version shown."""
    given = CaseFixture(ledger)
    given.open()
    version = add_note(given, "メモ")
    actor = given.ctx.actor
    assert ledger.refused_steps_at_hand(given.id, actor, version) is not None
    ledger.working_copies.clear()
    loads = _counting_loads(ledger, monkeypatch)

    assert ledger.refused_steps_at_hand(given.id, actor, version) is None
    assert loads == []
    assert len(ledger.working_copies) == 0
