"""One entry of the success-case library, rendered (purely) from the staging rows.

Only what a published 協働事例集 shows: organisation names (never a pro bono worker's: its
kind only), kinds and roles, the story's text, review figures, classifications and counts.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from domain.vocabulary import (
    FIELD_BY_KEY,
    MUNICIPALITY_BY_KEY,
    SDG_BY_NUMBER,
    CollaborationForm,
    PartyKind,
    PartyRole,
)
from projections.library.search import search_text


@dataclass(frozen=True)
class PublicParty:
    """A party as the library shows it. `name` is None for a pro bono worker."""

    name: str | None
    kind: str
    kind_label: str
    role: str
    role_label: str


@dataclass(frozen=True)
class OutcomeFigure:
    """A number from the review: 実績値 beside 目標値."""

    indicator: str
    actual: int | None
    target: int | None
    unit: str
    note: str = ""


@dataclass(frozen=True)
class LibraryEntry:
    """A published success case with the fields of a Japanese 協働事例集."""

    case_id: str
    number: str
    title: str
    summary: str
    how_started: str
    outcomes_text: str
    outcome_figures: tuple[OutcomeFigure, ...]
    lessons: str
    parties: tuple[PublicParty, ...]
    form: str | None
    form_label: str | None
    municipality: str
    municipality_label: str
    fields: tuple[str, ...]
    field_labels: tuple[str, ...]
    sdgs: tuple[int, ...]
    fiscal_year: int
    opened_on: str
    closed_on: str | None
    duration_days: int | None
    published_on: str | None
    presented_count: int
    replicated_count: int

    @property
    def party_kinds(self) -> str:
        """The combination of party kinds, a facet value: `business+npo_corporation`."""
        return "+".join(sorted({p.kind for p in self.parties}))

    def search_fields(self) -> list[str]:
        """The texts a query searches, each kept apart from the others."""
        return [
            self.title,
            self.summary,
            self.how_started,
            self.outcomes_text,
            self.lessons,
            *(p.name for p in self.parties if p.name),
            *(p.kind_label for p in self.parties),
            *(f.indicator for f in self.outcome_figures),
            self.form_label or "",
            self.municipality_label,
            *self.field_labels,
        ]

    def search_text(self) -> str:
        return search_text(self.search_fields())

    def to_json(self) -> str:
        """The same text as `json.dumps(asdict(self), …)`, without `asdict`'s deep copy of
        every value (a fifth of the library's rebuild): the fields are strings, numbers and
        tuples of them, but for the parties and figures, which are flat."""
        data = dict(vars(self))
        data["parties"] = [vars(p) for p in self.parties]
        data["outcome_figures"] = [vars(o) for o in self.outcome_figures]
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> LibraryEntry:
        data = json.loads(text)
        data["parties"] = tuple(PublicParty(**p) for p in data["parties"])
        data["outcome_figures"] = tuple(OutcomeFigure(**o) for o in data["outcome_figures"])
        for key in ("fields", "field_labels", "sdgs"):
            data[key] = tuple(data[key])
        return cls(**data)


def _day(value: Any) -> date | None:
    return date.fromisoformat(str(value)) if value else None


def _public_parties(
    members: Sequence[Mapping[str, Any]], names: Mapping[str, str | None], named: set[str]
) -> tuple[PublicParty, ...]:
    """Active parties; a name only when the party is named in the published story
    (publication consent is given per named party) and is not a natural person."""
    parties = []
    for m in members:
        if not m.get("active"):
            continue
        kind, role = PartyKind(m["kind"]), PartyRole(m["role"])
        name = names.get(m["party_id"]) if m["party_id"] in named else None
        if kind.is_natural_person:
            name = None
        parties.append(PublicParty(name, kind.value, kind.ja, role.value, role.ja))
    return tuple(sorted(parties, key=lambda p: (p.role, p.kind, p.name or "")))


def render_entry(
    facts: Mapping[str, Any],
    members: Sequence[Mapping[str, Any]],
    names: Mapping[str, str | None],
    presented_count: int,
    replicated_count: int,
) -> LibraryEntry | None:
    """The library entry of a case, or None when the case is not published."""
    if not facts.get("published") or not facts.get("story"):
        return None
    story = json.loads(facts["story"])
    opened, closed = _day(facts["opened_on"]), _day(facts.get("closed_on"))
    assert opened is not None
    fields = tuple(json.loads(facts["fields"]))
    form = facts.get("form")
    municipality = MUNICIPALITY_BY_KEY.get(facts["municipality"])
    return LibraryEntry(
        case_id=str(facts["case_id"]),
        number=str(facts["number"]),
        title=story["title"],
        summary=story["summary"],
        how_started=story["how_started"],
        outcomes_text=story["outcomes"],
        outcome_figures=tuple(
            OutcomeFigure(**o) for o in json.loads(facts.get("outcomes") or "[]")
        ),
        lessons=story["lessons"],
        parties=_public_parties(members, names, set(story["party_ids"])),
        form=form,
        form_label=CollaborationForm(form).ja if form else None,
        municipality=facts["municipality"],
        municipality_label=municipality.ja if municipality else facts["municipality"],
        fields=fields,
        field_labels=tuple(FIELD_BY_KEY[f].ja for f in fields if f in FIELD_BY_KEY),
        sdgs=tuple(int(n) for n in json.loads(facts["sdgs"])),
        fiscal_year=int(facts["fiscal_year"]),
        opened_on=opened.isoformat(),
        closed_on=closed.isoformat() if closed else None,
        duration_days=(closed - opened).days if closed else None,
        published_on=str(facts["published_on"]) if facts.get("published_on") else None,
        presented_count=presented_count,
        replicated_count=replicated_count,
    )


def sdg_label(number: int) -> str:
    return SDG_BY_NUMBER[number].ja
