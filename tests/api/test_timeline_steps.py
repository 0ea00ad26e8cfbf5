"""Every step a case records has its item on the case's timeline."""

from __future__ import annotations

from api.graphql.timeline_items import ITEM_TYPES
from domain.case import STEP_CLASSES, STEP_LABELS
from tests.api.client import GraphQLClient
from tests.api.scenario import CaseStory, day


def test_every_step_of_a_case_has_a_timeline_item_type() -> None:
    assert set(ITEM_TYPES) == set(STEP_CLASSES)


def test_a_declared_pro_bono_need_shows_on_the_case_s_timeline(api: GraphQLClient) -> None:
    story = CaseStory(api)
    story.open()
    story.step(
        "DeclareProBonoNeed",
        {
            "skill": "accounting_tax",
            "hours": 12,
            "description": "決算書の確認",
            "occurredOn": day(1),
        },
    )

    data = api.operation("facilitator", "CaseTimeline", {"id": story.case_id})

    nodes = [edge["node"] for edge in data["case"]["timeline"]["edges"]]
    assert [node["__typename"] for node in nodes] == [
        "ConsultationReceivedItem",
        "ProBonoNeedDeclaredItem",
    ]
    assert nodes[1]["label"] == STEP_LABELS["ProBonoNeedDeclared"] == "プロボノの依頼"
