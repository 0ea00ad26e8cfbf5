"""The success-case library (協働事例集): published cases only, no personal data.

`changes` is pure: it turns each event into row changes on staging tables (`facts`,
`members`, `parties`, `meetings`, `replications`), each event's changes opened by a
`moment` marker (its position and record time). The library's own writer applies them
with the generic SQL writer and then re-renders the entry of every case it touched
(`writer.py`), because one entry draws on many events: the story, the parties and
their names, the agreement, the review, and counts kept by other cases and meetings.
Each rendered state of a published entry is kept as a revision (`revisions.py`), so that
the library can be shown as it stood at the end of any day (`as_of.py`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, ClassVar, cast

from domain.case import Case
from domain.fiscal import fiscal_year
from domain.party import Party
from domain.values import Outcome
from domain.vocabulary import FIELD_BY_KEY, MUNICIPALITY_BY_KEY
from projections.engine import Change, Dialect, ReadModel, Tables, Update, Upsert, Writer
from projections.library.revisions import moment

_TOPICS = (
    Party.Registered,
    Party.PublicationConsentChanged,
    Case.ConsultationReceived,
    Case.PartyJoined,
    Case.PartyWithdrew,
    Case.AgreementReached,
    Case.ReviewConducted,
    Case.CaseClosed,
    Case.CaseReopened,
    Case.SuccessCasePublished,
    Case.SuccessCaseWithdrawn,
    Case.PresentedAtMeeting,
    Case.StepCorrected,
)


def as_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def outcome_json(outcomes: tuple[Outcome, ...]) -> str:
    return as_json(
        [
            {"indicator": o.indicator, "actual": o.actual, "target": o.target, "unit": o.unit}
            | ({"note": o.note} if o.note else {})
            for o in outcomes
        ]
    )


# Its versions:
# 3: corrections of a closure, the latest review and the publication are followed.
# 4: kana folded, readings indexed, the words table (ADR 2026-12-02-search-readings).
# 5: the words table is a vocabulary with counts (one row per word, not per case).
# 6: readings from sudachidict-core (the prefecture's place names read right).
# 7: the searched rows are kept uncompressed on PostgreSQL (toast_tuple_target).
# 8: the analyser's words of each entry are stored for the snippets (entries.field_words).
# 9: no trigram index on PostgreSQL: the bigram keys find every term of 2+ characters
#    (a `LIKE` recheck cost 3-4 times a `strpos`; the index was 137 MB at 100,000).
class Library(ReadModel, name="library", version=9):
    """Published success cases, searchable in Japanese, with facets and counts."""

    label = "成功事例集"

    topics: ClassVar[tuple[str, ...]] = tuple(t.TOPIC for t in _TOPICS)
    tables: ClassVar[tuple[str, ...]] = (
        "parties",
        "facts",
        "members",
        "meetings",
        "replications",
        "library",
        "entries",
        "tags",
        "words",
        "fts",
        "revisions",
    )

    def ddl(self, dialect: Dialect, tables: Tables) -> list[str]:
        from projections.library.writer import library_ddl

        return library_ddl(dialect, tables)

    def writer(self) -> Writer:
        from projections.library.writer import LibraryWriter

        return LibraryWriter()

    def changes(self, event: object, position: int) -> list[Change]:
        changes = self._changes(event)
        if not changes:
            return []
        return [moment(position, cast("Any", event).timestamp), *changes]

    def _changes(self, event: object) -> list[Change]:
        if isinstance(event, Party.Registered):
            return [_party(event)]
        if isinstance(event, Party.PublicationConsentChanged):
            key = {"party_id": str(event.originator_id)}
            return [Update("parties", key, {"consent": event.consent})]
        if not isinstance(event, Case.Event | Case.ConsultationReceived):
            return []
        case_id = str(event.originator_id)
        handler = _HANDLERS.get(type(event))
        return handler(case_id, event) if handler else []


def _party(event: Party.Registered) -> Change:
    # A pro bono worker is a natural person: the library shows its kind only.
    name = None if event.kind.is_natural_person else event.name
    values = {"kind": event.kind.value, "name": name, "consent": event.publication_consent}
    return Upsert("parties", {"party_id": str(event.originator_id)}, values)


def _opened(case_id: str, e: Any) -> list[Change]:
    changes: list[Change] = [
        Upsert(
            "facts",
            {"case_id": case_id},
            {
                "number": e.number,
                "case_title": e.title,
                "municipality": e.municipality,
                "fields": as_json(list(e.fields)),
                "sdgs": as_json(list(e.sdgs)),
                "opened_on": e.occurred_on,
                "fiscal_year": fiscal_year(e.occurred_on),
                "published": False,
            },
        ),
    ]
    if e.replicates is not None:
        changes.append(
            Upsert("replications", {"case_id": str(e.replicates), "replica_id": case_id})
        )
    return changes


def _joined(case_id: str, e: Any) -> list[Change]:
    key = {"case_id": case_id, "party_id": str(e.party.party_id)}
    values = {"kind": e.party.kind.value, "role": e.role.value, "active": True}
    return [Upsert("members", key, values)]


def _withdrew(case_id: str, e: Any) -> list[Change]:
    return [Update("members", {"case_id": case_id, "party_id": str(e.party_id)}, {"active": False})]


def _agreed(case_id: str, e: Any) -> list[Change]:
    changes: list[Change] = [Update("facts", {"case_id": case_id}, {"form": e.form.value})]
    for assignment in e.roles:
        key = {"case_id": case_id, "party_id": str(assignment.party_id)}
        changes.append(Update("members", key, {"role": assignment.role.value}))
    return changes


def _reviewed(case_id: str, e: Any) -> list[Change]:
    values = {"outcomes": outcome_json(tuple(e.outcomes)), "outcomes_version": e.originator_version}
    return [Update("facts", {"case_id": case_id}, values)]


def _closed(case_id: str, e: Any) -> list[Change]:
    values = {
        "closed_on": e.occurred_on,
        "closed_version": e.originator_version,
        "result": e.result.value,
    }
    return [Update("facts", {"case_id": case_id}, values)]


def _reopened(case_id: str, e: Any) -> list[Change]:
    values = {"closed_on": None, "closed_version": None, "result": None}
    return [Update("facts", {"case_id": case_id}, values)]


def _published(case_id: str, e: Any) -> list[Change]:
    story = e.story
    values = {
        "published": True,
        "published_on": e.occurred_on,
        "published_version": e.originator_version,
        "story": as_json(
            {
                "title": story.title,
                "summary": story.summary,
                "how_started": story.how_started,
                "outcomes": story.outcomes,
                "lessons": story.lessons,
                "party_ids": [str(p) for p in story.party_ids],
            }
        ),
    }
    return [Update("facts", {"case_id": case_id}, values)]


def _withdrawn(case_id: str, e: Any) -> list[Change]:
    return [Update("facts", {"case_id": case_id}, {"published": False})]


def _presented(case_id: str, e: Any) -> list[Change]:
    return [Upsert("meetings", {"case_id": case_id, "meeting_id": str(e.meeting_id)})]


def _corrected(case_id: str, e: Any) -> list[Change]:
    changes: Mapping[str, Any] = e.changes
    if e.corrected_step == "ConsultationReceived":
        return [Update("facts", {"case_id": case_id}, _opening_corrections(changes))]
    if e.corrected_step in _STANDING:
        column, fields = _STANDING[e.corrected_step]
        values = {
            to: convert(changes[name]) for name, (to, convert) in fields.items() if name in changes
        }
        guard = {column: (e.corrected_version,)}
        return [Update("facts", {"case_id": case_id}, values, when=guard)] if values else []
    if e.corrected_step == "AgreementReached" and "form" in changes:
        form = getattr(changes["form"], "value", changes["form"])
        return [Update("facts", {"case_id": case_id}, {"form": str(form)})]
    return []


def _code(value: Any) -> Any:
    return getattr(value, "value", value)


_STANDING: dict[str, tuple[str, dict[str, tuple[str, Callable[[Any], Any]]]]] = {
    "CaseClosed": (
        "closed_version",
        {"occurred_on": ("closed_on", _code), "result": ("result", _code)},
    ),
    "ReviewConducted": (
        "outcomes_version",
        {"outcomes": ("outcomes", lambda outcomes: outcome_json(tuple(outcomes)))},
    ),
    "SuccessCasePublished": ("published_version", {"occurred_on": ("published_on", _code)}),
}
"""Corrections of a step whose values the facts hold while that step stands (the closure
not reopened, the latest review, the publication): the row names the step's version."""


