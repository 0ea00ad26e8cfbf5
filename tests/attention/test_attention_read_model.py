"""The attention read model on SQLite and PostgreSQL: a case's steps, read back as the
facts the rules decide on, with corrections, closure and reopening."""

from __future__ import annotations

from datetime import date, timedelta

from application.ledger import Ledger
from domain.vocabulary import ClosureResult, PartyKind, PartyRole
from projections.attention.queries import AttentionFilter, AttentionQueries
from projections.attention.rules import AttentionReason, Thresholds
from tests.library.readside import ReadSide
from tests.support import CHIEF, OPENED_ON, CaseFixture, context

AS_OF = date(2025, 3, 10)


def _agreed(ledger: Ledger) -> CaseFixture:
    given = CaseFixture(ledger)
    given.open()
    given.join("こどもの未来", role=PartyRole.PROPOSER)
    given.join("山口食品株式会社", PartyKind.BUSINESS, PartyRole.VENUE_OR_GOODS)
    given.agree()
    return given


def _reasons(queries: AttentionQueries, side: ReadSide) -> dict[str, list[AttentionReason]]:
    side.catch_up()
    return {
        a.number: [r.reason for r in a.reasons] for a in queries.attention_list(AS_OF, Thresholds())
    }


def test_a_case_keeps_its_dates_state_and_facilitator(
    ledger: Ledger, attention_side: ReadSide, queries: AttentionQueries
) -> None:
    given = _agreed(ledger)
    given.act(on=OPENED_ON + timedelta(days=45))
    attention_side.catch_up()

    [facts] = queries.open_cases()

    assert facts.number == "山口-2024-001"
    assert (facts.state, facts.centre, facts.facilitator_id) == (
        "in_progress",
        "yamaguchi",
        "fac-yamaguchi-01",
    )
    assert facts.last_step_on == facts.activity_on == OPENED_ON + timedelta(days=45)
    assert facts.review_on is None


def test_a_quiet_case_is_listed_with_its_reasons(
    ledger: Ledger, attention_side: ReadSide, queries: AttentionQueries
) -> None:
    given = _agreed(ledger)
    given.act()

    assert _reasons(queries, attention_side) == {
        "山口-2024-001": [AttentionReason.IDLE, AttentionReason.REVIEW_DUE]
    }


def test_a_corrected_activity_date_moves_the_review_due(
    ledger: Ledger, attention_side: ReadSide, queries: AttentionQueries
) -> None:
    given = _agreed(ledger)
    given.act(on=AS_OF - timedelta(days=40))
    activity = ledger.get_case(given.id).version
    ledger.correct_step(
        given.ctx,
        given.id,
        corrected_version=activity,
        changes={"occurred_on": AS_OF - timedelta(days=5)},
        reason="日付の入力誤り",
    )

    assert _reasons(queries, attention_side) == {}


def test_a_closed_case_needs_nothing_and_a_reopened_one_is_back(
    ledger: Ledger, attention_side: ReadSide, queries: AttentionQueries
) -> None:
    given = CaseFixture(ledger)
    given.open()
    given.close(ClosureResult.WITHDRAWN, on=OPENED_ON + timedelta(days=1))
    assert _reasons(queries, attention_side) == {}

    ledger.reopen_case(CHIEF, given.id, reason="再度の相談", occurred_on=OPENED_ON + timedelta(2))

    assert _reasons(queries, attention_side) == {"山口-2024-001": [AttentionReason.IDLE]}


def test_the_latest_roundtable_s_dated_next_action_and_the_agreed_period(
    ledger: Ledger, attention_side: ReadSide, queries: AttentionQueries
) -> None:
    given = _agreed(ledger)
    ledger.hold_roundtable(
        given.ctx,
        given.id,
        agenda="役割の確認",
        next_actions="2025年3月1日までに会場を予約",
        occurred_on=AS_OF - timedelta(days=20),
    )
    agreement = 4
    ledger.correct_step(
        given.ctx,
        given.id,
        corrected_version=agreement,
        changes={"period_end": AS_OF + timedelta(days=10)},
        reason="期間の記入漏れ",
    )

    assert _reasons(queries, attention_side) == {
        "山口-2024-001": [AttentionReason.NEXT_ACTION_DUE, AttentionReason.PERIOD_ENDING]
    }


def test_the_list_narrows_to_a_centre_and_a_facilitator(
    ledger: Ledger, attention_side: ReadSide, queries: AttentionQueries
) -> None:
    given = CaseFixture(ledger)
    given.open()
    ledger.receive_consultation(
        context(centre="ube", user_id="fac-ube-01"),
        title="空き家の活用",
        issue_statement="空き家を地域の拠点にしたい",
        municipality="宇部市",
        fields=["まちづくり"],
        sdgs=[11],
        centre="ube",
        initiating_party_id=given.party("こどもの未来"),
        occurred_on=OPENED_ON,
    )
    attention_side.catch_up()

    def numbers(where: AttentionFilter) -> list[str]:
        return [a.number for a in queries.attention_list(AS_OF, Thresholds(), where)]

    assert len(numbers(AttentionFilter())) == 2
    assert numbers(AttentionFilter(centres={"yamaguchi"})) == ["山口-2024-001"]
    assert numbers(AttentionFilter(facilitator_id="fac-ube-01")) == ["宇部-2024-001"]
    assert numbers(AttentionFilter(centres=set())) == []
