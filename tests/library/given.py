"""Published success cases for library tests, built through the ledger's commands."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from application.ledger import Ledger
from domain.values import SuccessStory
from domain.vocabulary import PartyKind, PartyRole
from projections.engine.base import Update, Upsert
from projections.library.entry import LibraryEntry, OutcomeFigure, PublicParty
from tests.support import CHIEF, OPENED_ON, CaseFixture

PUBLISHED_ON = OPENED_ON + timedelta(days=152)


def published_case(
    ledger: Ledger,
    *,
    title: str = "地域ぐるみの子ども食堂",
    summary: str = "NPOと企業が協働して子ども食堂を開いた",
    partner: str = "山口食品株式会社",
    partner_kind: PartyKind = PartyKind.BUSINESS,
    municipality: str = "山口市",
    fields: tuple[str, ...] = ("子どもの健全育成",),
    sdgs: tuple[int, ...] = (1, 2),
    replicates: UUID | None = None,
) -> CaseFixture:
    """A case carried through to success, nominated and published with this story."""
    given = CaseFixture(ledger)
    given.case_id = ledger.receive_consultation(
        given.ctx,
        title=title,
        issue_statement="地域の課題を解決したい",
        municipality=municipality,
        fields=fields,
        sdgs=sdgs,
        centre="yamaguchi",
        initiating_party_id=given.party("こどもの未来"),
        occurred_on=OPENED_ON,
        replicates=replicates,
    ).aggregate_id
    given.join("こどもの未来", role=PartyRole.PROPOSER)
    given.join(partner, partner_kind, PartyRole.VENUE_OR_GOODS)
    given.agree()
    given.act()
    given.review()
    given.close()
    given.nominate()
    publish(given, title=title, summary=summary)
    return given


def publish(given: CaseFixture, *, title: str, summary: str) -> None:
    case = given.ledger.get_case(given.id)
    story = SuccessStory(
        title=title,
        summary=summary,
        how_started="相談窓口への一本の電話",
        outcomes="延べ300人が利用",
        lessons="食材の提供を事業者と分担した",
        party_ids=tuple(case.participations),
    )
    given.ledger.publish_success_case(CHIEF, given.id, story=story, occurred_on=PUBLISHED_ON)


def entry(case_id: str, title: str, summary: str = "", lessons: str = "") -> LibraryEntry:
    """An entry written straight into the table (for corpus-sized checks)."""
    return LibraryEntry(
        case_id=case_id,
        number=f"山口-2024-{case_id[-3:]}",
        title=title,
        summary=summary,
        how_started="",
        outcomes_text="",
        outcome_figures=(OutcomeFigure("参加者数", 30, 20, "人"),),
        lessons=lessons,
        parties=(PublicParty("こどもの未来", "npo_corporation", "NPO法人", "proposer", "提案者"),),
        form="co_hosting",
        form_label="共催",
        municipality="35203",
        municipality_label="山口市",
        fields=("child_development",),
        field_labels=("子どもの健全育成",),
        sdgs=(1, 2),
        fiscal_year=2024,
        opened_on="2024-05-01",
        closed_on="2024-09-28",
        duration_days=150,
        published_on="2024-09-30",
        presented_count=0,
        replicated_count=0,
    )


def opened_facts(case_id: str, fields: str = "[]") -> Upsert:
    """The library's staging row of a case just opened, as its projection writes it."""
    values: dict[str, Any] = {
        "number": case_id,
        "case_title": "t",
        "municipality": "35201",
        "fields": fields,
        "sdgs": "[]",
        "opened_on": date(2024, 4, 1),
        "fiscal_year": 2024,
        "published": False,
    }
    return Upsert("facts", {"case_id": case_id}, values)


def published_facts(case_id: str, title: str, party_ids: Sequence[str] = (), **more: Any) -> Update:
    """The change that publishes a case's staging row with a story of this title."""
    story = {"title": title, "summary": "", "how_started": "", "outcomes": "", "lessons": ""}
    values: dict[str, Any] = {
        "published": True,
        "published_on": date(2024, 9, 1),
        **more,
        "story": json.dumps({**story, "party_ids": list(party_ids)}, ensure_ascii=False),
    }
    return Update("facts", {"case_id": case_id}, values)
