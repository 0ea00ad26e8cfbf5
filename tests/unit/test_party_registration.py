"""Parties: organisations by name; pro bono workers are people, their name is personal data."""

from __future__ import annotations

import pytest

from application.ledger import CommandResult, Ledger
from application.personal_data import contact_of
from domain import errors
from domain.values import ContactDetails
from domain.vocabulary import PartyKind
from tests.support import FACILITATOR, OPENED_ON, CaseFixture
from tests.unit.helpers import pro_bono_worker, refused


def _register(
    ledger: Ledger,
    name: str,
    kind: PartyKind = PartyKind.PRO_BONO_WORKER,
    person: str = "",
    municipality: str = "周南市",
) -> object:
    return ledger.register_party(
        FACILITATOR,
        kind=kind,
        name=name,
        municipality=municipality,
        contact=ContactDetails(person_name=person, phone="0834-00-0000"),
        occurred_on=OPENED_ON,
    )


def test_a_pro_bono_worker_needs_a_person_name(memory_ledger: Ledger) -> None:
    error = refused(
        memory_ledger, errors.BlankValueError, lambda: _register(memory_ledger, "デザイナー")
    )

    assert error.field == "contact.personName"
    assert error.message == "氏名を入力してください"


def test_a_pro_bono_workers_name_stays_in_the_contact_details(memory_ledger: Ledger) -> None:
    result = memory_ledger.register_party(
        FACILITATOR,
        kind=PartyKind.PRO_BONO_WORKER,
        name="",
        municipality="周南市",
        contact=ContactDetails(person_name="周南 太郎"),
        occurred_on=OPENED_ON,
    )

    party = memory_ledger.get_party(result.aggregate_id)
    assert party.name == "プロボノワーカー（個人）"
    assert contact_of(memory_ledger, party) == ContactDetails(person_name="周南 太郎")


def test_a_pro_bono_workers_name_never_becomes_the_public_name(memory_ledger: Ledger) -> None:
    error = refused(
        memory_ledger,
        errors.InvalidValueError,
        lambda: _register(memory_ledger, "周南太郎（デザイナー）", person="周南 太郎"),
    )

    assert error.field == "name"
    assert "個人の氏名は公開名に含められません" in error.message


def test_an_organisation_needs_a_name(memory_ledger: Ledger) -> None:
    error = refused(
        memory_ledger,
        errors.BlankValueError,
        lambda: _register(memory_ledger, " ", PartyKind.NEIGHBOURHOOD_ASSOCIATION),
    )

    assert (error.field, error.message) == ("name", "団体名を入力してください")


def test_a_party_belongs_to_a_known_municipality(memory_ledger: Ledger) -> None:
    error = refused(
        memory_ledger,
        errors.UnknownVocabularyError,
        lambda: _register(
            memory_ledger, "NPO法人ひろしま", PartyKind.NPO_CORPORATION, "", "広島市"
        ),
    )

    assert error.field == "municipality"
    assert error.message == "「広島市」は市町として登録されていません"


@pytest.mark.parametrize("kind", [k for k in PartyKind if k is not PartyKind.PRO_BONO_WORKER])
def test_only_pro_bono_workers_are_natural_persons(kind: PartyKind) -> None:
    assert not kind.is_natural_person


def test_a_pro_bono_workers_surname_alone_is_kept_out_too(memory_ledger: Ledger) -> None:
    refused(
        memory_ledger,
        errors.InvalidValueError,
        lambda: _register(memory_ledger, "周南さん（会計）", person="周南 太郎"),
    )


def test_a_descriptive_public_name_is_kept(memory_ledger: Ledger) -> None:
    result = _register(memory_ledger, "プロボノワーカー（会計・経理）", person="周南 太郎")

    assert isinstance(result, CommandResult)
    party = memory_ledger.get_party(result.aggregate_id)
    assert party.name == "プロボノワーカー（会計・経理）"


def test_a_pro_bono_workers_name_cannot_be_blanked_later(memory_ledger: Ledger) -> None:
    given = CaseFixture(memory_ledger)
    worker = pro_bono_worker(given, "ウェブデザイナー")

    with pytest.raises(errors.BlankValueError) as raised:
        memory_ledger.change_contact_details(
            FACILITATOR, worker, ContactDetails(email="x@example.jp")
        )

    assert raised.value.field == "contact.personName"
    contact = contact_of(memory_ledger, memory_ledger.get_party(worker))
    assert contact is not None
    assert contact.person_name
