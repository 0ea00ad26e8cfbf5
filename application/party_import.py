"""Importing a centre's roster of registered groups (`domain.party_roster`): read the file
whole, ask the rule about every row, leave out the groups the directory already has, then
register the others one command at a time through `Ledger.handle`.

Nothing is recorded while any row has a problem (`RosterInvalidError` carries them all), and
a dry run records nothing at all: it says what an import would do. Each registration is its
own save, so an import cut short (the store away) is finished by importing the same file
again: the groups it registered are then in the directory and left out.

Nothing twice: each row is saved under a key of its own (the day, the file's digest, the
row's line; scoped by the user, as every key is), so the same file imported again by the
same user on the same day — pressed twice, sent again after a timeout, while the first
import still runs and the directory cannot yet show its groups — answers with the parties
the first registered and records nothing new.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum
from typing import cast
from uuid import UUID

from application.handling import step_context
from application.ledger import Ledger
from application.permissions import Access, authorise_owned, write_refusal
from domain.commands import ChangePublicationConsent, RegisterParty
from domain.errors import DomainError
from domain.party import Party, Seal
from domain.party_roster import (
    Roster,
    RosterInvalidError,
    RosterProblem,
    RosterUnreadableError,
    column_of,
    party_identity,
    read_roster,
)
from domain.values import CommandContext, ContactDetails, SealedContact
from domain.vocabulary import PartyKind


@dataclass(frozen=True)
class KnownParty:
    """A party the directory holds, as a roster's row is compared with it."""

    party_id: str
    name: str
    municipality: str
    publication_consent: bool | None = None
    """None: not known to the caller (then a roster's consent is not compared)."""
    centre: str | None = None
    """The centre that registered it (None: registered before centres were recorded)."""


Known = Callable[[frozenset[str]], Iterable[KnownParty]]
"""The directory's parties in these municipalities (codes): the entrypoint's port."""


class Outcome(StrEnum):
    TO_REGISTER = "to_register"
    """A dry run's: the import would register it."""
    REGISTERED = "registered"
    ALREADY_REGISTERED = "already_registered"
    """The directory has a party of that name in that municipality: left out."""
    CONSENT_TO_CHANGE = "consent_to_change"
    """A dry run's: registered already, and the roster states another consent to the
    library; the import would record the change."""
    CONSENT_CHANGED = "consent_changed"
    INVALID = "invalid"


@dataclass(frozen=True)
class ImportedRow:
    line: int
    name: str
    kind: PartyKind | None
    municipality: str | None
    """Its code, once the rule has read it."""
    outcome: Outcome
    party_id: str | None = None
    problems: tuple[RosterProblem, ...] = ()
    consent: bool | None = None
    """For a registered group whose consent the roster states otherwise: the roster's."""
    note: str = ""
    """Why a difference the roster shows is not recorded (another centre's group)."""


@dataclass(frozen=True)
class RosterImport:
    rows: tuple[ImportedRow, ...]
    ignored_columns: tuple[str, ...]
    recorded: bool
    """False for a dry run."""

    def count(self, outcome: Outcome) -> int:
        return sum(1 for row in self.rows if row.outcome is outcome)

    @property
    def problems(self) -> tuple[RosterProblem, ...]:
        return tuple(p for row in self.rows for p in row.problems)


def import_roster(
    ledger: Ledger,
    ctx: CommandContext,
    data: bytes,
    known: Known,
    *,
    dry_run: bool,
) -> RosterImport:
    """Register the groups of the roster in `data` (CSV or .xlsx) for `ctx.actor`'s centre,
    or with `dry_run` say what that would do. Raises before recording anything when the
    actor may not register parties, the file cannot be read, or a row has a problem."""
    authorise_owned(ctx.actor, Access.WRITE_PARTIES, ctx.actor.centre)
    roster = read_roster(read_table(data))
    rows = _checked(ledger, ctx, roster, known)
    problems = [p for row in rows for p in row.problems]
    if problems and not dry_run:
        raise RosterInvalidError(problems)
    if not dry_run:
        commands = {r.line: r.command for r in roster.rows}
        key = roster_key(ctx, data)
        rows = [_recorded(ledger, ctx, commands.get(row.line), row, key) for row in rows]
    return RosterImport(tuple(rows), roster.ignored_columns, recorded=not dry_run)


def roster_key(ctx: CommandContext, data: bytes) -> str:
    """The stem of the rows' keys: the same file imported on the same day has the same."""
    return f"roster:{ctx.today.isoformat()}:{hashlib.sha256(data).hexdigest()}"


