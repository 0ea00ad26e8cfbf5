"""運用状況 over GraphQL, on each store: auditors and admins read the read models, their
parked events and the last whole-ledger verification; an admin applies a parked event again
or leaves it out; an auditor verifies every chain now. Nobody else may."""

from __future__ import annotations

import time
from typing import Any

from api.graphql.ids import decode_id
from tests.api.client import GraphQLClient
from tests.api.scenario import CaseStory
from tests.faults.poison import store_note_with_lone_surrogate

STATUS = """
query {
  systemStatus {
    head ready catchingUp
    readModels {
      name label version state position lagEvents parked
      parkedEvents { readModel version position topic error skipped }
    }
    lastVerification { ok chains checkedEvents brokenChains message }
  }
}
"""

VERIFY = """
mutation {
  verifyLedger {
    __typename
    ... on LedgerVerified { verification { ok chains brokenChains message } broken { number } }
    ... on CommandError { code message }
  }
}
"""

PARKED = """
mutation($name: String!, $position: Int!, $skip: Boolean!) {
  retry: retryParkedEvent(readModel: $name, position: $position) @skip(if: $skip) {
    ...Handled
  }
  skip: skipParkedEvent(readModel: $name, position: $position) @include(if: $skip) {
    ...Handled
  }
}
fragment Handled on ParkedEventResult {
  __typename
  ... on ParkedEventHandled { resolved message failedAgain { position error } }
  ... on CommandError { code message }
}
"""


def _status(api: GraphQLClient, role: str = "auditor") -> dict[str, Any]:
    found: dict[str, Any] = api.operation("admin", "SystemStatus", role=role)["systemStatus"]
    return found


def _model(status: dict[str, Any], name: str) -> dict[str, Any]:
    (model,) = [m for m in status["readModels"] if m["name"] == name and m["state"] == "active"]
    return model


def test_auditors_and_admins_see_each_read_model_in_japanese(api: GraphQLClient) -> None:
    CaseStory(api).open()
    for role in ("auditor", "admin"):
        status = _status(api, role)
        assert status["head"] > 0
        labels = {m["name"]: m["label"] for m in status["readModels"]}
        assert labels["case_list"] == "案件一覧"
        assert labels["library"] == "成功事例集"
        assert all(labels.values())
        assert status["lastVerification"] is None  # none ran yet


def test_others_may_not_read_it_nor_act(api: GraphQLClient) -> None:
    for role in ("facilitator", "chief", "meeting"):
        body = api.post(STATUS, role=role).json()
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    refused = api.run(VERIFY, role="admin")["verifyLedger"]
    assert (refused["__typename"], refused["code"]) == ("RuleViolation", "forbidden")
    assert "管理者" in refused["message"]
    variables = {"name": "timeline", "position": 1, "skip": True}
    assert api.run(PARKED, variables, role="auditor")["skip"]["code"] == "forbidden"


def test_an_auditor_verifies_every_chain_and_the_status_keeps_the_result(
    api: GraphQLClient,
) -> None:
    CaseStory(api).open()
    verified = api.operation("auditor", "VerifyLedger", role="auditor")["verifyLedger"]
    assert verified["__typename"] == "LedgerVerified", verified
    assert verified["verification"]["ok"] is True
    assert verified["verification"]["chains"] >= 2  # the case and its party at least
    assert verified["broken"] == []
    last = _status(api)["lastVerification"]
    assert last["ok"] is True
    assert last["chains"] == verified["verification"]["chains"]
    assert last["message"].endswith("改ざんは見つかりませんでした")


def _parked(api: GraphQLClient) -> int:
    """A note an old version could store, that the timeline cannot take in: parked."""
    story = CaseStory(api)
    story.open()
    container = api.http.app.state.container  # type: ignore[attr-defined]
    position = store_note_with_lone_surrogate(
        container.ledger, decode_id(story.case_id, "Case", "caseId")
    )
    container.projections.wake()
    deadline = time.monotonic() + 10
    while not _model(_status(api), "timeline")["parked"]:
        assert time.monotonic() < deadline, "the timeline did not park the event"
        time.sleep(0.05)
    return position


def test_a_parked_event_is_shown_and_an_admin_resolves_it(api: GraphQLClient) -> None:
    position = _parked(api)
    timeline = _model(_status(api, "admin"), "timeline")
    (parked,) = timeline["parkedEvents"]
    assert (parked["position"], parked["skipped"]) == (position, False)
    assert "UnicodeEncodeError" in parked["error"]
    assert _status(api)["ready"] is True  # parked events alone keep it ready

    again = {"readModel": "timeline", "position": position}
    retried = api.operation("admin", "RetryParkedEvent", again, role="admin")["retryParkedEvent"]
    assert (retried["__typename"], retried["resolved"]) == ("ParkedEventHandled", False)
    assert retried["failedAgain"][0]["position"] == position
    assert _model(_status(api), "timeline")["parked"] == 1

    skipped = api.operation("admin", "SkipParkedEvent", again, role="admin")["skipParkedEvent"]
    assert (skipped["resolved"], skipped["failedAgain"]) == (True, [])
    assert "除外しました" in skipped["message"]
    timeline = _model(_status(api), "timeline")
    assert timeline["parked"] == 0
    assert [p["skipped"] for p in timeline["parkedEvents"]] == [True]  # kept for the record


def test_an_event_that_is_not_parked_or_a_read_model_that_does_not_exist_is_named(
    api: GraphQLClient,
) -> None:
    nowhere = {"name": "timeline", "position": 999, "skip": True}
    missing = api.run(PARKED, nowhere, role="admin")["skip"]
    assert (missing["__typename"], missing["code"]) == ("NotFound", "not_parked")
    unknown = {"name": "no_such_model", "position": 1, "skip": False}
    named = api.run(PARKED, unknown, role="admin")["retry"]
    assert (named["__typename"], named["code"]) == ("NotFound", "unknown_read_model")
    assert "no_such_model" in named["message"]
