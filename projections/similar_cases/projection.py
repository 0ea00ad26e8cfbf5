"""Similar cases read model: the compared text of every case, and, for each published case,
its signature (postings) and its nearest published cases (neighbours).

`changes` is pure: it keeps each case's fields of activity and published story in `cases`.
The writer (`writer.py`) then indexes the case again whenever its compared text changed: a
publication enters the postings and the neighbour lists it ranks into, a withdrawal leaves
them all, a correction of the fields re-scores the case. See
docs/adr/2026-12-03-similar-cases.md.
"""

from __future__ import annotations

import json
from typing import Any

from domain.case import Case
from domain.vocabulary import FIELD_BY_KEY
from projections.engine import Change, Update, Upsert, Value, Writer
from projections.engine.handlers import HandledReadModel, Handlers
from projections.similar_cases.vectors import story_json


def _case(e: Any) -> dict[str, Value]:
    return {"case_id": str(e.originator_id)}


def _codes(fields: Any) -> str:
    return json.dumps([FIELD_BY_KEY[f].code for f in fields if f in FIELD_BY_KEY])


def _opened(e: Case.ConsultationReceived, position: int) -> list[Change]:
    return [Upsert("cases", _case(e), {"fields": _codes(e.fields)})]


def _published(e: Case.SuccessCasePublished, position: int) -> list[Change]:
    s = e.story
    story = story_json(s.title, s.summary, s.how_started, s.lessons)
    return [Update("cases", _case(e), set={"story": story})]


def _withdrawn(e: Case.SuccessCaseWithdrawn, position: int) -> list[Change]:
    return [Update("cases", _case(e), set={"story": None})]


def _corrected(e: Case.StepCorrected, position: int) -> list[Change]:
    if e.corrected_step != "ConsultationReceived" or "fields" not in e.changes:
        return []
    return [Update("cases", _case(e), set={"fields": _codes(e.changes["fields"])})]


class SimilarCasesReadModel(HandledReadModel, name="similar_cases", version=2):
    label = "似た事例"
    handlers = Handlers(
        {
            Case.ConsultationReceived: _opened,
            Case.SuccessCasePublished: _published,
            Case.SuccessCaseWithdrawn: _withdrawn,
            Case.StepCorrected: _corrected,
        }
    )
    schema = (
        # `indexed`: the text the postings were made of (NULL: not published, not indexed);
        # `last_score`: the score of the last of its neighbours when they are as many as kept.
        "CREATE TABLE IF NOT EXISTS {cases} (case_id TEXT PRIMARY KEY, fields TEXT NOT NULL, "
        "story TEXT, indexed TEXT, last_score {double})",
        # Document frequency of every gram of the indexed cases; the gram '' counts them.
        "CREATE TABLE IF NOT EXISTS {grams} (gram TEXT PRIMARY KEY, df INTEGER NOT NULL)",
        # One row per gram of a case's signature (the writer enters a case's postings once,
        # after taking away any it had). Looked up by gram, heaviest first: the `PER_GRAM`
        # heaviest postings of a common gram are its candidates, ties by the case id compared
        # byte by byte (the same candidates on both stores); by case, to take them away.
        "CREATE TABLE IF NOT EXISTS {postings} (gram TEXT NOT NULL, "
        "case_id {byte_text} NOT NULL, weight {double} NOT NULL)",
        "CREATE INDEX IF NOT EXISTS {postings}_heaviest ON {postings} (gram, weight DESC, case_id)",
        "CREATE INDEX IF NOT EXISTS {postings}_case ON {postings} (case_id)",
        "CREATE TABLE IF NOT EXISTS {neighbours} (case_id TEXT NOT NULL, "
        "other_id {byte_text} NOT NULL, score {double} NOT NULL, "
        "PRIMARY KEY (case_id, other_id))",
        "CREATE INDEX IF NOT EXISTS {neighbours}_other ON {neighbours} (other_id)",
    )

    def writer(self) -> Writer:
        from projections.similar_cases.writer import SimilarCasesWriter

        return SimilarCasesWriter()


READ_MODELS: tuple[SimilarCasesReadModel, ...] = (SimilarCasesReadModel(),)
