"""The pro bono worker bank through GraphQL on SQLite and PostgreSQL: a worker registered,
a case's need matched and completed, the indicator counted from the ledger."""

from __future__ import annotations

from typing import Any

from tests.api.client import GraphQLClient
from tests.api.scenario import CaseStory, day


def _worker(story: CaseStory, person: str = "山田 花子") -> str:
    result = story.write(
        "RegisterParty",
        {
            "input": {
                "kind": "PRO_BONO_WORKER",
                "name": "",
                "municipality": "山口市",
                "contact": {"personName": person, "email": "hanako@example.jp"},
                "occurredOn": day(-30),
            }
        },
    )
    party_id: str = result["partyId"]
    return party_id


def _join(story: CaseStory, party_id: str, **more: Any) -> dict[str, Any]:
    given = {
        "partyId": party_id,
        "skills": ["広報・デザイン"],
        "municipalities": ["山口市"],
        "yearsOfExperience": 12,
        "hoursPerMonth": 10,
        "contactConsent": True,
        "occurredOn": day(-20),
        **more,
    }
    result: dict[str, Any] = story.write("RegisterProBonoWorker", {"input": given})
    return result


def _needing(story: CaseStory, hours: int) -> str:
    """A case opened with a need of `hours` of 広報・デザイン, and a worker in the bank: the
    worker's party ID."""
    story.open()
    worker = _worker(story)
    _join(story, worker)
    story.step("DeclareProBonoNeed", {"skill": "pr_design", "hours": hours, "occurredOn": day(2)})
    return worker


def test_a_worker_joins_and_counts_in_the_indicator(api: GraphQLClient) -> None:
    story = CaseStory(api)
    worker = _worker(story)

    joined = _join(story, worker)
    bank = api.operation("facilitator", "ProBonoBank", {"skill": "広報・デザイン"})["proBonoBank"]

    assert joined["__typename"] == "PartyPayload"
    assert joined["partyId"] == worker
    assert bank["registeredTotal"] == 1
    assert bank["activeTotal"] == 1
    assert (bank["target"], bank["targetFiscalYear"]) == (100, 2026)
    assert bank["byFiscalYear"] == [{"fiscalYear": 2024, "registered": 1, "cumulative": 1}]
    [listed] = bank["workers"]
    assert listed["partyId"] == worker
    assert listed["skills"] == [{"code": "pr_design", "ja": "広報・デザイン"}]


def test_a_worker_who_left_is_still_counted_but_not_active(api: GraphQLClient) -> None:
    story = CaseStory(api)
    worker = _worker(story)
    _join(story, worker)

    story.write("LeaveProBonoBank", {"input": {"partyId": worker, "occurredOn": day(-10)}})
    bank = api.operation("facilitator", "ProBonoBank")["proBonoBank"]

    assert (bank["registeredTotal"], bank["activeTotal"], bank["workers"]) == (1, 0, [])


def test_a_paused_worker_is_not_offered_until_they_resume(api: GraphQLClient) -> None:
    story = CaseStory(api)
    worker = _worker(story)
    _join(story, worker)

    paused = story.write(
        "PauseProBonoWork", {"input": {"partyId": worker, "reason": "転居", "occurredOn": day(-5)}}
    )
    bank = api.operation("facilitator", "ProBonoBank")["proBonoBank"]
    every = api.operation("facilitator", "ProBonoBank", {"includeInactive": True})["proBonoBank"]
    story.write("ResumeProBonoWork", {"input": {"partyId": worker, "occurredOn": day(-1)}})
    resumed = api.operation("facilitator", "ProBonoBank")["proBonoBank"]

    assert paused["__typename"] == "PartyPayload"
    assert (bank["registeredTotal"], bank["activeTotal"], bank["workers"]) == (1, 0, [])
    assert [w["status"] for w in every["workers"]] == ["paused"]
    assert resumed["activeTotal"] == 1
    assert [w["status"] for w in resumed["workers"]] == ["active"]


def test_an_organisation_is_refused_in_japanese(api: GraphQLClient) -> None:
    story = CaseStory(api)

    refused = _join(story, story.party("こどもの未来"))

    assert refused["__typename"] == "RuleViolation"
    assert refused["code"] == "not_a_pro_bono_worker"
    assert "プロボノワーカー" in refused["message"]


