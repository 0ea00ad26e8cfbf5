"""The page's side of the app without a browser: what `/` serves, that it reaches nothing
beyond the app, the step forms taken from the schema, and the operations only the page runs."""

from __future__ import annotations

import re
from pathlib import Path

from starlette.testclient import TestClient

from api.web import step_forms
from domain.case import STEP_CLASSES
from tests.api.client import GraphQLClient
from tests.api.scenario import CaseStory, day
from tests.api.test_subscriptions import PROTOCOL, next_item

WEB = Path(__file__).resolve().parents[2] / "web"
FACILITATOR = (WEB.parent / "graphql" / "operations" / "facilitator.graphql").read_text("utf-8")
LIVE = re.search(r"^subscription CaseTimelineLive.*?^}$", FACILITATOR, re.M | re.S)
EXTERNAL = re.compile(r"""(?:src|href|from|import|url)\s*[=(]?\s*["']?(?:https?:)?//""")


def test_the_page_is_japanese_and_served_at_the_root(http: TestClient) -> None:
    response = http.get("/")
    assert response.status_code == 200
    assert '<html lang="ja">' in response.text
    assert http.get("/web/app.js").headers["content-type"].startswith("text/javascript")


def test_the_page_serves_nothing_outside_its_folder(http: TestClient) -> None:
    assert http.get("/web/../api/web.py").status_code == 404
    assert http.get("/web/%2e%2e/pyproject.toml").status_code == 404
    assert http.get("/web/__init__.py").status_code == 404
    assert http.get("/web/__pycache__/__init__.cpython-311.pyc").status_code == 404
    assert http.get("/web/operations/../schema.graphql").status_code == 404


def test_the_page_loads_nothing_from_beyond_the_app() -> None:
    own = [
        p
        for p in WEB.rglob("*")
        if p.suffix in {".html", ".js", ".css"} and "vendor" not in p.parts
    ]
    offenders = [str(p) for p in own if EXTERNAL.search(p.read_text(encoding="utf-8"))]
    assert own
    assert offenders == []


def test_graphiql_loads_its_assets_from_the_app(http: TestClient) -> None:
    page = http.get("/graphql", headers={"Accept": "text/html"}).text
    assets = re.findall(r'(?:src|href)="(/web/vendor/[^"]+)"', page)
    assert "unpkg.com" not in page
    assert len(assets) == 7
    for asset in assets:
        assert http.get(asset).status_code == 200, asset


def test_each_step_s_form_comes_from_its_input_type_with_its_japanese_labels() -> None:
    forms = {s["operation"]: s for s in step_forms()["steps"]}
    roundtable = {f["name"]: f for f in forms["HoldRoundtable"]["fields"]}
    assert roundtable["agenda"] == {
        "name": "agenda",
        "type": "String!",
        "label": "議題",
        "long": True,
        "description": "",
    }
    assert roundtable["attendeeCount"]["default"] == 0
    assert forms["ReachAgreement"]["mutation"] == "reachAgreement"
    assert "RoleAssignmentInput" in step_forms()["inputs"]


def test_a_field_naming_the_case_s_parties_says_which_as_its_command_declares() -> None:
    """The pickers offer what the rules admit: the commands' `among`, not a table of the
    page's own."""
    declared = {
        (s["operation"], f["name"]): f["parties"]
        for s in step_forms()["steps"]
        for f in s["fields"]
        if "parties" in f
    }
    assert declared == {
        ("JoinParty", "partyId"): "outside",
        ("WithdrawParty", "partyId"): "active",
        ("ReachAgreement", "roles"): "active",
        ("PublishSuccessCase", "story"): "case",
    }


def test_the_page_asks_who_is_signed_in(api: GraphQLClient) -> None:
    answer = api.operation("session", "Viewer")
    assert answer["viewer"] == {
        "userId": "fac-yamaguchi-01",
        "role": "FACILITATOR",
        "centre": "yamaguchi",
    }
    # The header names the centre in Japanese, not by its code.
    centres = answer["vocabulary"]["centres"]
    assert {"code": "yamaguchi", "ja": "山口市市民活動支援センター"} in centres


