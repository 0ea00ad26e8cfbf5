"""`importPartyRoster`: a centre's roster of registered groups (登録団体名簿, CSV or .xlsx)
checked row by row, then registered (`application.party_import`).

A dry run (the default) records nothing and answers what the import would do: each row
to register, already in the directory, or with its problems. Run for real, a roster with any
problem is refused as a whole (`RosterRefused`, every problem listed) and nothing is
recorded. The directory is read after the read models have caught up with the ledger, so a
roster imported again leaves out what the first import registered.
"""

from __future__ import annotations

import base64
import binascii
from enum import Enum
from typing import Annotated

import strawberry
from starlette.concurrency import run_in_threadpool

from api.container import Container
from api.graphql.context import Info, read_models
from api.graphql.copying import copied
from api.graphql.errors import (
    READ_MODEL_WAIT_SECONDS,
    UNREACHABLE,
    CommandError,
    CommandFailure,
    Unavailable,
    typed_error,
)
from api.graphql.ids import node_id
from api.graphql.mutation_support import WAIT
from api.graphql.vocabulary import PartyKind
from api.party_roster import imported
from application import party_import
from application.party_import import RosterImport
from domain import errors
from domain.party_roster import MAX_ROWS, RosterInvalidError, RosterUnreadableError
from domain.values import CommandContext
from domain.vocabulary import MUNICIPALITY_BY_KEY, Source

DIRECTORY_WAIT_SECONDS = 10.0


@strawberry.enum(description="What an import does, or did, with a row of the roster.")
class RosterOutcome(Enum):
    TO_REGISTER = "to_register"
    REGISTERED = "registered"
    ALREADY_REGISTERED = "already_registered"
    CONSENT_TO_CHANGE = strawberry.enum_value(
        "consent_to_change",
        description="Registered already; the roster states another consent to the library, "
        "which the import records",
    )
    CONSENT_CHANGED = strawberry.enum_value(
        "consent_changed", description="Registered already; its consent changed as the roster says"
    )
    INVALID = "invalid"


@strawberry.type(description="Why a row of the roster cannot be registered as written.")
class RosterProblem:
    line: int = strawberry.field(description="The row's number as the spreadsheet shows it")
    column: str = strawberry.field(description="The column's heading; empty: the whole row")
    code: str = strawberry.field(description="Stable English code, for programs")
    message: str = strawberry.field(description="Japanese message, for people")


@strawberry.type(description="A row of the roster and what the import does with it.")
class PartyRosterRow:
    line: int
    name: str = strawberry.field(description="The group's name as it will be registered")
    kind: PartyKind | None
    municipality: str | None = strawberry.field(description="Its code, once read")
    municipality_label: str | None
    outcome: RosterOutcome
    party_id: strawberry.ID | None = strawberry.field(
        description="The party registered, or the directory's party of that name and city "
        "(a global ID, as `node` takes it)"
    )
    problems: list[RosterProblem]
    consent: bool | None = strawberry.field(
        description="A registered group's consent to the library as the roster states it, "
        "where it differs from the directory's"
    )
    note: str = strawberry.field(
        description="Why a difference the roster shows is not recorded, in Japanese"
    )


@strawberry.type(description="What an import of a roster did (or, a dry run, would do).")
class PartyRoster:
    recorded: bool = strawberry.field(description="False: a dry run, nothing recorded")
    rows: list[PartyRosterRow]
    problems: list[RosterProblem]
    ignored_columns: list[str] = strawberry.field(
        description="Headings kyodo does not read (備考, 会員数, …): their cells are not kept"
    )
    to_register: int
    registered: int
    already_registered: int
    consent_to_change: int = strawberry.field(
        description="Registered groups whose consent the import would change (a dry run)"
    )
    consent_changed: int
    invalid: int
    read_models_current: bool | None


@strawberry.type(
    description="The roster has rows with problems: nothing was recorded; each is listed."
)
class RosterRefused(CommandError):
    problems: list[RosterProblem]


ImportPartyRosterResult = Annotated[
    PartyRoster | RosterRefused | CommandFailure,
    strawberry.union("ImportPartyRosterResult"),
]


def _answer(done: RosterImport, current: bool | None) -> PartyRoster:
    rows = [
        PartyRosterRow(
            line=row.line,
            name=row.name,
            kind=row.kind,
            municipality=row.municipality,
            municipality_label=(
                MUNICIPALITY_BY_KEY[row.municipality].ja if row.municipality else None
            ),
            outcome=RosterOutcome(row.outcome.value),
            party_id=node_id("Party", row.party_id) if row.party_id else None,
            problems=[copied(RosterProblem, p) for p in row.problems],
            consent=row.consent,
            note=row.note,
        )
        for row in done.rows
    ]
    count = done.count
    return PartyRoster(
        recorded=done.recorded,
        rows=rows,
        problems=[copied(RosterProblem, p) for p in done.problems],
        ignored_columns=list(done.ignored_columns),
        to_register=count(party_import.Outcome.TO_REGISTER),
        registered=count(party_import.Outcome.REGISTERED),
        already_registered=count(party_import.Outcome.ALREADY_REGISTERED),
        consent_to_change=count(party_import.Outcome.CONSENT_TO_CHANGE),
        consent_changed=count(party_import.Outcome.CONSENT_CHANGED),
        invalid=count(party_import.Outcome.INVALID),
        read_models_current=current,
    )


def _imported(
    container: Container, ctx: CommandContext, data: bytes, dry_run: bool
) -> RosterImport:
    """The import, once the directory has caught up with the ledger (at most a few
    seconds: a directory that cannot catch up is compared with as it stands)."""

    def settle() -> None:
        projections = read_models(container)
        if projections is not None:
            head = container.ledger.recorder.max_notification_id()
            projections.wait_for(head, DIRECTORY_WAIT_SECONDS, names=["party_directory"])

    return imported(container, ctx, data, dry_run=dry_run, settle=settle)


def _decoded(file: str) -> bytes:
    try:
        return base64.b64decode(file, validate=True)
    except (binascii.Error, ValueError):
        raise RosterUnreadableError(reason="ファイルの中身が base64 ではありません") from None


@strawberry.type
class PartyRosterMutation:
    @strawberry.mutation(
        description="団体名簿の一括登録: a centre's roster of registered groups (CSV in UTF-8 "
        f"or Shift_JIS, or .xlsx; at most {MAX_ROWS} rows), registered for the user's centre. "
        "A dry run (the default) records nothing"
    )
    async def import_party_roster(
        self,
        info: Info,
        file: Annotated[str, strawberry.argument(description="The file's bytes in base64")],
        dry_run: bool = True,
        wait_for_read_models: Annotated[bool, WAIT] = False,
    ) -> ImportPartyRosterResult:
        context = info.context
        ctx = context.container.context(
            context.actor, source=Source.IMPORT, correlation_id=context.request_id
        )
        try:
            data = _decoded(file)
            done = await run_in_threadpool(_imported, context.container, ctx, data, dry_run)
        except RosterInvalidError as refused:
            return RosterRefused(
                code=refused.code,
                message=refused.message,
                problems=[copied(RosterProblem, p) for p in refused.problems],
            )
        except errors.DomainError as error:
            return typed_error(error)
        except UNREACHABLE:
            raise Unavailable() from None
        current: bool | None = None
        if wait_for_read_models and done.recorded:
            head = await run_in_threadpool(context.container.ledger.recorder.max_notification_id)
            current = await context.wait_for_read_models(head or 0, READ_MODEL_WAIT_SECONDS)
        return _answer(done, current)