def test_a_need_is_matched_and_completed(api: GraphQLClient) -> None:
    story = CaseStory(api)
    story.open()
    worker = _worker(story)
    _join(story, worker)
    need = {"skill": "pr_design", "hours": 20, "description": "チラシ", "occurredOn": day(2)}
    story.step("DeclareProBonoNeed", need)
    match = {"partyId": worker, "caseId": story.case_id, "occurredOn": day(3)}

    proposed = story.write(
        "ProposeProBonoMatch", {"input": {**match, "skill": "広報・デザイン", "hours": 20}}
    )
    story.write("AcceptProBonoMatch", {"input": match})
    story.write("CompleteProBonoMatch", {"input": {**match, "hoursGiven": 16}})
    found = api.operation("facilitator", "ProBonoCase", {"caseId": story.case_id})

    assert proposed["__typename"] == "PartyPayload"
    assert found["proBonoNeeds"][0]["skill"] == {"code": "pr_design", "ja": "広報・デザイン"}
    [done] = found["proBonoMatches"]
    assert (done["status"], done["hours"], done["hoursGiven"]) == ("completed", 20, 16)


def test_a_declined_match_is_closed_and_cannot_be_completed(api: GraphQLClient) -> None:
    story = CaseStory(api)
    worker = _needing(story, 8)
    match = {"partyId": worker, "caseId": story.case_id, "occurredOn": day(3)}
    story.write("ProposeProBonoMatch", {"input": {**match, "skill": "pr_design", "hours": 8}})

    declined = story.write("DeclineProBonoMatch", {"input": {**match, "reason": "繁忙期のため"}})
    refused = story.write("CompleteProBonoMatch", {"input": {**match, "hoursGiven": 8}})
    found = api.operation("facilitator", "ProBonoCase", {"caseId": story.case_id})

    assert declined["__typename"] == "PartyPayload"
    assert refused["__typename"] == "RuleViolation"
    [closed] = found["proBonoMatches"]
    assert (closed["status"], closed["hoursGiven"]) == ("declined", None)


def test_a_match_without_a_need_records_nothing(api: GraphQLClient) -> None:
    story = CaseStory(api)
    story.open()
    worker = _worker(story)
    _join(story, worker)

    refused = story.write(
        "ProposeProBonoMatch",
        {"input": {"partyId": worker, "caseId": story.case_id, "skill": "法務", "hours": 5}},
    )

    assert refused["code"] == "pro_bono_need_not_declared"
    assert api.operation("facilitator", "ProBonoCase", {"caseId": story.case_id}) == {
        "proBonoNeeds": [],
        "proBonoMatches": [],
    }


def test_another_centre_cannot_propose_in_a_case(api: GraphQLClient) -> None:
    story = CaseStory(api)
    worker = _needing(story, 5)

    refused = story.write(
        "ProposeProBonoMatch",
        {"input": {"partyId": worker, "caseId": story.case_id, "skill": "pr_design", "hours": 5}},
        role="other_facilitator",
    )

    assert refused["code"] == "forbidden"


def test_meetings_may_not_read_the_bank(api: GraphQLClient) -> None:
    body = api.operation_response("facilitator", "ProBonoBank", {}, "meeting").json()

    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_a_worker_s_page_names_the_cases_of_their_matches_to_their_readers_only(
    api: GraphQLClient,
) -> None:
    story = CaseStory(api)
    worker = _needing(story, hours=12)
    match = {"partyId": worker, "caseId": story.case_id, "occurredOn": day(3)}
    story.write("ProposeProBonoMatch", {"input": {**match, "skill": "広報・デザイン", "hours": 12}})
    seen = {}
    for role in ("facilitator", "other_facilitator", "auditor"):
        found = api.operation("party", "WorkerInBank", {"partyId": worker}, role=role)
        [entry] = [w for w in found["proBonoBank"]["workers"] if w["partyId"] == worker]
        assert (entry["status"], entry["hoursPerMonth"]) == ("active", 10)
        [proposed] = found["proBonoMatches"]
        assert (proposed["status"], proposed["hours"]) == ("proposed", 12)
        seen[role] = proposed["case"]
    assert seen["facilitator"] == {"number": story.number, "title": "子ども食堂の立ち上げ"}
    assert seen["auditor"] == seen["facilitator"]
    assert seen["other_facilitator"] is None  # another centre's case: not named
