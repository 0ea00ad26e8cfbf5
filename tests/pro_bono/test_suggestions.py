"""Partner suggestions on SQLite and PostgreSQL: ranked with reasons in Japanese, parties
already in the case (or who left it) left out, workers only while in the bank."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from uuid import UUID

import pytest

from application.ledger import Ledger
from domain.commands import ChangePartyFields, DeregisterParty
from domain.vocabulary import PartyKind, PartyRole
from persistence.settings import Settings
from projections.suggestions.projection import SuggestionsReadModel
from projections.suggestions.queries import SuggestionQueries
from projections.suggestions.ranking import Suggestion
from tests.library.readside import ReadSide, read_side
from tests.pro_bono.bank import join_bank, worker
from tests.support import FACILITATOR, OPENED_ON, CaseFixture


@pytest.fixture
def side(ledger: Ledger, settings: Settings) -> Iterator[ReadSide]:
    with read_side(ledger, settings, [SuggestionsReadModel()], "suggestions") as found:
        yield found


def _org(ledger: Ledger, name: str, municipality: str, *fields: str) -> UUID:
    return ledger.register_party(
        FACILITATOR,
        kind=PartyKind.NPO_CORPORATION,
        name=name,
        municipality=municipality,
        fields=list(fields),
        occurred_on=OPENED_ON - timedelta(days=40),
    ).aggregate_id


def _suggested(side: ReadSide, case_id: UUID, first: int = 10) -> list[Suggestion]:
    side.catch_up()
    return SuggestionQueries(side.store).suggested_partners(str(case_id), first)


def test_same_field_and_place_come_first_with_their_reasons(ledger: Ledger, side: ReadSide) -> None:
    near = _org(ledger, "ほうふ子ども応援団", "防府市", "子どもの健全育成")
    here = _org(ledger, "やまぐち子ども食堂ネット", "山口市", "子どもの健全育成")
    _org(ledger, "しものせき環境の会", "下関市", "環境の保全")
    case = CaseFixture(ledger)
    case.open()

    found = _suggested(side, case.id)

    assert [s.party_id for s in found] == [str(here), str(near)]
    assert found[0].reasons == ("同じ活動分野（子どもの健全育成）", "同じ市町（山口市）")
    assert found[1].reasons == ("同じ活動分野（子どもの健全育成）", "近隣の市町（防府市）")


def test_parties_in_the_case_or_who_left_it_are_not_suggested(
    ledger: Ledger, side: ReadSide
) -> None:
    case = CaseFixture(ledger)
    case.open()
    gone = _org(ledger, "やまぐち子ども食堂ネット", "山口市", "子どもの健全育成")
    ledger.join_party(
        FACILITATOR,
        case.id,
        party_id=gone,
        role=PartyRole.PARTNER,
        contribution="",
        occurred_on=OPENED_ON + timedelta(days=2),
    )
    ledger.withdraw_party(
        FACILITATOR,
        case.id,
        party_id=gone,
        reason="人手不足",
        occurred_on=OPENED_ON + timedelta(days=3),
    )

    assert _suggested(side, case.id) == []


def test_a_worker_with_the_needed_skill_is_suggested_while_in_the_bank(
    ledger: Ledger, side: ReadSide
) -> None:
    case = CaseFixture(ledger)
    case.open()
    ledger.declare_pro_bono_need(
        FACILITATOR, case.id, skill="広報・デザイン", hours=10, occurred_on=OPENED_ON
    )
    designer = worker(ledger)
    join_bank(ledger, designer)

    [found] = _suggested(side, case.id)
    ledger.pause_pro_bono_work(FACILITATOR, designer)

    assert found.party_id == str(designer)
    assert found.name == "プロボノワーカー（個人）"
    assert found.reasons == ("案件が必要とするスキル（広報・デザイン）", "山口市で活動できる")
    assert _suggested(side, case.id) == []


def test_successes_in_similar_cases_count(ledger: Ledger, side: ReadSide) -> None:
    earlier = CaseFixture(ledger)
    earlier.through_success()
    shop = earlier.parties["山口食品株式会社"]
    case = CaseFixture(ledger)
    case.parties = dict(earlier.parties)
    case.open(title="第二の子ども食堂")

    found = {s.party_id: s for s in _suggested(side, case.id)}

    assert found[str(shop)].reasons == ("同じ市町（山口市）", "似た案件1件で協働に成功")
    assert (
        found[str(shop)].rationale
        == "山口食品株式会社: 同じ市町（山口市）、似た案件1件で協働に成功"
    )


def test_a_group_that_left_the_register_is_not_suggested(ledger: Ledger, side: ReadSide) -> None:
    here = _org(ledger, "やまぐち子ども食堂ネット", "山口市", "子どもの健全育成")
    left = _org(ledger, "ほうふ子ども応援団", "防府市", "子どもの健全育成")
    ledger.handle(FACILITATOR, DeregisterParty(party_id=left, reason="解散"))
    case = CaseFixture(ledger)
    case.open()

    assert [s.party_id for s in _suggested(side, case.id)] == [str(here)]


def test_a_group_whose_fields_changed_is_suggested_by_its_fields_now(
    ledger: Ledger, side: ReadSide
) -> None:
    moved = _org(ledger, "しものせき環境の会", "下関市", "環境の保全")
    case = CaseFixture(ledger)
    case.open()  # 子どもの健全育成
    assert _suggested(side, case.id) == []

    ledger.handle(FACILITATOR, ChangePartyFields(party_id=moved, fields=("子どもの健全育成",)))

    (found,) = _suggested(side, case.id)
    assert found.party_id == str(moved)
    assert found.reasons[0] == "同じ活動分野（子どもの健全育成）"
