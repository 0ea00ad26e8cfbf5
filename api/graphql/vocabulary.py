"""The controlled vocabularies, with Japanese and English labels, for forms and filters."""

from __future__ import annotations

from typing import Any

import strawberry

from api.graphql.copying import copied
from domain import vocabulary as v
from domain.plan_vocabulary import FutureHandling, ImplementationStatus
from domain.vocabulary import (
    ActorRole,
    CaseState,
    ClosureResult,
    CollaborationForm,
    PartyKind,
    PartyRole,
    ReviewKind,
)


@strawberry.type(description="One entry of a vocabulary: a stable code and its labels.")
class Term:
    code: str
    ja: str
    en: str


@strawberry.type(description="A 市町, identified by its local-government code.")
class MunicipalityTerm:
    code: str
    ja: str
    en: str
    prefecture: str


@strawberry.type(description="A support centre; `short` prefixes its case numbers.")
class CentreTerm:
    code: str
    ja: str
    short: str
    municipality: str | None
    prefectural: bool


@strawberry.type(description="A plan item's 実施状況, with the mark the status list prints.")
class StatusTerm:
    code: str
    ja: str
    en: str
    mark: str = strawberry.field(description="◎, ○, △ or ×")


def _terms(enum: type[v.Labelled]) -> list[Term]:
    return [Term(code=m.value, ja=m.ja, en=m.en) for m in enum]


def _listed(enum: type[v.Labelled], description: str | None = None) -> Any:
    """A field of `Vocabulary` answering `enum`'s terms."""

    def terms() -> list[Term]:
        return _terms(enum)

    return strawberry.field(resolver=terms, description=description)


@strawberry.type(description="Every vocabulary the forms and filters use.")
class Vocabulary:
    @strawberry.field
    def municipalities(self) -> list[MunicipalityTerm]:
        return [copied(MunicipalityTerm, m) for m in v.MUNICIPALITIES]

    @strawberry.field
    def centres(self) -> list[CentreTerm]:
        return [copied(CentreTerm, c) for c in v.CENTRES]

    @strawberry.field(description="The 20 fields of activity of the NPO Act")
    def fields(self) -> list[Term]:
        return [Term(code=t.code, ja=t.ja, en=t.en) for t in v.FIELDS_OF_ACTIVITY]

    @strawberry.field
    def sdgs(self) -> list[Term]:
        return [Term(code=t.code, ja=t.ja, en=t.en) for t in v.SDGS]

    # one line a vocabulary of labelled codes: its name, its terms, its description
    party_kinds: list[Term] = _listed(v.PartyKind, "Kinds of parties")
    party_roles: list[Term] = _listed(v.PartyRole, "Roles of a party in a case")
    collaboration_forms: list[Term] = _listed(v.CollaborationForm, "Forms of collaboration")
    case_states: list[Term] = _listed(v.CaseState)
    closure_results: list[Term] = _listed(v.ClosureResult)
    review_kinds: list[Term] = _listed(v.ReviewKind)
    actor_roles: list[Term] = _listed(v.ActorRole, "Roles of users")
    future_handlings: list[Term] = _listed(FutureHandling, "今後の取扱い of a plan item")

    @strawberry.field(description="実施状況 of a plan item in a fiscal year")
    def implementation_statuses(self) -> list[StatusTerm]:
        return [
            StatusTerm(code=s.value, ja=s.ja, en=s.en, mark=s.mark) for s in ImplementationStatus
        ]


for _enum in (
    PartyKind,
    PartyRole,
    CollaborationForm,
    ClosureResult,
    CaseState,
    ReviewKind,
    ActorRole,
):
    strawberry.enum(_enum, description=_enum.__doc__)  # the vocabulary's own docstring

__all__ = [
    "ActorRole",
    "CaseState",
    "ClosureResult",
    "CollaborationForm",
    "PartyKind",
    "PartyRole",
    "ReviewKind",
    "Vocabulary",
]
