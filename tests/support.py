"""A small given/when/then vocabulary shared by unit, integration and step-definition tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from uuid import UUID

from application.ledger import CommandResult, Ledger
from domain.values import Actor, CommandContext, Outcome, RoleAssignment, SuccessStory
from domain.vocabulary import (
    ActorRole,
    ClosureResult,
    CollaborationForm,
    PartyKind,
    PartyRole,
    ReviewKind,
    Source,
)

TODAY = date(2025, 3, 10)
OPENED_ON = date(2024, 5, 1)


def context(
    role: ActorRole = ActorRole.FACILITATOR,
    centre: str | None = "yamaguchi",
    user_id: str = "fac-yamaguchi-01",
    today: date = TODAY,
) -> CommandContext:
    return CommandContext(
        actor=Actor(user_id, role, centre), today=today, correlation_id="test", source=Source.CLI
    )


FACILITATOR = context()
CHIEF = context(ActorRole.CHIEF_FACILITATOR, "pref", "chief-01")
MEETING = context(ActorRole.MEETING, None, "meeting-01")
AUDITOR = context(ActorRole.AUDITOR, None, "auditor-01")


@dataclass
class CaseFixture:
    """A ledger with a case opened at 山口市 and the parties it will need."""

    ledger: Ledger
    ctx: CommandContext = FACILITATOR
    parties: dict[str, UUID] = field(default_factory=dict)
    case_id: UUID | None = None
    last: CommandResult | None = None

    def party(
        self, name: str, kind: PartyKind = PartyKind.NPO_CORPORATION, consent: bool = True
    ) -> UUID:
        if name not in self.parties:
            self.parties[name] = self.ledger.register_party(
                self.ctx,
                kind=kind,
                name=name,
                municipality="山口市",
                fields=["まちづくり"],
                publication_consent=consent,
                occurred_on=OPENED_ON - timedelta(days=30),
            ).aggregate_id
        return self.parties[name]

    @property
    def id(self) -> UUID:
        assert self.case_id is not None, "open a case first"
        return self.case_id

    def open(self, title: str = "子ども食堂の立ち上げ", on: date = OPENED_ON) -> UUID:
        initiator = self.party("こどもの未来")
        self.last = self.ledger.receive_consultation(
            self.ctx,
            title=title,
            issue_statement="地域の子どもの孤食を減らしたい",
            municipality="山口市",
            fields=["子どもの健全育成"],
            sdgs=[1, 2],
            centre="yamaguchi",
            initiating_party_id=initiator,
            occurred_on=on,
        )
        self.case_id = self.last.aggregate_id
        return self.case_id

    def join(
        self,
        name: str,
        kind: PartyKind = PartyKind.NPO_CORPORATION,
        role: PartyRole = PartyRole.PARTNER,
        on: date | None = None,
    ) -> UUID:
        party_id = self.party(name, kind)
        self.last = self.ledger.join_party(
            self.ctx,
            self.id,
            party_id=party_id,
            role=role,
            contribution="協力",
            occurred_on=on or OPENED_ON + timedelta(days=5),
        )
        return party_id

    def agree(self, on: date | None = None) -> None:
        case = self.ledger.get_case(self.id)
        roles = [RoleAssignment(ref.party_id, PartyRole.PARTNER) for ref in case.active_parties]
        self.last = self.ledger.reach_agreement(
            self.ctx,
            self.id,
            roles=roles,
            period_start=OPENED_ON + timedelta(days=30),
            form=CollaborationForm.BUSINESS_COOPERATION,
            occurred_on=on or OPENED_ON + timedelta(days=20),
        )

    def act(self, on: date | None = None, volunteers: int = 5) -> None:
        self.last = self.ledger.carry_out_activity(
            self.ctx,
            self.id,
            title="第1回 子ども食堂",
            participants=30,
            volunteers=volunteers,
            occurred_on=on or OPENED_ON + timedelta(days=45),
        )

    def review(self, on: date | None = None) -> None:
        self.last = self.ledger.conduct_review(
            self.ctx,
            self.id,
            kind=ReviewKind.SELF,
            summary="参加者が目標を上回った",
            outcomes=[Outcome("参加者数", actual=30, target=20, unit="人")],
            occurred_on=on or OPENED_ON + timedelta(days=120),
        )

    def close(
        self, result: ClosureResult = ClosureResult.SUCCEEDED, on: date | None = None
    ) -> None:
        self.last = self.ledger.close_case(
            self.ctx, self.id, result=result, occurred_on=on or OPENED_ON + timedelta(days=150)
        )

    def nominate(self) -> None:
        self.last = self.ledger.nominate_success_case(
            self.ctx, self.id, occurred_on=OPENED_ON + timedelta(days=151)
        )

    def story(self) -> SuccessStory:
        case = self.ledger.get_case(self.id)
        return SuccessStory(
            title="地域ぐるみの子ども食堂",
            summary="NPOと企業が協働して子ども食堂を開いた",
            how_started="相談窓口への一本の電話",
            outcomes="延べ300人が利用",
            lessons="食材の提供を事業者と分担した",
            party_ids=tuple(case.participations),
        )

    def through_success(self) -> None:
        """Open, two organisations, agreement, activity, review, success."""
        self.open()
        self.join("こどもの未来", role=PartyRole.PROPOSER)
        self.join("山口食品株式会社", PartyKind.BUSINESS, PartyRole.VENUE_OR_GOODS)
        self.agree()
        self.act()
        self.review()
        self.close()
