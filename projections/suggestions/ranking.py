"""How candidates are ranked for a case, and the reasons said in Japanese (pure).

Points: a needed skill 5; each shared field of activity 3; the case's municipality 3 (a
worker: one they serve), a neighbouring one 1; each similar case (sharing a field) the party
helped succeed 2; each similar case replicating a success case they took part in 2. Ties: by
name, then id. A candidate is suggested only for what it can bring: a needed skill, a shared
field, or its part in similar cases; the place only ranks it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from domain.pro_bono_vocabulary import SKILL_BY_KEY
from domain.vocabulary import FIELD_BY_KEY, MUNICIPALITY_BY_KEY

SKILL, FIELD, SAME_PLACE, NEAR, SUCCESS, REPLICATION = 5, 3, 3, 1, 2, 2


@dataclass(frozen=True)
class CaseFacts:
    case_id: str
    centre: str
    municipality: str
    fields: frozenset[str]
    skills: frozenset[str]
    """The skills its pro bono needs name."""
    excluded: frozenset[str]
    """Parties already in the case (active or withdrawn) and its initiating party."""


@dataclass(frozen=True)
class Candidate:
    party_id: str
    kind: str
    name: str
    municipality: str
    fields: frozenset[str] = frozenset()
    skills: frozenset[str] = frozenset()
    areas: frozenset[str] = frozenset()
    """Where a pro bono worker serves (an organisation: empty, its own municipality counts)."""


@dataclass(frozen=True)
class Suggestion:
    party_id: str
    kind: str
    name: str
    score: int
    reasons: tuple[str, ...] = field(default_factory=tuple)

    @property
    def rationale(self) -> str:
        """What `PartnersProposed` keeps when the suggestion is proposed."""
        return f"{self.name}: " + "、".join(self.reasons)


def _ja(index: Mapping[str, object], code: str) -> str:
    return str(getattr(index.get(code), "ja", code))


def _places(c: Candidate) -> frozenset[str]:
    return c.areas or frozenset({c.municipality})


def rank(
    case: CaseFacts,
    candidate: Candidate,
    neighbours: Collection[str],
    successes: int = 0,
    replications: int = 0,
) -> Suggestion | None:
    score, reasons = 0, []
    skills = sorted(case.skills & candidate.skills)
    if skills:
        score += SKILL * len(skills)
        names = "・".join(_ja(SKILL_BY_KEY, s) for s in skills)
        reasons.append(f"案件が必要とするスキル（{names}）")
    shared = sorted(case.fields & candidate.fields)
    if shared:
        score += FIELD * len(shared)
        reasons.append(f"同じ活動分野（{'・'.join(_ja(FIELD_BY_KEY, f) for f in shared)}）")
    places = _places(candidate)
    here = _ja(MUNICIPALITY_BY_KEY, case.municipality)
    near = sorted(places & set(neighbours))
    if case.municipality in places:
        score += SAME_PLACE
        reasons.append(f"同じ市町（{here}）" if not candidate.areas else f"{here}で活動できる")
    elif near:
        score += NEAR
        reasons.append(f"近隣の市町（{'・'.join(_ja(MUNICIPALITY_BY_KEY, m) for m in near)}）")
    if successes:
        score += SUCCESS * successes
        reasons.append(f"似た案件{successes}件で協働に成功")
    if replications:
        score += REPLICATION * replications
        reasons.append(f"成功事例の横展開に{replications}件参加")
    if not (skills or shared or successes or replications):
        return None
    return Suggestion(candidate.party_id, candidate.kind, candidate.name, score, tuple(reasons))


def ranked(suggestions: list[Suggestion], first: int) -> list[Suggestion]:
    return sorted(suggestions, key=lambda s: (-s.score, s.name, s.party_id))[:first]
