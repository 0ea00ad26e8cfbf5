"""Party directory (団体名簿): every registered party with its public name, municipality,
fields, publication consent, the centre that registered it (none for a party stored before
parties recorded their centre), the day it left the register (登録の抹消) and why, and the
cases it joined. Queries live in `queries.py`.

Contact details are never read; only how they are kept (`personal_data`: `sealed`, `clear`
for a party stored before encryption and not yet migrated, `erased`), so that the directory
says 「消去済み」 where the data was; and every request to erase them (消去請求), each with the
admin's answer once it comes (the erasure, or the decision not to erase). A pro bono worker
is a natural person: the directory keeps only the label of the party's kind for them
(`public_name` in `projections.shared`, as the case list does).
A party's cases are kept one row each, so the counts are exact whatever the order of joins,
withdrawals, closures and reopenings.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain.case import Case
from domain.party import Party
from domain.values import SealedContact
from projections.engine import Change, ReadModel, Update, Upsert, Value, replaced
from projections.engine.handlers import HandledReadModel, Handlers
from projections.engine.schema import primary_keys
from projections.shared import public_name


def _registered(e: Party.Registered, position: int) -> list[Change]:
    key: dict[str, Value] = {"party_id": str(e.originator_id)}
    row: dict[str, Value] = {
        "kind": e.kind.value,
        "public_name": public_name(e),
        "municipality": e.municipality,
        "publication_consent": bool(e.publication_consent),
        "registered_on": e.occurred_on,
        "centre": e.centre,
        "personal_data": _kept(e.contact),
        "position": position,
    }
    return [Upsert("party_directory", key, row), *replaced("fields", "field", key, e.fields)]


def _fields_changed(e: Party.FieldsChanged, position: int) -> list[Change]:
    key: dict[str, Value] = {"party_id": str(e.originator_id)}
    return [
        Update("party_directory", key, set={"position": position}),
        *replaced("fields", "field", key, e.fields),
    ]


def _consent(e: Party.PublicationConsentChanged, position: int) -> list[Change]:
    key: dict[str, Value] = {"party_id": str(e.originator_id)}
    values: dict[str, Value] = {"publication_consent": bool(e.consent), "position": position}
    return [Update("party_directory", key, set=values)]


def _deregistered(e: Party.Deregistered, position: int) -> list[Change]:
    key: dict[str, Value] = {"party_id": str(e.originator_id)}
    values: dict[str, Value] = {
        "deregistered_on": e.occurred_on,
        "deregistration_reason": e.reason,
        "position": position,
    }
    return [Update("party_directory", key, set=values)]


def _kept(contact: object) -> str:
    return "sealed" if isinstance(contact, SealedContact) else "clear"


def _contact(
    e: Party.ContactDetailsChanged | Party.ContactDetailsSealed, position: int
) -> list[Change]:
    key: dict[str, Value] = {"party_id": str(e.originator_id)}
    values: dict[str, Value] = {"personal_data": _kept(e.contact), "position": position}
    return [Update("party_directory", key, set=values)]


def _erased(e: Party.PersonalDataErased, position: int) -> list[Change]:
    key: dict[str, Value] = {"party_id": str(e.originator_id)}
    values: dict[str, Value] = {"personal_data": "erased", "position": position}
    return [Update("party_directory", key, set=values), _answered(e, "erased", position)]


def _answered(
    e: Party.PersonalDataErased | Party.PersonalDataErasureDeclined, outcome: str, position: int
) -> Change:
    """The party's waiting request (one at most waits), answered: erased, or not (declined)."""
    key: dict[str, Value] = {"party_id": str(e.originator_id), "pending": True}
    values: dict[str, Value] = {
        "pending": False,
        "outcome": outcome,
        "answered_on": e.occurred_on,
        "answered_by": e.meta.actor_id,
        "reason": e.reason,
        "position": position,
    }
    return Update("erasure_requests", key, set=values)


def _erasure_requested(e: Party.PersonalDataErasureRequested, position: int) -> list[Change]:
    """A request to erase, as received: it waits until it is answered (`_answered`)."""
    key: dict[str, Value] = {"party_id": str(e.originator_id), "version": e.originator_version}
    request: dict[str, Value] = {
        "requested_on": e.occurred_on,
        "by_agent": bool(e.by_agent),
        "note": e.note,
        "received_by": e.meta.actor_id,
        "pending": True,
        "position": position,
    }
    return [Upsert("erasure_requests", key, request)]


def _erasure_declined(e: Party.PersonalDataErasureDeclined, position: int) -> list[Change]:
    return [_answered(e, "declined", position)]


