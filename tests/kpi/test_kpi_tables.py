"""KPI tables on SQLite and PostgreSQL: actuals beside targets and baselines."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import UUID

from application.ledger import Ledger
from domain.commands import DeregisterParty
from domain.values import ContactDetails
from domain.vocabulary import ClosureResult, PartyKind
from projections.kpi.projection import Kpi
from projections.kpi.queries import (
    KpiScope,
    actuals,
    kpi_table,
    kpi_tables_by_municipality,
    position_at,
)
from tests.library.readside import ReadSide
from tests.pro_bono.bank import join_bank
from tests.support import CHIEF, FACILITATOR, CaseFixture

KPI = Kpi()


def test_the_table_shows_actuals_beside_targets_and_baselines(
    ledger: Ledger, kpi_side: ReadSide
) -> None:
    CaseFixture(ledger).through_success()
    failed = CaseFixture(ledger)
    failed.open(on=date(2024, 6, 1))
    failed.join("こどもの未来", on=date(2024, 6, 2))
    failed.join("山口食品株式会社", on=date(2024, 6, 3))
    failed.agree(on=date(2024, 6, 11))
    failed.close(ClosureResult.DISCONTINUED, on=date(2024, 7, 1))
    ledger.set_kpi_target(CHIEF, 2024, "山口市", "successes", 3, 1)
    with kpi_side.reading(KPI) as (db, tables):
        rows = {
            r.indicator: r
            for r in kpi_table(db, kpi_side.dialect, tables, KpiScope(2024, "山口市"))
        }
        elsewhere = kpi_table(db, kpi_side.dialect, tables, KpiScope(2024, "萩市"))
    assert {k: r.actual for k, r in rows.items()} == {
        "cases_opened": 2,
        "matchings": 4,
        "agreements": 2,
        "successes": 1,
        "success_rate": 50.0,
        "median_days_to_agreement": 15,
        "volunteers": 5,
        "published_cases": 0,
        "pro_bono_registrations": 0,
        "registered_groups": 4,  # the parties the two cases' fixtures registered in FY2024
    }
    assert (rows["successes"].baseline, rows["successes"].target) == (1, 3)
    assert rows["successes"].label == "協働成功件数"
    assert {r.actual for r in elsewhere} <= {0, None}


def test_the_prefecture_table_sums_every_municipality(ledger: Ledger, kpi_side: ReadSide) -> None:
    CaseFixture(ledger).through_success()
    with kpi_side.reading(KPI) as (db, tables):
        whole = {
            r.indicator: r.actual for r in kpi_table(db, kpi_side.dialect, tables, KpiScope(2024))
        }
        per_city = kpi_tables_by_municipality(db, kpi_side.dialect, tables, 2024)
        previous_year = kpi_table(db, kpi_side.dialect, tables, KpiScope(2023))
    assert whole["cases_opened"] == 1
    assert list(per_city) == ["35203"]
    assert {r.actual for r in previous_year} <= {0, None}


def test_a_corrected_date_moves_a_step_to_its_fiscal_year(
    ledger: Ledger, kpi_side: ReadSide
) -> None:
    given = CaseFixture(ledger)
    given.open(on=date(2024, 3, 20))
    given.join("山口食品株式会社", on=date(2024, 3, 25))
    ledger.correct_step(
        CHIEF,
        given.id,
        corrected_version=2,
        changes={"occurred_on": date(2024, 4, 2)},
        reason="参加日の記入誤り",
    )
    with kpi_side.reading(KPI) as (db, tables):
        before = {
            r.indicator: r.actual for r in kpi_table(db, kpi_side.dialect, tables, KpiScope(2023))
        }
        after = {
            r.indicator: r.actual for r in kpi_table(db, kpi_side.dialect, tables, KpiScope(2024))
        }
    assert (before["cases_opened"], before["matchings"]) == (1, 0)
    assert (after["cases_opened"], after["matchings"]) == (0, 1)


def _actuals(kpi_side: ReadSide, year: int = 2024) -> dict[str, float | None]:
    with kpi_side.reading(KPI) as (db, tables):
        return {
            r.indicator: r.actual for r in kpi_table(db, kpi_side.dialect, tables, KpiScope(year))
        }


def test_a_corrected_closure_result_changes_successes_and_the_rate(
    ledger: Ledger, kpi_side: ReadSide
) -> None:
    given = CaseFixture(ledger)
    given.open(on=date(2024, 5, 1))
    given.close(ClosureResult.DISCONTINUED, on=date(2024, 7, 1))
    closure = ledger.get_case(given.id).version
    assert (_actuals(kpi_side)["successes"], _actuals(kpi_side)["success_rate"]) == (0, 0.0)
    ledger.correct_step(
        CHIEF,
        given.id,
        corrected_version=closure,
        changes={"result": "succeeded"},
        reason="完了の区分の記入誤り",
    )
    after = _actuals(kpi_side)
    assert (after["successes"], after["success_rate"]) == (1, 100.0)


def test_a_party_that_withdraws_and_rejoins_is_one_matching(
    ledger: Ledger, kpi_side: ReadSide
) -> None:
    given = CaseFixture(ledger)
    given.open(on=date(2024, 5, 1))
    party = given.join("山口食品株式会社", on=date(2024, 5, 2))
    ledger.withdraw_party(
        given.ctx, given.id, party_id=party, reason="人手不足", occurred_on=date(2024, 5, 3)
    )
    given.join("山口食品株式会社", on=date(2024, 5, 4))
    given.join("こどもの未来", on=date(2024, 5, 5))
    assert _actuals(kpi_side)["matchings"] == 2


def test_a_party_is_matched_in_the_year_it_first_joined_the_case(
    ledger: Ledger, kpi_side: ReadSide
) -> None:
    given = CaseFixture(ledger)
    given.open(on=date(2024, 3, 1))
    party = given.join("山口食品株式会社", on=date(2024, 3, 2))
    ledger.withdraw_party(
        given.ctx, given.id, party_id=party, reason="年度末", occurred_on=date(2024, 3, 30)
    )
    given.join("山口食品株式会社", on=date(2024, 4, 10))
    assert (_actuals(kpi_side, 2023)["matchings"], _actuals(kpi_side, 2024)["matchings"]) == (1, 0)


def test_the_success_rate_is_rounded_half_up(ledger: Ledger, kpi_side: ReadSide) -> None:
    """1 success in 16 closures is 6.25 %: 四捨五入 gives 6.3 (round() would give 6.2)."""
    won = CaseFixture(ledger)
    won.through_success()
    for _ in range(15):
        lost = CaseFixture(ledger, parties=won.parties)
        lost.open(on=date(2024, 5, 1))
        lost.close(ClosureResult.WITHDRAWN, on=date(2024, 6, 1))
    assert _actuals(kpi_side)["success_rate"] == 6.3


def _person(ledger: Ledger, name: str, on: date) -> UUID:
    return ledger.register_party(
        FACILITATOR,
        kind=PartyKind.PRO_BONO_WORKER,
        name="",
        municipality="山口市",
        contact=ContactDetails(person_name=name, email="worker@example.jp"),
        occurred_on=on,
    ).aggregate_id


def test_pro_bono_registrations_count_each_person_once_up_to_the_year_s_end(
    ledger: Ledger, kpi_side: ReadSide
) -> None:
    early = _person(ledger, "山田 花子", date(2024, 1, 5))
    join_bank(ledger, early, on=date(2024, 1, 10))  # FY2023, for 山口市 and 防府市
    later = _person(ledger, "佐藤 一郎", date(2024, 5, 1))
    join_bank(ledger, later, on=date(2024, 5, 10))  # FY2024
    ledger.leave_pro_bono_bank(FACILITATOR, early, occurred_on=date(2024, 6, 1))
    join_bank(ledger, early, on=date(2024, 9, 1))  # joins again: still one person

    with kpi_side.reading(KPI) as (db, tables):
        counted = {
            (year, place): actuals(db, kpi_side.dialect, tables, KpiScope(year, place))[
                "pro_bono_registrations"
            ]
            for year in (2022, 2023, 2024)
            for place in (None, "山口市", "防府市", "萩市")
        }
        before_the_second = position_at(
            db, kpi_side.dialect, tables, datetime.now(UTC) - timedelta(days=1)
        )
    assert counted == {
        (2022, None): 0, (2022, "山口市"): 0, (2022, "防府市"): 0, (2022, "萩市"): 0,
        (2023, None): 1, (2023, "山口市"): 1, (2023, "防府市"): 1, (2023, "萩市"): 0,
        (2024, None): 2, (2024, "山口市"): 2, (2024, "防府市"): 2, (2024, "萩市"): 0,
    }  # fmt: skip
    assert before_the_second == 0  # recorded today: nothing was counted the day before


def test_registered_groups_count_the_groups_registered_at_a_year_s_end_not_governments_nor_people(
    ledger: Ledger, kpi_side: ReadSide
) -> None:
    def group(kind: PartyKind, name: str, municipality: str, on: date) -> UUID:
        return ledger.register_party(
            FACILITATOR, kind=kind, name=name, municipality=municipality, occurred_on=on
        ).aggregate_id

    group(PartyKind.VOLUNTARY_GROUP, "湯田温泉を愛する会", "山口市", date(2023, 3, 31))  # FY2022
    left = group(PartyKind.NPO_CORPORATION, "椹野川を守る会", "山口市", date(2023, 4, 1))
    ledger.handle(  # FY2023's group leaves the register in FY2024
        FACILITATOR, DeregisterParty(party_id=left, reason="解散", occurred_on=date(2024, 6, 1))
    )
    group(PartyKind.BUSINESS, "防府運輸株式会社", "防府市", date(2024, 6, 1))  # FY2024
    group(PartyKind.MUNICIPALITY, "山口市役所", "山口市", date(2023, 5, 1))  # a government
    _person(ledger, "山田 花子", date(2023, 5, 1))  # a person

    with kpi_side.reading(KPI) as (db, tables):
        counted = {
            (year, place): actuals(db, kpi_side.dialect, tables, KpiScope(year, place))[
                "registered_groups"
            ]
            for year in (2022, 2023, 2024)
            for place in (None, "山口市", "防府市")
        }
    assert counted == {
        (2022, None): 1, (2022, "山口市"): 1, (2022, "防府市"): 0,
        (2023, None): 2, (2023, "山口市"): 2, (2023, "防府市"): 0,
        (2024, None): 2, (2024, "山口市"): 1, (2024, "防府市"): 1,
    }  # fmt: skip
