"""The pro bono worker bank (プロボノワーカーバンク) as GraphQL: the indicator 「プロボノワーカー
バンクの登録者数（累計）」 computed from the ledger, the workers by skill and municipality, and a
case's needs with their matches. Whoever reads the party directory reads the bank; no
personal data is in it (a worker is their party's global ID)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

import strawberry

from api.graphql.cases import Case
from api.graphql.context import Context, Info, forbidden
from api.graphql.copying import converted, copied
from api.graphql.ids import bad_input, decode_id, node_id
from api.graphql.reading import cached, cases_by_id, read
from api.graphql.vocabulary import Term
from application.permissions import may_read_case, may_read_parties
from domain.errors import UnknownVocabularyError
from domain.pro_bono_vocabulary import SKILL_BY_KEY, SKILLS, skill_code
from domain.rules import municipality_code
from domain.vocabulary import MUNICIPALITY_BY_KEY
from projections.pro_bono import queries as q
from projections.suggestions.queries import SuggestionQueries
from projections.suggestions.ranking import Suggestion

MAX_SUGGESTIONS = 50


def _term(terms: Mapping[str, object], code: str) -> Term:
    """A vocabulary entry by its code; an unknown code stands for itself."""
    found = terms.get(code)
    return Term(code=code, ja=code, en=code) if found is None else copied(Term, found)


def skill_term(code: str) -> Term:
    return _term(SKILL_BY_KEY, code)


def municipality_term(code: str) -> Term:
    return _term(MUNICIPALITY_BY_KEY, code)


@strawberry.type(
    description="Workers who first registered in a fiscal year, and the total by its end."
)
class ProBonoYear:
    fiscal_year: int = strawberry.field(description="April to March, named by its April's year")
    registered: int
    cumulative: int = strawberry.field(description="累計: registered by the end of the year")


@strawberry.type(description="A pro bono worker in the bank (no personal data).")
class ProBonoWorker:
    party_id: strawberry.ID = strawberry.field(description="The worker's party (global ID)")
    status: str = strawberry.field(description="active, paused or left")
    registered_on: date
    years_of_experience: int
    hours_per_month: int
    available_until: date | None
    contact_consent: bool = strawberry.field(description="Consented to be contacted")
    skills: list[Term]
    municipalities: list[Term] = strawberry.field(description="Where they can serve")

    of = converted(
        q.Worker,
        party_id=lambda w: node_id("Party", w.party_id),
        skills=lambda w: [skill_term(s) for s in w.skills],
        municipalities=lambda w: [municipality_term(m) for m in w.municipalities],
    )


@strawberry.type(description="A worker proposed for a case's need, and how it went.")
class ProBonoMatch:
    party_id: strawberry.ID
    case_id: strawberry.ID
    skill: Term
    hours: int = strawberry.field(description="Hours asked for")
    hours_given: int | None = strawberry.field(description="Hours given, once completed")
    status: str = strawberry.field(description="proposed, accepted, declined or completed")
    proposed_on: date
    changed_on: date

    case_uuid: strawberry.Private[str]

    of = converted(
        q.Match,
        party_id=lambda m: node_id("Party", m.party_id),
        case_id=lambda m: node_id("Case", m.case_id),
        case_uuid=lambda m: m.case_id,
        skill=lambda m: skill_term(m.skill),
    )

    @strawberry.field(description="The case, where the caller may read it (else null)")
    async def case(self, info: Info) -> Case | None:
        summary = await cases_by_id(info.context).load(self.case_uuid)
        if summary is None or not may_read_case(info.context.actor, summary.centre):
            return None
        return Case.of(summary)


@strawberry.type(description="A skill a case needs for some hours (プロボノの依頼).")
class ProBonoNeed:
    skill: Term
    hours: int
    description: str
    declared_on: date


@strawberry.type(description="The pro bono worker bank and its indicator.")
class ProBonoBank:
    registered_total: int = strawberry.field(
        description="プロボノワーカーバンクの登録者数（累計）: every worker ever registered, once"
    )
    active_total: int = strawberry.field(description="Workers in the bank now, not paused")
    target: int = strawberry.field(description="The plan's target (seed 000)")
    target_fiscal_year: int
    by_fiscal_year: list[ProBonoYear]

    @strawberry.field(description="Workers, by skill and municipality (codes or names)")
    async def workers(
        self,
        info: Info,
        skill: str | None = None,
        municipality: str | None = None,
        include_inactive: bool = False,
    ) -> list[ProBonoWorker]:
        where = q.WorkerFilter(
            skill=_known(skill_code, skill, "skill"),
            municipality=_known(municipality_code, municipality, "municipality"),
            active_only=not include_inactive,
        )
        found = await read(bank_queries(info.context).workers, where)
        return [ProBonoWorker.of(w) for w in found]


def _known(code: Callable[[str], str], key: str | None, argument: str) -> str | None:
    if key is None:
        return None
    try:
        return code(key)
    except UnknownVocabularyError as error:
        raise bad_input(error.message, argument) from None


@strawberry.type(description="A registered party suggested for a case, with the reasons.")
class SuggestedPartner:
    party_id: strawberry.ID
    name: str = strawberry.field(description="Public name (a pro bono worker: the kind only)")
    kind: str
    score: int
    reasons: list[str] = strawberry.field(description="Why, in Japanese")
    rationale: str = strawberry.field(
        description="The reasons as one sentence: proposePartners keeps it as its rationale"
    )

    of = converted(Suggestion, party_id=lambda s: node_id("Party", s.party_id))


def _suggestions(context: Context, case_id: str, first: int) -> list[Suggestion] | None:
    queries = SuggestionQueries(context.container.read_store)
    case = queries.case_facts(case_id)
    if case is None or not may_read_case(context.actor, case.centre):
        return None
    return queries.suggested_partners(case_id, first)


def bank_queries(context: Context) -> q.ProBonoQueries:
    return cached(context, "pro_bono", lambda: q.ProBonoQueries(context.container.read_store))


def _allowed(info: Info) -> None:
    if not may_read_parties(info.context.actor):
        raise forbidden("プロボノワーカーバンク")


@strawberry.type
class ProBonoQuery:
    @strawberry.field(description="The skills of the pro bono worker bank (ja/en labels)")
    def pro_bono_skills(self) -> list[Term]:
        return [copied(Term, s) for s in SKILLS]

    @strawberry.field(description="プロボノワーカーバンク: its indicator and its workers")
    async def pro_bono_bank(self, info: Info) -> ProBonoBank:
        _allowed(info)
        figures = await read(bank_queries(info.context).figures)
        return copied(
            ProBonoBank,
            figures,
            target=q.TARGET,
            target_fiscal_year=q.TARGET_FISCAL_YEAR,
            by_fiscal_year=[copied(ProBonoYear, y) for y in figures.by_fiscal_year],
        )

    @strawberry.field(description="A case's pro bono needs, in the order declared")
    async def pro_bono_needs(self, info: Info, case_id: strawberry.ID) -> list[ProBonoNeed]:
        _allowed(info)
        case = str(decode_id(case_id, "Case", "caseId"))
        found = await read(bank_queries(info.context).needs, case)
        return [copied(ProBonoNeed, n, skill=skill_term(n.skill)) for n in found]

    @strawberry.field(description="Pro bono matches of a case, or of a worker")
    async def pro_bono_matches(
        self,
        info: Info,
        case_id: strawberry.ID | None = None,
        party_id: strawberry.ID | None = None,
    ) -> list[ProBonoMatch]:
        _allowed(info)
        case = None if case_id is None else str(decode_id(case_id, "Case", "caseId"))
        party = None if party_id is None else str(decode_id(party_id, "Party", "partyId"))
        found = await read(bank_queries(info.context).matches, case, party)
        return [ProBonoMatch.of(m) for m in found]

    @strawberry.field(
        description="協働ファシリテーターの提案: registered organisations and pro bono workers "
        "ranked for a case, each with its reasons; parties in the case or who left it are not"
    )
    async def suggested_partners(
        self, info: Info, case_id: strawberry.ID, first: int = 10
    ) -> list[SuggestedPartner]:
        if not 1 <= first <= MAX_SUGGESTIONS:
            raise bad_input(f"first は 1 から {MAX_SUGGESTIONS} で指定してください", "first")
        case = str(decode_id(case_id, "Case", "caseId"))
        found = await read(_suggestions, info.context, case, first)
        if found is None:
            raise bad_input("案件が見つかりません", "caseId")
        return [SuggestedPartner.of(s) for s in found]
