"""The facilitator's world for the Japanese scenarios: a ledger, the people acting, the
parties by name, the case at hand, and the last refusal."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from uuid import UUID

from application.ledger import Ledger
from domain.errors import DomainError
from domain.values import Actor, CommandContext, ContactDetails
from domain.vocabulary import (
    CENTRES,
    MUNICIPALITY_BY_KEY,
    ActorRole,
    CaseState,
    PartyKind,
    PartyRole,
    Source,
)
from tests.support import OPENED_ON, TODAY

KINDS: dict[str, PartyKind] = {
    "NPO法人": PartyKind.NPO_CORPORATION,
    "任意団体": PartyKind.VOLUNTARY_GROUP,
    "ボランティア団体": PartyKind.VOLUNTARY_GROUP,
    "自治会": PartyKind.NEIGHBOURHOOD_ASSOCIATION,
    "町内会": PartyKind.NEIGHBOURHOOD_ASSOCIATION,
    "地域づくり協議会": PartyKind.COMMUNITY_COUNCIL,
    "事業者": PartyKind.BUSINESS,
    "市役所": PartyKind.MUNICIPALITY,
    "高校": PartyKind.SCHOOL,
    "大学": PartyKind.SCHOOL,
    "社会福祉協議会": PartyKind.SOCIAL_WELFARE_COUNCIL,
    "財団": PartyKind.FOUNDATION,
}
KIND_PATTERN = "|".join(KINDS)
ROLES: dict[str, PartyRole] = {role.ja: role for role in PartyRole}
ROLE_PATTERN = "|".join(re.escape(label) for label in ROLES)
STATES: dict[str, CaseState] = {state.ja: state for state in CaseState}
DAY = r"\d{4}年\d{1,2}月\d{1,2}日"


def day(text: str) -> date:
    """`2024年5月1日` as a date."""
    found = re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日", text)
    assert found is not None, text
    return date(int(found[1]), int(found[2]), int(found[3]))


def centre_of(municipality: str) -> str:
    """The support centre of a municipality, or the prefectural centre if it has none."""
    found = MUNICIPALITY_BY_KEY.get(municipality)
    code = found.code if found else None
    return next((c.code for c in CENTRES if code and c.municipality == code), "pref")


def short_of(centre: str) -> str:
    return next(c.short for c in CENTRES if c.code == centre)


def people(today: date) -> dict[str, CommandContext]:
    """Who may act in a scenario, by the words the facilitators use."""

    def ctx(user: str, role: ActorRole, centre: str | None) -> CommandContext:
        return CommandContext(Actor(user, role, centre), today, "scenario", Source.API)

    found = {
        f"{c.short}のファシリテーター": ctx(f"fac-{c.code}", ActorRole.FACILITATOR, c.code)
        for c in CENTRES
    }
    found["統括協働ファシリテーター"] = ctx("chief-01", ActorRole.CHIEF_FACILITATOR, "pref")
    found["監査人"] = ctx("auditor-01", ActorRole.AUDITOR, None)
    found["情報共有・検討会議"] = ctx("meeting-01", ActorRole.MEETING, None)
    found["管理者"] = ctx("admin-01", ActorRole.ADMIN, None)
    return found


@dataclass
class World:
    ledger: Ledger
    today: date = TODAY
    centre: str = "yamaguchi"
    parties: dict[str, UUID] = field(default_factory=dict)
    cases: dict[str, UUID] = field(default_factory=dict)
    case_id: UUID | None = None
    error: DomainError | None = None
    log_before: int = 0
    history_before: int = 0

    # --- who acts ----------------------------------------------------------------------

    def as_(self, who: str | None) -> CommandContext:
        """The named person, or by default a facilitator of the case's own centre."""
        everyone = people(self.today)
        if who:
            return everyone[who]
        return everyone[f"{short_of(self.centre)}のファシリテーター"]

    @property
    def staff(self) -> CommandContext:
        return self.as_(None)

    @property
    def case(self) -> UUID:
        assert self.case_id is not None, "no case yet"
        return self.case_id

    # --- records -------------------------------------------------------------------------

    def log_length(self) -> int:
        return self.ledger.recorder.max_notification_id() or 0

    def history_length(self) -> int:
        return len(self.ledger.case_history(self.case)) if self.case_id else 0

    def attempt(self, command: Callable[[], object]) -> None:
        """Try a command as the facilitator would; keep the refusal to look at afterwards."""
        self.log_before, self.history_before = self.log_length(), self.history_length()
        self.error = None
        try:
            command()
        except DomainError as refusal:
            self.error = refusal

    def expected_message(self, text: str) -> str:
        """Messages name parties by the names people know, never by their ids."""
        for party_id in self.parties.values():
            assert str(party_id) not in text
        return text

    # --- parties -------------------------------------------------------------------------

    def register(
        self,
        name: str,
        kind: PartyKind,
        consent: bool = True,
        person: str = "",
        municipality: str = "山口市",
    ) -> UUID:
        if name not in self.parties:
            self.parties[name] = self.ledger.register_party(
                self.staff,
                kind=kind,
                name="" if kind.is_natural_person else name,
                municipality=municipality,
                fields=["まちづくり"],
                contact=ContactDetails(person_name=person),
                publication_consent=consent,
                occurred_on=OPENED_ON - timedelta(days=60),
            ).aggregate_id
        return self.parties[name]
