"""What the personal-data tests share: people, a party with contact details, raw bytes."""

from __future__ import annotations

import sqlite3
from datetime import date
from uuid import UUID

import psycopg
from psycopg.sql import SQL, Identifier

from application.ledger import Ledger
from domain.values import Actor, CommandContext, ContactDetails
from domain.vocabulary import ActorRole, PartyKind, Source
from persistence.settings import Settings
from tests.conftest import POSTGRES_URL
from tests.projections.conftest import make_service, read_store  # noqa: F401 (fixtures)

TODAY = date(2026, 12, 2)
PERSON = "下関 一郎"
CONTACT = ContactDetails(PERSON, "ichiro@example.jp", "083-111-2222", "下関市竹崎町1-2-3")
SECRETS = ("下関 一郎", "ichiro@example.jp", "083-111-2222", "下関市竹崎町")


def ctx(role: ActorRole, user: str = "", centre: str | None = None) -> CommandContext:
    return CommandContext(Actor(user or role.value, role, centre), TODAY, "test", Source.API)


FACILITATOR = ctx(ActorRole.FACILITATOR, "fac-1", "yamaguchi")
ADMIN = ctx(ActorRole.ADMIN, "admin-1")
AUDITOR = ctx(ActorRole.AUDITOR, "auditor-1")


def register_worker(ledger: Ledger, contact: ContactDetails = CONTACT) -> UUID:
    result = ledger.register_party(
        FACILITATOR,
        kind=PartyKind.PRO_BONO_WORKER,
        name="",
        municipality="下関市",
        contact=contact,
    )
    return result.aggregate_id


def stored_bytes(settings: Settings) -> list[bytes]:
    """Every stored event's state, as the database holds it."""
    if settings.database_url is None:
        with sqlite3.connect(settings.sqlite_path) as conn:
            rows = conn.execute("SELECT state FROM stored_events").fetchall()
    else:
        table = Identifier(f"{settings.ledger_name.lower()}_events")
        with psycopg.connect(POSTGRES_URL) as conn:
            rows = conn.execute(SQL("SELECT state FROM {}").format(table)).fetchall()
    return [bytes(row[0]) for row in rows]


def in_clear(states: list[bytes], *texts: str) -> list[str]:
    """The texts found in any stored state (as UTF-8, or as JSON's \\u escapes)."""
    found = []
    for text in texts:
        forms = {text.encode(), text.encode("ascii", "backslashreplace")}
        if any(form in state for state in states for form in forms):
            found.append(text)
    return found