def test_the_page_asks_the_users_names_once_a_sign_in(api: GraphQLClient) -> None:
    """`StaffNames`: none recorded in this store; the meeting may not ask (the page then
    shows user ids)."""
    assert api.operation("session", "StaffNames") == {"staffNames": []}
    refused = api.operation_response("session", "StaffNames", role="meeting").json()
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_partners_proposed_withdrawn_and_a_case_reopened(api: GraphQLClient) -> None:
    story = CaseStory(api)
    story.open()
    partner = story.party("まちの工房")
    story.step(
        "ProposePartners", {"partyIds": [partner], "rationale": "近所", "occurredOn": day(2)}
    )
    story.join("まちの工房")
    story.step("WithdrawParty", {"partyId": partner, "reason": "人手不足", "occurredOn": day(8)})
    story.step("CloseCase", {"result": "WITHDRAWN", "occurredOn": day(9)})
    reopened = story.step("ReopenCase", {"reason": "再挑戦", "occurredOn": day(10)})
    assert reopened["case"]["state"] != "CLOSED"


def test_the_live_timeline_the_page_subscribes_to(api: GraphQLClient) -> None:
    story = CaseStory(api)
    story.open()
    name = "CaseTimelineLive"
    assert LIVE is not None
    document = LIVE.group(0)  # as the page sends it: the one operation
    with api.http.websocket_connect("/graphql", subprotocols=PROTOCOL) as ws:
        ws.send_json(
            {"type": "connection_init", "payload": {"Authorization": f"Bearer {api.token()}"}}
        )
        assert ws.receive_json()["type"] == "connection_ack"
        payload = {"query": document, "operationName": name, "variables": {"caseId": story.case_id}}
        ws.send_json({"id": "1", "type": "subscribe", "payload": payload})
        first = next_item(ws)["caseTimeline"]
        story.step("AddNote", {"text": "電話で確認", "occurredOn": day(3)})
        live = next_item(ws)["caseTimeline"]
        ws.send_json({"id": "1", "type": "complete"})
    assert (first["version"], first["label"]) == (1, "相談受付")
    assert (live["__typename"], live["text"]) == ("NoteAddedItem", "電話で確認")


def test_every_correction_is_drawn_as_the_corrected_step_s_form() -> None:
    """A correction of a step is that step's own form (`corrections` of /web/steps.json): for
    every step a case records with fields a correction may change, the command that records it
    has a form, holding each of those fields; the correction and a meeting's presentation,
    which nothing corrects, have none."""
    forms = step_forms()
    fields = {s["operation"]: {f["name"] for f in s["fields"]} for s in forms["steps"]}
    corrections = forms["corrections"]
    assert set(corrections) == {
        step for step in STEP_CLASSES if step not in ("StepCorrected", "PresentedAtMeeting")
    }
    for step, correction in corrections.items():
        assert correction["operation"] == STEP_CLASSES[step].COMMAND.__name__
        assert correction["fields"], step
        assert set(correction["fields"]) <= fields[correction["operation"]], step
    assert corrections["ActivityCarriedOut"]["fields"] == [
        "occurredOn",
        "outputs",
        "participants",
        "title",
        "volunteers",
    ]


def test_the_consultation_form_lists_the_stories_a_case_may_follow(api: GraphQLClient) -> None:
    """`ReplicableCases`: the published success cases, by case ID (what `replicates` takes),
    number and title; none in a store with nothing published."""
    empty = api.operation("facilitator", "ReplicableCases")["successCases"]
    assert empty["edges"] == []
    story = CaseStory(api)
    story.publish()
    (edge,) = api.operation("facilitator", "ReplicableCases")["successCases"]["edges"]
    assert edge["node"]["caseId"] == story.case_id
    assert edge["node"]["number"] == story.number
    assert edge["node"]["municipalityLabel"] == "山口市"
    assert edge["node"]["title"]
    follower = CaseStory(api)
    follower.party("こどもの未来")
    opened = follower.write(
        "ReceiveConsultation",
        {
            "input": {
                "title": "隣町でも子ども食堂",
                "issueStatement": "同じ課題がある",
                "municipality": "山口市",
                "fields": ["child_development"],
                "sdgs": [1],
                "centre": "yamaguchi",
                "initiatingPartyId": follower.parties["こどもの未来"],
                "occurredOn": "2026-04-01",
                "replicates": edge["node"]["caseId"],  # as the page's picker sends it
            }
        },
    )
    assert opened["__typename"] == "CasePayload", opened
