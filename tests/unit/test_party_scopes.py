"""The parties a command's fields may name are declared on the fields (`among`): the case's
rule checks them from there, and the page's pickers offer them from there."""

from __future__ import annotations

from uuid import uuid4

from domain.case import _named_parties
from domain.commands import ALL_COMMANDS
from domain.values import RoleAssignment, SuccessStory
from domain.vocabulary import PartyRole


def test_four_fields_name_the_case_s_parties() -> None:
    declared = {
        (command.__name__, name): among
        for command in ALL_COMMANDS
        for name, among in command.party_scopes()
    }
    assert declared == {
        ("JoinParty", "party_id"): "outside",
        ("WithdrawParty", "party_id"): "active",
        ("ReachAgreement", "roles"): "active",
        ("PublishSuccessCase", "story"): "case",
    }


def test_the_parties_a_value_names() -> None:
    a, b = uuid4(), uuid4()
    roles = (RoleAssignment(a, PartyRole.PARTNER), RoleAssignment(b, PartyRole.FUNDER))
    story = SuccessStory("題", "概要", "きっかけ", "成果", "学び", party_ids=(b, a))
    assert _named_parties(a) == (a,)
    assert _named_parties(roles) == (a, b)
    assert _named_parties(story) == (b, a)
    assert _named_parties("テキスト") == ()
