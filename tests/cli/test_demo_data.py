"""The demo data: enough cases, in every state and many municipalities, drawn from the seeds,
recorded through the ledger's commands with realistic actors."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from application.ledger import Ledger
from application.personal_data import contact_of
from demo import DemoSummary, load_demo
from domain.case import Case
from domain.fiscal import fiscal_year
from domain.meeting import Meeting
from domain.vocabulary import ActorRole, CaseState, ClosureResult, PartyKind, Source
from persistence.settings import Settings
from persistence.wiring import build_ledger

LAST_DATA_DATE = date(2026, 11, 20)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Ledger, DemoSummary]]:
    ledger = build_ledger(Settings(data_dir=Path(tmp_path_factory.mktemp("data"))))
    summary = load_demo(ledger)
    yield ledger, summary
    ledger.close()


@pytest.fixture(scope="module")
def cases(demo: tuple[Ledger, DemoSummary]) -> dict[str, Case]:
    ledger, summary = demo
    return {key: ledger.get_case(case_id) for key, case_id in summary.case_ids.items()}


def test_at_least_thirty_cases_in_at_least_eight_municipalities(cases: dict[str, Case]) -> None:
    assert len(cases) >= 30
    assert len({c.municipality for c in cases.values()}) >= 8


def test_every_state_and_every_closure_result_occurs(cases: dict[str, Case]) -> None:
    states = Counter(c.state for c in cases.values())
    results = Counter(c.result for c in cases.values() if c.state is CaseState.CLOSED)

    assert set(states) == set(CaseState)
    assert set(results) == set(ClosureResult)


def test_cases_span_fiscal_years_2022_to_2026_and_no_date_is_after_the_cut_off(
    demo: tuple[Ledger, DemoSummary], cases: dict[str, Case]
) -> None:
    ledger, summary = demo
    dates = [
        e.occurred_on for case_id in summary.case_ids.values() for e in ledger.case_history(case_id)
    ]

    assert {fiscal_year(c.opened_on) for c in cases.values()} == {2022, 2023, 2024, 2025, 2026}
    assert max(dates) <= LAST_DATA_DATE


def test_at_least_six_published_stories_are_complete_and_consented(
    demo: tuple[Ledger, DemoSummary],
) -> None:
    ledger, summary = demo
    stories = [
        e.story
        for case_id in summary.case_ids.values()
        for e in ledger.case_history(case_id)
        if isinstance(e, Case.SuccessCasePublished)
    ]

    assert len(stories) >= 6
    for story in stories:
        assert all([story.title, story.summary, story.how_started, story.outcomes, story.lessons])
        assert len(story.party_ids) >= 2
        assert all(ledger.get_party(p).publication_consent for p in story.party_ids)


def test_a_case_replicates_a_published_success_case(cases: dict[str, Case]) -> None:
    by_id = {c.id: c for c in cases.values()}
    replications = [c for c in cases.values() if c.replicates is not None]

    assert replications
    assert all(by_id[c.replicates].published for c in replications if c.replicates)


def test_meetings_present_cases_and_agree_follow_ups(demo: tuple[Ledger, DemoSummary]) -> None:
    ledger, summary = demo
    meetings: list[Meeting] = [ledger.get_meeting(m) for m in summary.meeting_ids.values()]

    assert len([m for m in meetings if m.presented and m.follow_ups]) >= 2


def test_a_correction_and_notes_are_recorded(demo: tuple[Ledger, DemoSummary]) -> None:
    ledger, summary = demo
    kinds = Counter(
        type(e).__name__
        for case_id in summary.case_ids.values()
        for e in ledger.case_history(case_id)
    )

    assert kinds["StepCorrected"] >= 1
    assert kinds["NoteAdded"] >= 2
    assert kinds["CaseReopened"] >= 1
    assert kinds["PartyWithdrew"] >= 1


def test_parties_of_every_kind_the_seeds_name(demo: tuple[Ledger, DemoSummary]) -> None:
    ledger, summary = demo
    kinds = {ledger.get_party(p).kind for p in summary.party_ids.values()}

    assert kinds >= set(PartyKind) - {PartyKind.PREFECTURE}


def test_a_pro_bono_workers_name_is_only_in_the_contact_details(
    demo: tuple[Ledger, DemoSummary],
) -> None:
    ledger, summary = demo
    worker = ledger.get_party(summary.party_ids["probono-web"])

    contact = contact_of(ledger, worker)
    assert worker.kind is PartyKind.PRO_BONO_WORKER
    assert contact is not None
    assert contact.person_name
    assert contact.person_name not in worker.name


@pytest.mark.parametrize(
    "words",
    [
        "さぽカフェ円卓会議「ひとり親家庭の支援に向けて」",
        "「支え人。」",
        "コミュニティタクシー",
        "プロボノ",
        "こども食堂",
        "フードバンク",
        "見守り活動",
        "おおうち産業フェア",
    ],
)
def test_the_seeds_examples_are_among_the_cases(cases: dict[str, Case], words: str) -> None:
    assert any(words in c.title for c in cases.values())


def test_food_cases_carry_the_sdgs_of_hunger_and_poverty(demo: tuple[Ledger, DemoSummary]) -> None:
    ledger, summary = demo
    opened = [ledger.case_history(c)[0] for c in summary.case_ids.values()]
    food = [
        e
        for e in opened
        if isinstance(e, Case.ConsultationReceived)
        and ("食堂" in e.title or "フードバンク" in e.title)
    ]

    assert food
    assert all({1, 2} <= set(e.sdgs) for e in food if isinstance(e, Case.ConsultationReceived))


def test_steps_are_imported_by_the_centres_facilitators_and_published_by_the_chief(
    demo: tuple[Ledger, DemoSummary], cases: dict[str, Case]
) -> None:
    ledger, summary = demo
    for key, case_id in summary.case_ids.items():
        for event in ledger.case_history(case_id):
            meta = event.meta
            assert meta.source is Source.IMPORT
            if isinstance(event, Case.SuccessCasePublished):
                assert meta.actor_role is ActorRole.CHIEF_FACILITATOR
            elif isinstance(event, Case.PresentedAtMeeting):
                assert meta.actor_role is ActorRole.MEETING
            else:
                assert meta.actor_role is ActorRole.FACILITATOR
                assert meta.actor_id == f"fac-{cases[key].centre}-01"


def test_loading_twice_gives_the_same_cases_and_numbers(demo: tuple[Ledger, DemoSummary]) -> None:
    _, summary = demo
    again = Ledger(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    try:
        assert load_demo(again).numbers == summary.numbers
    finally:
        again.close()
    assert summary.numbers["sapo-cafe-hitorioya"] == "山口-2024-001"
