"""A consultation with an unknown vocabulary value or a blank text is refused, field named."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest

from application.ledger import Ledger
from domain import errors
from domain.vocabulary import ActorRole, CaseState, ClosureResult, Labelled, PartyKind, PartyRole
from tests.support import FACILITATOR, OPENED_ON, CaseFixture
from tests.unit.helpers import refused

VALID: dict[str, Any] = {
    "title": "フードバンクの拠点づくり",
    "issue_statement": "食品ロスと生活困窮の両方を減らしたい",
    "municipality": "山口市",
    "fields": ["保健・医療・福祉"],
    "sdgs": [2, 12],
    "centre": "yamaguchi",
}


def _initiator(ledger: Ledger) -> UUID:
    return CaseFixture(ledger).party("フードバンク山口", PartyKind.VOLUNTARY_GROUP)


def _consult(ledger: Ledger, initiator: UUID, **changes: Any) -> None:
    ledger.receive_consultation(
        FACILITATOR,
        initiating_party_id=initiator,
        occurred_on=OPENED_ON,
        **{**VALID, **changes},
    )


def test_a_valid_consultation_is_recorded(memory_ledger: Ledger) -> None:
    _consult(memory_ledger, _initiator(memory_ledger))

    case = memory_ledger.get_case(memory_ledger.find_case("山口-2024-001"))
    assert (case.municipality, case.centre) == ("35203", "yamaguchi")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"municipality": "福岡市"}, "municipality", "「福岡市」は市町として登録されていません"),
        ({"fields": ["宇宙開発"]}, "fields", "「宇宙開発」は活動分野として登録されていません"),
        ({"sdgs": [18]}, "sdgs", "「18」はSDGsの目標として登録されていません"),
        ({"centre": "博多"}, "centre", "「博多」は支援センターとして登録されていません"),
        ({"title": "  "}, "title", "案件名を入力してください"),
        ({"issue_statement": ""}, "issueStatement", "地域課題を入力してください"),
        ({"fields": []}, "fields", "活動分野を入力してください"),
    ],
    ids=["municipality", "field", "sdg", "centre", "title", "issue", "no-field"],
)
def test_a_bad_value_is_refused_with_its_field(
    memory_ledger: Ledger, changes: dict[str, Any], field: str, message: str
) -> None:
    initiator = _initiator(memory_ledger)

    error = refused(
        memory_ledger,
        errors.ValidationError,
        lambda: _consult(memory_ledger, initiator, **changes),
    )

    assert (error.field, error.message) == (field, message)


def test_a_step_with_a_blank_required_text_is_refused(memory_ledger: Ledger) -> None:
    _consult(memory_ledger, _initiator(memory_ledger))
    case_id = memory_ledger.find_case("山口-2024-001")
    version = memory_ledger.get_case(case_id).version

    with pytest.raises(errors.BlankValueError) as caught:
        memory_ledger.hold_roundtable(FACILITATOR, case_id, agenda="　", occurred_on=OPENED_ON)

    assert (caught.value.field, caught.value.code) == ("agenda", "blank_value")
    assert memory_ledger.get_case(case_id).version == version


def test_a_negative_count_is_refused(memory_ledger: Ledger) -> None:
    _consult(memory_ledger, _initiator(memory_ledger))
    case_id = memory_ledger.find_case("山口-2024-001")

    with pytest.raises(errors.InvalidValueError) as caught:
        memory_ledger.hold_roundtable(
            FACILITATOR, case_id, agenda="役割分担", attendee_count=-1, occurred_on=OPENED_ON
        )

    assert caught.value.field == "attendeeCount"


@pytest.mark.parametrize("vocabulary", [PartyKind, PartyRole, CaseState, ClosureResult, ActorRole])
def test_a_member_by_its_code_is_the_member_the_call_gives(vocabulary: type[Labelled]) -> None:
    for member in vocabulary:
        assert vocabulary.of(member.value) is vocabulary(member.value) is member
    with pytest.raises(ValueError, match="not_a_code"):
        vocabulary.of("not_a_code")
