"""What more than one read model reads or looks up the same way (pure).

Read-model folders do not import each other; what two of them share lives here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from domain.case import Case
from domain.party import Party
from domain.vocabulary import FIELD_BY_KEY, MUNICIPALITY_BY_KEY
from projections.engine import Change, Update, Upsert, Value


def _is_case_event(cls: Any) -> bool:
    return (
        isinstance(cls, type)
        and cls.__name__ not in ("Created", "Event")
        and issubclass(cls, Case.Event | Case.ConsultationReceived)
    )


CASE_TOPICS: tuple[str, ...] = tuple(
    cls.TOPIC for cls in vars(Case).values() if _is_case_event(cls)
)
"""The stored topics of every case event (the case list and the timeline read them all)."""


def public_name(event: Party.Registered) -> str:
    """An organisation's name; for a natural person only the label of the kind of party."""
    return event.kind.ja if event.kind.is_natural_person else event.name


def party_names_ddl(*columns: str) -> str:
    """The table of parties' public names a read model keeps (`party_names`, a template of
    its `schema`): its TEXT NOT NULL `columns` (among them `name`) by party id."""
    kept = ", ".join(f"{column} TEXT NOT NULL" for column in columns)
    return f"CREATE TABLE IF NOT EXISTS {{party_names}} (party_id TEXT PRIMARY KEY, {kept})"


def party_named(event: Party.Registered, **more: Value) -> Upsert:
    """The row of a party's public name in a read model's `party_names`, with `more` columns."""
    key: dict[str, Value] = {"party_id": str(event.originator_id)}
    return Upsert("party_names", key, {"name": public_name(event), **more})


def code_of(index: Mapping[str, Any], key: str | None) -> str | None:
    """The code of a vocabulary term given by its code or name; an unknown key as it is."""
    found = None if key is None else index.get(key)
    return key if found is None else str(found.code)


@dataclass(frozen=True)
class MunicipalityAndField:
    """The criteria the case list, the party directory and the library have in common: a
    municipality and a field of activity, each given by its code or its name (None: any)."""

    municipality: str | None = None
    field: str | None = None

    @property
    def municipality_code(self) -> str | None:
        return code_of(MUNICIPALITY_BY_KEY, self.municipality)

    @property
    def field_code(self) -> str | None:
        return code_of(FIELD_BY_KEY, self.field)


def case_titled(event: Case.ConsultationReceived) -> list[Change]:
    """The row of an opened case's number and title in a read model's `case_titles`."""
    key: dict[str, Value] = {"case_id": str(event.originator_id)}
    return [Upsert("case_titles", key, {"number": event.number, "title": event.title})]


def case_retitled(event: Case.StepCorrected) -> list[Change]:
    """A corrected opening's new title in `case_titles` (no change for any other correction)."""
    title = event.changes.get("title")
    if event.corrected_step != "ConsultationReceived" or title is None:
        return []
    return [Update("case_titles", {"case_id": str(event.originator_id)}, set={"title": title})]


@dataclass(frozen=True)
class CaseTitle:
    """A case as a read model's `case_titles` know it: by its number and title."""

    case_id: str
    number: str
    title: str


CASE_TITLES_DDL = (
    "CREATE TABLE IF NOT EXISTS {case_titles} (case_id TEXT PRIMARY KEY, "
    "number TEXT NOT NULL, title TEXT NOT NULL)"
)
"""The table of cases' numbers and titles a read model keeps (a template of its `schema`)."""

CASE_TITLES: dict[type[Any], Callable[[Any, int], list[Change]]] = {
    Case.ConsultationReceived: lambda e, _: case_titled(e),
    Case.StepCorrected: lambda e, _: case_retitled(e),
}
"""The handlers that keep a read model's `case_titles` (add them to its `Handlers`)."""
