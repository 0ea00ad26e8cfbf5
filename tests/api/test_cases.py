"""The case list and the timeline, as facilitators read them (read models, keyset pages)."""

from __future__ import annotations

from tests.api.client import GraphQLClient
from tests.api.scenario import CaseStory


def test_a_facilitator_lists_the_cases_of_their_centre(api: GraphQLClient) -> None:
    for title in ("子ども食堂", "見守り活動", "空き家活用"):
        CaseStory(api).open(title)
    data = api.operation("facilitator", "MyCases", {"first": 2})
    cases = data["cases"]
    assert cases["totalCount"] == 3
    assert len(cases["edges"]) == 2
    assert cases["pageInfo"]["hasNextPage"] is True
    rest = api.operation(
        "facilitator", "MyCases", {"first": 2, "after": cases["pageInfo"]["endCursor"]}
    )["cases"]
    titles = {e["node"]["title"] for e in cases["edges"] + rest["edges"]}
    assert titles == {"子ども食堂", "見守り活動", "空き家活用"}
    assert rest["pageInfo"]["hasNextPage"] is False


def test_another_centre_s_facilitator_sees_none_of_them(api: GraphQLClient) -> None:
    CaseStory(api).open()
    data = api.operation("facilitator", "MyCases", role="other_facilitator")
    assert data["cases"]["totalCount"] == 0


def test_a_case_is_found_by_its_number_with_its_parties(api: GraphQLClient) -> None:
    story = CaseStory(api)
    story.open()
    story.join("こどもの未来", role="PROPOSER")
    data = api.operation("facilitator", "CaseTimeline", {"number": story.number})
    assert data["case"]["id"] == story.case_id
    listed = api.operation("facilitator", "MyCases")["cases"]["edges"][0]["node"]
    assert listed["parties"][0]["role"] == "PROPOSER"
    assert listed["parties"][0]["name"] == "こどもの未来"


def test_the_timeline_shows_every_step_with_actor_and_dates(api: GraphQLClient) -> None:
    story = CaseStory(api)
    story.through_success()
    data = api.operation("facilitator", "CaseTimeline", {"id": story.case_id})
    timeline = data["case"]["timeline"]
    kinds = [e["node"]["__typename"] for e in timeline["edges"]]
    assert kinds[0] == "ConsultationReceivedItem"
    assert kinds[-1] == "CaseClosedItem"
    assert timeline["totalCount"] == 7
    first = timeline["edges"][0]["node"]
    assert first["actor"] == {"userId": "fac-yamaguchi-01", "role": "FACILITATOR"}
    assert first["occurredOn"] == "2024-05-01"


def test_the_timeline_filters_by_kind_of_item(api: GraphQLClient) -> None:
    story = CaseStory(api)
    story.through_success()
    data = api.operation(
        "facilitator",
        "CaseTimeline",
        {"id": story.case_id, "filter": {"steps": ["ActivityCarriedOut"]}},
    )
    edges = data["case"]["timeline"]["edges"]
    assert [e["node"]["volunteers"] for e in edges] == [5]


def test_the_timeline_pages_by_cursor(api: GraphQLClient) -> None:
    story = CaseStory(api)
    story.through_success()
    first = api.operation("facilitator", "CaseTimeline", {"id": story.case_id, "first": 4})
    page = first["case"]["timeline"]
    after = page["pageInfo"]["endCursor"]
    second = api.operation(
        "facilitator", "CaseTimeline", {"id": story.case_id, "first": 4, "after": after}
    )["case"]["timeline"]
    versions = [e["node"]["version"] for e in page["edges"] + second["edges"]]
    assert versions == [1, 2, 3, 4, 5, 6, 7]
    assert page["pageInfo"]["hasNextPage"] is True
    assert second["pageInfo"]["hasNextPage"] is False


def test_a_facilitator_may_name_their_centre_in_japanese_but_not_another(
    api: GraphQLClient,
) -> None:
    CaseStory(api).open()
    own = api.operation("facilitator", "MyCases", {"filter": {"centre": "山口"}})
    assert own["cases"]["totalCount"] == 1
    body = api.operation_response("facilitator", "MyCases", {"filter": {"centre": "宇部"}}).json()
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_a_case_page_lists_what_the_case_refuses_whether_or_not_the_ledger_kept_it(
    api: GraphQLClient,
) -> None:
    """Read at once on the copy the ledger kept after the last step, else loaded in a
    thread (a process that did not write the case): the same refusals either way."""
    story = CaseStory(api)
    story.through_success()
    kept = api.operation("facilitator", "CaseTimeline", {"id": story.case_id})["case"]
    ledger = api.http.app.state.container.ledger  # type: ignore[attr-defined]
    ledger.working_copies.clear()

    loaded = api.operation("facilitator", "CaseTimeline", {"id": story.case_id})["case"]

    assert loaded["refusedSteps"] == kept["refusedSteps"]
    refused = {r["operation"]: r["code"] for r in loaded["refusedSteps"]}
    assert refused["HoldHearing"] == "case_closed"
    assert "NominateSuccessCase" not in refused
    assert len(ledger.working_copies) == 1  # the loaded case kept for the next read