def _joined(e: Case.PartyJoined, position: int) -> list[Change]:
    key: dict[str, Value] = {"party_id": str(e.party.party_id), "case_id": str(e.originator_id)}
    values: dict[str, Value] = {
        "active": True,
        "case_open": True,
        "joined_on": e.occurred_on,
        "joined_version": e.originator_version,
    }
    return [Upsert("cases", key, values)]


def _corrected(e: Case.StepCorrected, position: int) -> list[Change]:
    """A join's date corrected: the party's cases come in order of when it joined them."""
    if e.corrected_step != "PartyJoined" or "occurred_on" not in e.changes:
        return []
    key: dict[str, Value] = {"case_id": str(e.originator_id), "joined_version": e.corrected_version}
    return [Update("cases", key, set={"joined_on": e.changes["occurred_on"]})]


def _withdrew(e: Case.PartyWithdrew, position: int) -> list[Change]:
    key: dict[str, Value] = {"party_id": str(e.party_id), "case_id": str(e.originator_id)}
    return [Update("cases", key, set={"active": False})]


def _case_open(is_open: bool) -> Callable[[Any, int], list[Change]]:
    def changes(e: Any, position: int) -> list[Change]:
        return [Update("cases", {"case_id": str(e.originator_id)}, set={"case_open": is_open})]

    return changes


_HANDLERS = Handlers(
    {
        Party.Registered: _registered,
        Party.PublicationConsentChanged: _consent,
        Party.FieldsChanged: _fields_changed,
        Party.ContactDetailsChanged: _contact,
        Party.ContactDetailsSealed: _contact,
        Party.PersonalDataErased: _erased,
        Party.PersonalDataErasureRequested: _erasure_requested,
        Party.PersonalDataErasureDeclined: _erasure_declined,
        Party.Deregistered: _deregistered,
        Case.PartyJoined: _joined,
        Case.PartyWithdrew: _withdrew,
        Case.CaseClosed: _case_open(False),
        Case.CaseReopened: _case_open(True),
        Case.StepCorrected: _corrected,
    }
)


class PartyDirectory(HandledReadModel, name="party_directory", version=8, handlers=_HANDLERS):
    label = "団体一覧"
    schema = (
        # Names compared byte by byte, so that pages come in the same order on both stores.
        "CREATE TABLE IF NOT EXISTS {party_directory} (party_id {byte_text} PRIMARY KEY, "
        "kind TEXT NOT NULL, public_name {byte_text} NOT NULL, municipality TEXT NOT NULL, "
        "publication_consent INTEGER NOT NULL, registered_on TEXT NOT NULL, "
        "personal_data TEXT NOT NULL, centre TEXT, deregistered_on TEXT, "
        "deregistration_reason TEXT, "
        "position {bigint} NOT NULL)",
        "CREATE INDEX IF NOT EXISTS {party_directory}_name "
        "ON {party_directory} (public_name, party_id)",
        "CREATE INDEX IF NOT EXISTS {party_directory}_centre "
        "ON {party_directory} (centre, public_name, party_id)",
        "CREATE TABLE IF NOT EXISTS {fields} (party_id TEXT NOT NULL, "
        "field TEXT NOT NULL, PRIMARY KEY (party_id, field))",
        "CREATE INDEX IF NOT EXISTS {fields}_field ON {fields} (field, party_id)",
        "CREATE TABLE IF NOT EXISTS {cases} (party_id TEXT NOT NULL, "
        "case_id TEXT NOT NULL, active INTEGER NOT NULL, case_open INTEGER NOT NULL, "
        "joined_on TEXT NOT NULL, joined_version INTEGER NOT NULL, "
        "PRIMARY KEY (party_id, case_id))",
        "CREATE INDEX IF NOT EXISTS {cases}_case ON {cases} (case_id)",
        # every request to erase and its answer: the latest of a party, those that wait, all
        "CREATE TABLE IF NOT EXISTS {erasure_requests} (party_id TEXT NOT NULL, "
        "version INTEGER NOT NULL, requested_on TEXT NOT NULL, by_agent INTEGER NOT NULL, "
        "note TEXT NOT NULL, received_by TEXT NOT NULL, pending INTEGER NOT NULL, "
        "outcome TEXT, answered_on TEXT, answered_by TEXT, reason TEXT, "
        "position {bigint} NOT NULL, PRIMARY KEY (party_id, version))",
        "CREATE INDEX IF NOT EXISTS {erasure_requests}_received "
        "ON {erasure_requests} (requested_on, party_id, version)",
    )


PRIMARY_KEYS = primary_keys(PartyDirectory.schema)


READ_MODELS: tuple[ReadModel, ...] = (PartyDirectory(),)
