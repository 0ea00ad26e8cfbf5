"""Given-steps through the facilitator's operations: parties, a case, its life to success."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from tests.api.client import GraphQLClient

OPENED_ON = date(2024, 5, 1)


def day(offset: int) -> str:
    return (OPENED_ON + timedelta(days=offset)).isoformat()


@dataclass
class CaseStory:
    api: GraphQLClient
    role: str = "facilitator"
    parties: dict[str, str] = field(default_factory=dict)
    case_id: str = ""
    number: str = ""

    def write(self, name: str, variables: dict[str, Any], role: str | None = None) -> Any:
        data = self.api.operation("facilitator", name, variables, role or self.role)
        return next(iter(data.values()))

    def step(self, name: str, variables: dict[str, Any], role: str | None = None) -> Any:
        result = self.write(name, {"input": {"caseId": self.case_id, **variables}}, role)
        assert result["__typename"] == "CasePayload", result
        return result

    def party(self, name: str, kind: str = "NPO_CORPORATION", consent: bool = True) -> str:
        if name not in self.parties:
            result = self.write(
                "RegisterParty",
                {
                    "input": {
                        "kind": kind,
                        "name": name,
                        "municipality": "山口市",
                        "fields": ["まちづくり"],
                        "publicationConsent": consent,
                        "occurredOn": day(-30),
                    }
                },
            )
            assert result["__typename"] == "PartyPayload", result
            self.parties[name] = result["partyId"]
        return self.parties[name]

    def open(self, title: str = "子ども食堂の立ち上げ", municipality: str = "山口市") -> str:
        result = self.write(
            "ReceiveConsultation",
            {
                "input": {
                    "title": title,
                    "issueStatement": "地域の子どもの孤食を減らしたい",
                    "municipality": municipality,
                    "fields": ["子どもの健全育成"],
                    "sdgs": [1, 2],
                    "centre": "yamaguchi",
                    "initiatingPartyId": self.party("こどもの未来"),
                    "occurredOn": day(0),
                }
            },
        )
        assert result["__typename"] == "CasePayload", result
        self.case_id, self.number = result["caseId"], result["number"]
        return self.case_id

    def join(self, name: str, kind: str = "NPO_CORPORATION", role: str = "PARTNER") -> Any:
        party_id = self.party(name, kind)
        return self.write(
            "JoinParty",
            {
                "input": {
                    "caseId": self.case_id,
                    "partyId": party_id,
                    "role": role,
                    "contribution": "協力",
                    "occurredOn": day(5),
                }
            },
        )

    def agree(self) -> Any:
        roles = [{"partyId": p, "role": "PARTNER"} for p in self.parties.values()]
        return self.write(
            "ReachAgreement",
            {
                "input": {
                    "caseId": self.case_id,
                    "roles": roles,
                    "periodStart": day(30),
                    "form": "BUSINESS_COOPERATION",
                    "occurredOn": day(20),
                }
            },
        )

    def through_success(self) -> None:
        self.open()
        self.join("こどもの未来", role="PROPOSER")
        self.join("山口食品株式会社", "BUSINESS", "VENUE_OR_GOODS")
        assert self.agree()["__typename"] == "CasePayload"
        self.step(
            "CarryOutActivity",
            {
                "title": "第1回 子ども食堂",
                "participants": 30,
                "volunteers": 5,
                "occurredOn": day(45),
            },
        )
        self.step(
            "ConductReview",
            {
                "kind": "SELF",
                "summary": "参加者が目標を上回った",
                "outcomes": [{"indicator": "参加者数", "actual": 30, "target": 20, "unit": "人"}],
                "occurredOn": day(120),
            },
        )
        self.step("CloseCase", {"result": "SUCCEEDED", "occurredOn": day(150)})

    def publish(self, title: str = "地域ぐるみの子ども食堂") -> None:
        self.through_success()
        self.step("NominateSuccessCase", {"occurredOn": day(151)})
        story = {
            "title": title,
            "summary": "NPOと企業が協働して子ども食堂を開いた",
            "howStarted": "相談窓口への一本の電話",
            "outcomes": "延べ300人が利用",
            "lessons": "食材の提供を事業者と分担した",
            "partyIds": list(self.parties.values()),
        }
        self.step("PublishSuccessCase", {"story": story, "occurredOn": day(160)}, role="chief")


def hold_meeting(api: GraphQLClient, title: str, on: str, host: str = "pref") -> Any:
    """A meeting held by `host` on `on`: its mutation's answer (waiting for the read models)."""
    return api.operation(
        "meeting",
        "HoldMeeting",
        {"input": {"title": title, "hostCentre": host, "occurredOn": on}},
        role="meeting",
    )["holdMeeting"]


def shared_at_a_meeting(
    api: GraphQLClient, story: CaseStory, title: str, on: str, host: str = "pref"
) -> str:
    """A meeting held by `host` on `on` at which `story` was shared: its ID."""
    meeting_id: str = hold_meeting(api, title, on, host)["meetingId"]
    api.operation(
        "meeting",
        "PresentAtMeeting",
        {"input": {"meetingId": meeting_id, "caseId": story.case_id}},
        role="meeting",
    )
    return meeting_id


def received_at_ube(api: GraphQLClient, story: CaseStory, title: str, municipality: str) -> Any:
    """A consultation 宇部's facilitator receives in `municipality` on day(200) that follows
    `story` (横展開元): its mutation's answer."""
    ube = CaseStory(api, role="other_facilitator")
    opened = ube.write(
        "ReceiveConsultation",
        {
            "input": {
                "title": title,
                "issueStatement": "山口市の子ども食堂にならいたい",
                "municipality": municipality,
                "fields": ["子どもの健全育成"],
                "sdgs": [2],
                "centre": "ube",
                "initiatingPartyId": ube.party("宇部こども食堂の会"),
                "occurredOn": day(200),
                "replicates": story.case_id,
            }
        },
    )
    assert opened["__typename"] == "CasePayload", opened
    return opened
