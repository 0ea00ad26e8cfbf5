"""`kyodo audit reads`: who read personal data, when, which party and why (a table, or JSON
Lines with `--json`). `kyodo audit erasures`: every request to erase personal data that the
centres received, the latest first, with the admin's answer and the days it took.
`kyodo audit seal-contacts`: the migration of a store written before encryption — each
party's clear contact details are sealed under a key of its own, and the sealed copy
supersedes the clear one (what stays in the old bytes: the ADR,
docs/adr/2026-12-02-personal-data.md)."""

from __future__ import annotations

import json
from uuid import UUID

import typer

from api.cli.audit.history import party_uuid
from api.cli.case import TOKYO
from api.cli.common import open_container, reported_errors
from api.cli.export import caught_up
from api.cli.wording import pad
from application.personal_data import (
    PersonalDataRead,
    parties_in_clear,
    personal_data_reads,
)
from domain.commands.party import SealContactDetails
from domain.values import Actor
from domain.vocabulary import ActorRole, Source
from projections.engine.keyset import Window
from projections.party_directory.projection import PartyDirectory
from projections.party_directory.queries import MAX_PAGE, ErasureRecord, PartyDirectoryQueries

OPERATOR = Actor("kyodo-cli", ActorRole.AUDITOR)
"""Whoever runs the command reads the log as an auditor (they hold the database already)."""
MIGRATION = Actor("kyodo-cli-migration", ActorRole.SYSTEM)
PAGE = 500
HEADINGS = ("番号", "閲覧日時(JST)", "団体・個人ID", "閲覧者（役割）", "理由")
WIDTHS = (6, 19, 36, 34)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the `kyodo audit` group."""
    app.command()(reads)
    app.command()(erasures)
    app.command(name="seal-contacts")(seal_contacts)


def reads(
    party: str | None = typer.Option(None, "--party", help="この団体・個人（UUID）の閲覧だけ"),
    reader: str | None = typer.Option(None, "--reader", help="この利用者（利用者ID）の閲覧だけ"),
    as_json: bool = typer.Option(False, "--json", help="JSON Lines で出力する（1行に1件）"),
) -> None:
    """個人情報の閲覧記録を古い順にすべて表示する（誰が・いつ・どの団体・個人を・なぜ）。"""
    party_id = _party_id(party)
    with reported_errors(), open_container() as container:
        ledger = container.ledger
        after: int | None = None
        if not as_json:
            typer.echo(_line(HEADINGS))
        while True:
            who = reader.strip() if reader and reader.strip() else None
            page = personal_data_reads(ledger, OPERATOR, party_id, after, PAGE, reader=who)
            for read in page:
                typer.echo(_json(read) if as_json else _line(_cells(read)))
            if len(page) < PAGE:
                return
            after = page[-1].position


ERASURE_HEADINGS = ("受付日", "団体・個人", "受け付けた人", "対応", "日数", "理由")
ERASURE_WIDTHS = (10, 30, 20, 26, 6)
OUTCOMES = {"erased": "消去した", "declined": "消去しない旨を決定"}


def erasures(
    as_json: bool = typer.Option(False, "--json", help="JSON Lines で出力する（1行に1件）"),
) -> None:
    """個人情報の消去請求をすべて、受付の新しい順に表示する（受付日・受け付けた人・管理者の対応と日数・理由）。"""
    with reported_errors(), open_container(create=False) as container:
        caught_up(container.projections, PartyDirectory.name)
        queries = PartyDirectoryQueries(container.read_store)
        if not as_json:
            typer.echo(_row(ERASURE_HEADINGS))
        after: str | None = None
        while True:
            page = queries.erasure_records(Window(first=MAX_PAGE, after=after))
            for record in page.items:
                typer.echo(_erasure_json(record) if as_json else _row(_erasure_cells(record)))
            if not page.has_next_page:
                return
            after = page.items[-1].cursor


def _erasure_cells(r: ErasureRecord) -> tuple[str, ...]:
    answer = "対応待ち"
    if r.outcome is not None and r.answered_on is not None:
        answer = f"{OUTCOMES.get(r.outcome, r.outcome)}（{r.answered_on.isoformat()}）"
    days = "—" if r.days_to_answer is None else f"{r.days_to_answer}日"
    return (r.requested_on.isoformat(), r.name, r.received_by, answer, days, r.reason or "")


def _erasure_json(r: ErasureRecord) -> str:
    record = {
        "party_id": r.party_id,
        "party": r.name,
        "requested_on": r.requested_on.isoformat(),
        "by_agent": r.by_agent,
        "note": r.note,
        "received_by": r.received_by,
        "outcome": r.outcome,
        "answered_on": None if r.answered_on is None else r.answered_on.isoformat(),
        "answered_by": r.answered_by,
        "reason": r.reason,
    }
    return json.dumps(record, ensure_ascii=False, sort_keys=True)


def _row(cells: tuple[str, ...]) -> str:
    padded = [pad(cell, width) for cell, width in zip(cells, ERASURE_WIDTHS, strict=False)]
    return "  ".join([*padded, *cells[len(ERASURE_WIDTHS) :]]).rstrip()


def seal_contacts(
    dry_run: bool = typer.Option(False, "--dry-run", help="数えるだけで何も記録しない"),
) -> None:
    """移行: 暗号化の前に平文で記録された連絡先を、団体・個人ごとの鍵で暗号化して記録し直す。"""
    with reported_errors(), open_container() as container:
        ledger = container.ledger
        pending = parties_in_clear(ledger)
        if dry_run:
            typer.echo(f"平文の連絡先が残る団体・個人: {len(pending)}件")
            return
        ctx = container.context(MIGRATION, source=Source.CLI)
        for party_id in pending:
            ledger.handle(ctx, SealContactDetails(party_id=party_id))
        typer.echo(f"連絡先を暗号化しました: {len(pending)}件")


def _party_id(text: str | None) -> UUID | None:
    return None if text is None else party_uuid(text)


def _json(read: PersonalDataRead) -> str:
    record = {
        "position": read.position,
        "read_at": read.read_at.isoformat(),
        "party_id": str(read.party_id),
        "actor_id": read.actor_id,
        "actor_role": read.actor_role,
        "reason": read.reason,
        "correlation_id": read.correlation_id,
    }
    return json.dumps(record, ensure_ascii=False, sort_keys=True)


def _cells(read: PersonalDataRead) -> tuple[str, ...]:
    role = ActorRole(read.actor_role).ja
    return (
        str(read.position),
        read.read_at.astimezone(TOKYO).strftime("%Y-%m-%d %H:%M:%S"),
        str(read.party_id),
        f"{read.actor_id}（{role}）",
        read.reason,
    )


def _line(cells: tuple[str, ...]) -> str:
    padded = [pad(cell, width) for cell, width in zip(cells, WIDTHS, strict=False)]
    return "  ".join([*padded, *cells[len(WIDTHS) :]]).rstrip()
