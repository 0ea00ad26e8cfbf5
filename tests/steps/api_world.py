"""What the end-to-end scenarios share: the running app and the case at hand. Every step
goes through the named operations in graphql/operations/."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tests.api.client import GraphQLClient
from tests.api.scenario import CaseStory

PARTY_KINDS = {
    "NPO法人": "NPO_CORPORATION",
    "企業": "BUSINESS",
    "自治会": "NEIGHBOURHOOD_ASSOCIATION",
}
PARTY_ROLES = {
    "提案者": "PROPOSER",
    "協働パートナー": "PARTNER",
    "場・物品の提供": "VENUE_OR_GOODS",
}


@dataclass
class World:
    api: GraphQLClient
    story: CaseStory
    result: dict[str, Any] = field(default_factory=dict)
    read: dict[str, Any] = field(default_factory=dict)
    meeting_id: str = ""

    @classmethod
    def over(cls, api: GraphQLClient) -> World:
        return cls(api, CaseStory(api))

    def open(self, municipality: str, title: str) -> None:
        self.story.open(title, municipality)

    def join(self, kind: str, name: str, role: str) -> None:
        result = self.story.join(name, PARTY_KINDS[kind], PARTY_ROLES[role])
        assert result["__typename"] == "CasePayload", result

    def current(self) -> None:
        """The read models caught up with every step recorded so far (some steps' answers do
        not wait for them)."""
        container = self.api.http.app.state.container  # type: ignore[attr-defined]
        head = container.ledger.recorder.max_notification_id() or 0
        assert container.projections.wait_for(head, 10.0)

    def timeline(self, role: str = "facilitator") -> list[dict[str, Any]]:
        data = self.api.operation(
            "facilitator", "CaseTimeline", {"number": self.story.number}, role=role
        )
        return [edge["node"] for edge in data["case"]["timeline"]["edges"]]