def _opening_corrections(changes: Mapping[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if isinstance(changes.get("occurred_on"), date):
        values["opened_on"] = changes["occurred_on"]
        values["fiscal_year"] = fiscal_year(changes["occurred_on"])
    if isinstance(changes.get("title"), str):
        values["case_title"] = changes["title"]
    found = MUNICIPALITY_BY_KEY.get(str(changes.get("municipality", "")))
    if found is not None:
        values["municipality"] = found.code
    if isinstance(changes.get("fields"), list | tuple):
        codes = [FIELD_BY_KEY[f].code for f in changes["fields"] if f in FIELD_BY_KEY]
        values["fields"] = as_json(codes)
    if isinstance(changes.get("sdgs"), list | tuple):
        values["sdgs"] = as_json([int(n) for n in changes["sdgs"]])
    return values


_HANDLERS = {
    Case.ConsultationReceived: _opened,
    Case.PartyJoined: _joined,
    Case.PartyWithdrew: _withdrew,
    Case.AgreementReached: _agreed,
    Case.ReviewConducted: _reviewed,
    Case.CaseClosed: _closed,
    Case.CaseReopened: _reopened,
    Case.SuccessCasePublished: _published,
    Case.SuccessCaseWithdrawn: _withdrawn,
    Case.PresentedAtMeeting: _presented,
    Case.StepCorrected: _corrected,
}


def touched_cases(changes: list[Change]) -> list[str]:
    """The cases whose entry must be rendered again after these changes."""
    seen: dict[str, None] = {}
    for change in changes:
        case_id = change.key.get("case_id")
        if isinstance(case_id, str):
            seen[case_id] = None
    return list(seen)


def touched_parties(changes: list[Change]) -> list[str]:
    """Parties whose consent changed: the entries that name them must be rendered again."""
    return [
        str(c.key["party_id"])
        for c in changes
        if c.table == "parties" and isinstance(c, Update) and "party_id" in c.key
    ]


READ_MODELS: tuple[ReadModel, ...] = (Library(),)
