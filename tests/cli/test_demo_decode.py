"""The demo data files' notation: a command is its name and its arguments in field order."""

from __future__ import annotations

from datetime import date

import pytest

from demo.decode import command
from demo.notation import CASE, C, P
from domain.commands import CorrectStep, JoinParty, ReceiveConsultation
from domain.vocabulary import PartyRole


def test_placeholders_enums_and_dates_become_the_commands_own_values() -> None:
    step = command(["JoinParty", "CASE", "P:pref-centre", "partner", "伴走支援", date(2023, 7, 3)])

    assert step == JoinParty(
        CASE, P["pref-centre"], PartyRole.PARTNER, "伴走支援", date(2023, 7, 3)
    )


def test_an_empty_string_is_none_where_optional_and_trailing_defaults_may_be_left_out() -> None:
    opened = command(
        ["ReceiveConsultation", "題", "課題", "長門市", ["まちづくり"], [11], "nagato",
         "P:council-misumi", date(2025, 6, 10), "", "C:sayama-community-taxi"]
    )  # fmt: skip

    assert isinstance(opened, ReceiveConsultation)
    assert opened.facilitator_id is None
    assert opened.replicates == C["sayama-community-taxi"]
    assert opened.fields == ("まちづくり",)


def test_a_correction_names_the_changed_fields_by_the_corrected_steps_labels() -> None:
    correction = command(["CorrectStep", "CASE", 8, ["HoldRoundtable", {"参加者数": 45}], "漏れ"])

    assert isinstance(correction, CorrectStep)
    assert correction.changes == {"attendee_count": 45}
    assert correction.occurred_on is None


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (["HoldHearings", "CASE"], "no command"),
        (["CloseCase", "CASE", "succeeded", date(2024, 1, 1), "", "extra"], "takes 4 arguments"),
        (["CloseCase", "X:key", "succeeded", date(2024, 1, 1)], "not a placeholder"),
    ],
)
def test_a_mistake_in_the_data_is_named(entry: list[object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        command(entry)
