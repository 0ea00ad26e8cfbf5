"""The rules of users' names, without a store: what a name may be, and who may read names."""

from __future__ import annotations

import pytest

from api.accounts import AccountError, checked_name
from application.permissions import Access, allows
from domain.values import Actor
from domain.vocabulary import ActorRole


def test_a_name_is_kept_as_shown_and_none_means_none_given() -> None:
    assert checked_name(" 岡田 修 ") == "岡田 修"
    assert checked_name("長" * 50) == "長" * 50
    assert checked_name(None) is None


@pytest.mark.parametrize("name", ["", "   ", "改行\nあり", "タブ\tあり", "長" * 51])
def test_a_name_that_cannot_be_shown_is_refused_with_its_field(name: str) -> None:
    with pytest.raises(AccountError) as refused:
        checked_name(name)
    assert (refused.value.code, refused.value.field) == ("invalid_name", "name")
    assert refused.value.message == "氏名は1文字から50文字まで、改行なしで指定してください"


@pytest.mark.parametrize(
    ("role", "reads"),
    [
        (ActorRole.FACILITATOR, True),
        (ActorRole.CHIEF_FACILITATOR, True),
        (ActorRole.AUDITOR, True),
        (ActorRole.MEETING, False),
        (ActorRole.ADMIN, False),
    ],
)
def test_names_are_read_by_those_who_read_who_recorded_each_step(
    role: ActorRole, reads: bool
) -> None:
    centre = "hagi" if role is ActorRole.FACILITATOR else None
    assert allows(Actor("someone", role, centre), Access.READ_STAFF_NAMES) is reads
