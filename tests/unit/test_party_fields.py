"""活動分野の変更: a party's fields of activity, all of them now — at least one, each of the
vocabulary (by name or code), not the same as now, not on a future day, by the centre that
registered it (or a chief)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from application.ledger import Ledger
from domain.commands import ChangePartyFields
from domain.errors import (
    BlankValueError,
    FutureDateError,
    NotAllowedError,
    UnknownVocabularyError,
)
from domain.party import FieldsUnchangedError
from domain.values import CommandContext
from tests.support import CHIEF, FACILITATOR, TODAY, CaseFixture, context


@pytest.fixture
def case(memory_ledger: Ledger) -> CaseFixture:
    fixture = CaseFixture(memory_ledger)
    fixture.open()
    return fixture


def _change(
    case: CaseFixture,
    *fields: str,
    ctx: CommandContext = FACILITATOR,
    occurred_on: date | None = None,
) -> None:
    party = case.party("湯田温泉を愛する会")
    case.ledger.handle(ctx, ChangePartyFields(party, fields, occurred_on))


def _fields(case: CaseFixture) -> tuple[str, ...]:
    return tuple(case.ledger.get_party(case.party("湯田温泉を愛する会")).fields)


def test_the_fields_are_replaced_by_name_or_code_without_repeats(case: CaseFixture) -> None:
    _change(case, "子どもの健全育成", "community_development", "子どもの健全育成")
    assert len(_fields(case)) == 2
    _change(case, "環境の保全", ctx=CHIEF)  # a chief changes any centre's party
    assert len(_fields(case)) == 1


def test_a_change_that_changes_nothing_or_leaves_none_is_refused(case: CaseFixture) -> None:
    _change(case, "子どもの健全育成", "環境の保全")
    before = _fields(case)
    with pytest.raises(FieldsUnchangedError):
        _change(case, "環境の保全", "子どもの健全育成")  # the same, in another order
    with pytest.raises(BlankValueError):
        _change(case)
    with pytest.raises(UnknownVocabularyError):
        _change(case, "宇宙開発")
    with pytest.raises(FutureDateError):
        _change(case, "まちづくり", occurred_on=TODAY + timedelta(days=1))
    assert _fields(case) == before


def test_another_centre_s_facilitator_may_not_change_them(case: CaseFixture) -> None:
    elsewhere = context(centre="ube", user_id="fac-ube-01")
    with pytest.raises(NotAllowedError):
        _change(case, "まちづくり", ctx=elsewhere)
