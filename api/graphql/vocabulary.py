"""The controlled vocabularies, with Japanese and English labels, for forms and filters."""

from __future__ import annotations

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

    @strawberry.field(description="Kinds of parties")
    def party_kinds(self) -> list[Term]:
        return _terms(v.PartyKind)

    @strawberry.field(description="Roles of a party in a case")
    def party_roles(self) -> list[Term]:
        return _terms(v.PartyRole)

    @strawberry.field(description="Forms of collaboration")
    def collaboration_forms(self) -> list[Term]:
        return _terms(v.CollaborationForm)

    @strawberry.field
    def case_states(self) -> list[Term]:
        return _terms(v.CaseState)

    @strawberry.field
    def closure_results(self) -> list[Term]:
        return _terms(v.ClosureResult)

    @strawberry.field
    def review_kinds(self) -> list[Term]:
        return _terms(v.ReviewKind)

    @strawberry.field(description="Roles of users")
    def actor_roles(self) -> list[Term]:
        return _terms(v.ActorRole)

    @strawberry.field(description="実施状況 of a plan item in a fiscal year")
    def implementation_statuses(self) -> list[StatusTerm]:
        return [
            StatusTerm(code=s.value, ja=s.ja, en=s.en, mark=s.mark) for s in ImplementationStatus
        ]

    @strawberry.field(description="今後の取扱い of a plan item")
    def future_handlings(self) -> list[Term]:
        return _terms(FutureHandling)


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
