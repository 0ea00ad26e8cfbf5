"""Text a store cannot hold, or should not, is refused at the edge with a `ValidationError`
naming the field: control characters (tab and line breaks aside), lone surrogates, and text
over its field's limit. Nothing is recorded."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from application.ledger import Ledger
from domain.commands.base import FREE_TEXT_LIMIT, SHORT_TEXT_LIMIT, storable
from domain.commands.case import AddNote, PublishSuccessCase
from domain.errors import TooLongError, UnstorableCharacterError
from domain.values import SuccessStory
from tests.support import MEETING, CaseFixture


@pytest.fixture
def case(memory_ledger: Ledger) -> CaseFixture:
    fixture = CaseFixture(memory_ledger)
    fixture.open()
    return fixture


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\x85", chr(0xD800), chr(0xDFFF)])
def test_a_note_with_an_unstorable_character_is_refused(case: CaseFixture, char: str) -> None:
    before = len(case.ledger.case_history(case.id))

    with pytest.raises(UnstorableCharacterError) as refused:
        case.ledger.add_note(case.ctx, case.id, text=f"電話{char}で確認")

    assert refused.value.field == "text"
    assert refused.value.code == "invalid_character"
    assert refused.value.message == (
        f"メモに使えない文字（U+{ord(char):04X}）が含まれています（3文字目）"
    )
    assert len(case.ledger.case_history(case.id)) == before


def test_tab_and_line_breaks_are_kept(case: CaseFixture) -> None:
    case.ledger.add_note(case.ctx, case.id, text="一行目\r\n\t二行目\n三行目")

    assert case.ledger.case_history(case.id)[-1].text == "一行目\r\n\t二行目\n三行目"  # type: ignore[attr-defined]


def test_free_text_up_to_its_limit_is_kept_and_one_more_is_refused(case: CaseFixture) -> None:
    case.ledger.add_note(case.ctx, case.id, text="あ" * FREE_TEXT_LIMIT)

    with pytest.raises(TooLongError) as refused:
        case.ledger.add_note(case.ctx, case.id, text="あ" * (FREE_TEXT_LIMIT + 1))

    assert refused.value.field == "text"
    assert refused.value.code == "too_long"
    assert refused.value.message == "メモは10000文字以内で入力してください（10001文字あります）"


def test_a_name_is_short_text(case: CaseFixture) -> None:
    with pytest.raises(TooLongError) as refused:
        case.ledger.hold_meeting(
            MEETING,
            title="会" * (SHORT_TEXT_LIMIT + 1),
            host_centre="pref",
            occurred_on=date(2025, 1, 10),
        )

    assert refused.value.field == "title"


def test_a_text_inside_a_value_object_is_named_by_its_path() -> None:
    story = SuccessStory("題", "概要\x00", "きっかけ", "成果", "教訓")
    command = PublishSuccessCase(case_id=uuid4(), story=story, occurred_on=date(2025, 1, 1))

    with pytest.raises(UnstorableCharacterError) as refused:
        command.require_storable()

    assert refused.value.field == "story.summary"


def test_an_unstorable_character_in_a_skipped_field_is_refused_by_checked() -> None:
    with pytest.raises(UnstorableCharacterError):
        AddNote(case_id=uuid4(), text="\x00").checked(skip=("text",))


def test_the_length_is_checked_before_the_characters() -> None:
    with pytest.raises(TooLongError):
        storable("\x00" * 11, "x", "項目", 10)