def _recorded(
    ledger: Ledger,
    ctx: CommandContext,
    command: RegisterParty | None,
    row: ImportedRow,
    key: str,
) -> ImportedRow:
    """The row's group registered, or its consent changed, as the check said (or what an
    import of the same file recorded under the row's key, earlier or at this moment)."""
    if row.outcome is Outcome.TO_REGISTER:
        assert command is not None  # a row to register was read into its command
        result = ledger.handle(ctx, command, key=f"{key}#{row.line}", key_likely_new=True)
        return replace(row, outcome=Outcome.REGISTERED, party_id=str(result.aggregate_id))
    if row.outcome is Outcome.CONSENT_TO_CHANGE:
        assert row.party_id is not None
        assert row.consent is not None
        change = ChangePublicationConsent(party_id=UUID(row.party_id), consent=row.consent)
        ledger.handle(ctx, change, key=f"{key}#{row.line}:consent", key_likely_new=True)
        return replace(row, outcome=Outcome.CONSENT_CHANGED)
    return row


def _unsealed(party_id: UUID, contact: ContactDetails) -> SealedContact:
    """A check's seal: the rule is asked about the row, and nothing is kept."""
    return cast("SealedContact", contact)


def _checked(
    ledger: Ledger, ctx: CommandContext, roster: Roster, known: Known
) -> list[ImportedRow]:
    """Each row as the rule reads it, compared with the earlier rows and the directory."""
    step = step_context(ledger, ctx)
    seal: Seal = _unsealed
    rows: list[ImportedRow] = []
    stated = {row.line: row.stated_consent for row in roster.rows}
    for row in roster.rows:
        if row.command is None:
            rows.append(
                ImportedRow(row.line, row.name, row.kind, None, Outcome.INVALID, None, row.problems)
            )
            continue
        try:
            party = Party.register_party(row.command, step, seal, centre=ctx.actor.centre)
        except DomainError as refusal:
            field = getattr(refusal, "field", "")
            problem = RosterProblem(row.line, column_of(field), refusal.code, refusal.message)
            rows.append(
                ImportedRow(row.line, row.name, row.kind, None, Outcome.INVALID, None, (problem,))
            )
            continue
        rows.append(
            ImportedRow(row.line, party.name, party.kind, party.municipality, Outcome.TO_REGISTER)
        )
    return _compared(rows, known, stated, ctx)


def _compared(
    rows: list[ImportedRow], known: Known, stated: dict[int, bool | None], ctx: CommandContext
) -> list[ImportedRow]:
    municipalities = frozenset(r.municipality for r in rows if r.municipality)
    registered = {party_identity(p.name, p.municipality): p for p in known(municipalities)}
    first_line: dict[tuple[str, str], int] = {}
    compared = []
    for row in rows:
        if row.municipality is None:
            compared.append(row)
            continue
        identity = party_identity(row.name, row.municipality)
        if identity in registered:
            row = _registered_already(row, registered[identity], stated.get(row.line), ctx)
        elif identity in first_line:
            message = f"{first_line[identity]}行目と同じ団体（同じ団体名・市町）です"
            problem = RosterProblem(row.line, "団体名", "roster_duplicate_row", message)
            row = replace(row, outcome=Outcome.INVALID, problems=(problem,))
        else:
            first_line[identity] = row.line
        compared.append(row)
    return compared


def _registered_already(
    row: ImportedRow, party: KnownParty, consent: bool | None, ctx: CommandContext
) -> ImportedRow:
    """A row the directory has: left out, unless the roster states another consent to the
    library, which is recorded where the user may change the party (their centre's)."""
    row = replace(row, outcome=Outcome.ALREADY_REGISTERED, party_id=party.party_id)
    if consent is None or party.publication_consent in (None, consent):
        return row
    if write_refusal(ctx.actor, ChangePublicationConsent, party.centre) is not None:
        note = "他のセンターが登録した団体のため、事例集への掲載同意は変更しません"
        return replace(row, note=note)
    return replace(row, outcome=Outcome.CONSENT_TO_CHANGE, consent=consent)


def read_table(data: bytes) -> list[list[str]]:
    """The cells of a roster file as texts: an .xlsx's first sheet, else CSV in UTF-8 (with
    or without a BOM) or Shift_JIS (Excel's 「CSV（コンマ区切り）」 on Japanese Windows), or
    tab-separated text (Excel's 「Unicode テキスト」, UTF-16)."""
    if data.startswith(b"PK"):
        return _xlsx_table(data)
    encodings = ("utf-16",) if data.startswith((b"\xff\xfe", b"\xfe\xff")) else ENCODINGS
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        first = text.split("\n", 1)[0]
        delimiter = "\t" if "\t" in first and "," not in first else ","
        try:
            return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        except csv.Error as error:
            raise RosterUnreadableError(reason=f"表として読めません: {error}") from None
    raise RosterUnreadableError(reason="文字コードが UTF-8 でも Shift_JIS でもありません")


ENCODINGS = ("utf-8-sig", "cp932")


def _xlsx_table(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise RosterUnreadableError(
            reason=f".xlsx として開けません: {type(error).__name__}"
        ) from None
    try:
        sheet = book.worksheets[0]
        return [[_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _text(value: object) -> str:
    """A cell as text: a day as 2024-04-01 (Excel keeps dates as dates), a whole number
    without `.0`, nothing as empty."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
