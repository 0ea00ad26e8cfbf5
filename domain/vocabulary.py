"""Controlled vocabularies with Japanese and English labels (GLOSSARY.md is the source).

Municipalities, centres, fields of activity and SDGs are data: another prefecture is added
by adding rows, not code. Enumerations whose members drive rules are `StrEnum`s.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Self, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Term:
    """One entry of a vocabulary: a stable code and its labels."""

    code: str
    ja: str
    en: str


@dataclass(frozen=True)
class Indicator(Term):
    """A KPI indicator (評価指標): its labels and its definition, in Japanese and English."""

    definition_ja: str
    definition_en: str


def terms(*rows: tuple[str | int, str, str]) -> tuple[Term, ...]:
    """A vocabulary from its rows `(code, ja, en)`, in order (a number is kept as its text)."""
    return tuple(Term(str(code), ja, en) for code, ja, en in rows)


class Labelled(StrEnum):
    """A StrEnum whose members carry their Japanese and English labels:
    `NPO_CORPORATION = "npo_corporation", "NPO法人", "NPO corporation"` (code, ja, en); a
    vocabulary whose members carry more (a status's mark) takes it in its own `__init__`."""

    _value_: str
    ja: str
    en: str

    def __new__(cls, code: str, ja: str = "", en: str = "", *more: str) -> Labelled:
        member = str.__new__(cls, code)
        member._value_ = code
        member.ja = ja
        member.en = en
        return member

    @classmethod
    def of(cls, code: str) -> Self:
        """The member of `code`, as `cls(code)` gives it, by one lookup instead of the enum
        machinery's call (a page of fifty cases made some two hundred of them); an unknown
        code is refused by that call, as before."""
        member = cls._value2member_map_.get(code)
        return member if member is not None else cls(code)  # type: ignore[return-value]


class PartyKind(Labelled):
    """Kind of a party (主体)"""

    NPO_CORPORATION = "npo_corporation", "NPO法人", "NPO corporation"
    VOLUNTARY_GROUP = (
        "voluntary_group",
        "ボランティア団体・市民活動団体（任意団体）",
        "Voluntary group",
    )
    NEIGHBOURHOOD_ASSOCIATION = (
        "neighbourhood_association",
        "自治会・町内会",
        "Neighbourhood association",
    )
    COMMUNITY_COUNCIL = "community_council", "地域づくり協議会", "Community council"
    BUSINESS = "business", "事業者（企業）", "Business"
    MUNICIPALITY = "municipality", "市町（行政）", "Municipality"
    PREFECTURE = "prefecture", "県（行政）", "Prefecture"
    SCHOOL = "school", "大学等の高等教育機関・高校", "School or university"
    INTERMEDIARY = "intermediary", "中間支援団体・支援センター", "Intermediary"
    SOCIAL_WELFARE_COUNCIL = "social_welfare_council", "社会福祉協議会", "Social welfare council"
    FOUNDATION = "foundation", "財団", "Foundation"
    PRO_BONO_WORKER = "pro_bono_worker", "プロボノワーカー（個人）", "Pro bono worker"

    @property
    def is_natural_person(self) -> bool:
        return self is PartyKind.PRO_BONO_WORKER


class PartyRole(Labelled):
    """Role of a party in a case"""

    PROPOSER = "proposer", "提案者", "Proposer"
    PARTNER = "partner", "協働パートナー", "Partner"
    FUNDER = "funder", "資金提供", "Funder"
    VENUE_OR_GOODS = "venue_or_goods", "場・物品の提供", "Venue or goods"
    EXPERTISE = "expertise", "専門知識・プロボノ", "Expertise / pro bono"
    PUBLIC_SUPPORT = "public_support", "行政支援", "Public support"


class CollaborationForm(Labelled):
    """Form of collaboration"""

    COMMISSION = "commission", "委託", "Commission"
    SUBSIDY = "subsidy", "補助・助成", "Subsidy or grant"
    CO_HOSTING = "co_hosting", "共催", "Co-hosting"
    SPONSORSHIP = "sponsorship", "後援", "Endorsement"
    EXECUTIVE_COMMITTEE = "executive_committee", "実行委員会", "Executive committee"
    JOINT_PLANNING = "joint_planning", "企画立案への参画", "Joint planning"
    BUSINESS_COOPERATION = "business_cooperation", "事業協力", "Business cooperation"
    INFORMATION_EXCHANGE = "information_exchange", "情報交換", "Information exchange"


class ClosureResult(Labelled):
    """How a case closed"""

    SUCCEEDED = "succeeded", "成功", "Succeeded"
    DISCONTINUED = "discontinued", "中止", "Discontinued"
    WITHDRAWN = "withdrawn", "取り下げ", "Withdrawn"


class CaseState(Labelled):
    """State of a case"""

    INTAKE = "intake", "相談受付", "Intake"
    COORDINATING = "coordinating", "調整中", "Coordinating"
    AGREED = "agreed", "合意済み", "Agreed"
    IN_PROGRESS = "in_progress", "活動中", "In progress"
    REVIEWING = "reviewing", "振り返り中", "Reviewing"
    CLOSED = "closed", "完了", "Closed"


class ReviewKind(Labelled):
    """Self or third-party review"""

    SELF = "self", "自己評価", "Self-assessment"
    THIRD_PARTY = "third_party", "第三者評価", "Third-party review"


class ActorRole(Labelled):
    """Role of a user"""

    FACILITATOR = "facilitator", "協働ファシリテーター", "Facilitator"
    CHIEF_FACILITATOR = "chief_facilitator", "統括協働ファシリテーター", "Chief facilitator"
    MEETING = "meeting", "情報共有・検討会議", "Information-sharing meeting"
    AUDITOR = "auditor", "監査人", "Auditor"
    ADMIN = "admin", "管理者", "Administrator"
    SYSTEM = "system", "システム", "System"


class Source(Labelled):
    """Where a step was recorded from: the API (the page), the command line, an import"""

    API = "api", "画面・API", "API"
    CLI = "cli", "コマンド", "CLI"
    IMPORT = "import", "取り込み", "Import"


@dataclass(frozen=True)
class Municipality:
    """A 市町 identified by its local-government code (全国地方公共団体コード, 5 digits)."""

    code: str
    ja: str
    en: str
    prefecture: str


@dataclass(frozen=True)
class Centre:
    """A support centre. `short` prefixes the case numbers it issues (山口-2024-012)."""

    code: str
    ja: str
    short: str
    municipality: str | None
    prefectural: bool = False


_YAMAGUCHI = (
    ("35201", "下関市", "Shimonoseki"),
    ("35202", "宇部市", "Ube"),
    ("35203", "山口市", "Yamaguchi"),
    ("35204", "萩市", "Hagi"),
    ("35206", "防府市", "Hofu"),
    ("35207", "下松市", "Kudamatsu"),
    ("35208", "岩国市", "Iwakuni"),
    ("35210", "光市", "Hikari"),
    ("35211", "長門市", "Nagato"),
    ("35212", "柳井市", "Yanai"),
    ("35213", "美祢市", "Mine"),
    ("35215", "周南市", "Shunan"),
    ("35216", "山陽小野田市", "Sanyo-Onoda"),
    ("35305", "周防大島町", "Suo-Oshima"),
    ("35321", "和木町", "Waki"),
    ("35341", "上関町", "Kaminoseki"),
    ("35343", "田布施町", "Tabuse"),
    ("35344", "平生町", "Hirao"),
    ("35502", "阿武町", "Abu"),
)

MUNICIPALITIES: tuple[Municipality, ...] = tuple(
    Municipality(code, ja, en, "山口県") for code, ja, en in _YAMAGUCHI
)

CENTRES: tuple[Centre, ...] = (
    Centre("pref", "やまぐち県民活動支援センター", "県", None, prefectural=True),
    Centre("shimonoseki", "しものせき市民活動センター", "下関", "35201"),
    Centre("ube", "宇部市市民活動センター", "宇部", "35202"),
    Centre("yamaguchi", "山口市市民活動支援センター", "山口", "35203"),
    Centre("hagi", "萩市市民活動センター", "萩", "35204"),
    Centre("hofu", "防府市市民活動支援センター", "防府", "35206"),
    Centre("kudamatsu", "下松市市民活動支援センター", "下松", "35207"),
    Centre("iwakuni", "岩国市市民活動支援センター", "岩国", "35208"),
    Centre("hikari", "光市市民活動支援センター", "光", "35210"),
    Centre("nagato", "長門市市民活動支援センター", "長門", "35211"),
    Centre("yanai", "柳井市市民活動支援センター", "柳井", "35212"),
    Centre("shunan", "周南市市民活動支援センター", "周南", "35215"),
    Centre("sanyo_onoda", "山陽小野田市市民活動センター", "山陽小野田", "35216"),
)

FIELDS_OF_ACTIVITY: tuple[Term, ...] = terms(
    ("health_welfare", "保健・医療・福祉", "Health, medical care and welfare"),
    ("social_education", "社会教育", "Social education"),
    ("community_development", "まちづくり", "Community development"),
    ("tourism", "観光", "Tourism"),
    ("rural_areas", "農山漁村・中山間地域", "Rural and hilly areas"),
    ("culture_sports", "学術・文化・芸術・スポーツ", "Learning, culture, arts and sports"),
    ("environment", "環境の保全", "Environmental conservation"),
    ("disaster_relief", "災害救援", "Disaster relief"),
    ("community_safety", "地域安全", "Community safety"),
    ("human_rights_peace", "人権・平和", "Human rights and peace"),
    ("international_cooperation", "国際協力", "International cooperation"),
    ("gender_equality", "男女共同参画", "Gender equality"),
    ("child_development", "子どもの健全育成", "Healthy development of children"),
    ("information_society", "情報化社会", "Information society"),
    ("science_technology", "科学技術", "Science and technology"),
    ("economic_vitality", "経済活動の活性化", "Economic vitality"),
    ("employment", "職業能力・雇用機会", "Vocational skills and employment"),
    ("consumer_protection", "消費者の保護", "Consumer protection"),
    ("nonprofit_support", "団体の運営支援", "Support for civic organisations"),
    ("ordinance", "条例で定める活動", "Activities set by ordinance"),
)

SDGS: tuple[Term, ...] = terms(
    (1, "貧困をなくそう", "No poverty"),
    (2, "飢餓をゼロに", "Zero hunger"),
    (3, "すべての人に健康と福祉を", "Good health and well-being"),
    (4, "質の高い教育をみんなに", "Quality education"),
    (5, "ジェンダー平等を実現しよう", "Gender equality"),
    (6, "安全な水とトイレを世界中に", "Clean water and sanitation"),
    (7, "エネルギーをみんなに そしてクリーンに", "Affordable and clean energy"),
    (8, "働きがいも経済成長も", "Decent work and economic growth"),
    (9, "産業と技術革新の基盤をつくろう", "Industry, innovation and infrastructure"),
    (10, "人や国の不平等をなくそう", "Reduced inequalities"),
    (11, "住み続けられるまちづくりを", "Sustainable cities and communities"),
    (12, "つくる責任 つかう責任", "Responsible consumption and production"),
    (13, "気候変動に具体的な対策を", "Climate action"),
    (14, "海の豊かさを守ろう", "Life below water"),
    (15, "陸の豊かさも守ろう", "Life on land"),
    (16, "平和と公正をすべての人に", "Peace, justice and strong institutions"),
    (17, "パートナーシップで目標を達成しよう", "Partnerships for the goals"),
)

KPI_INDICATORS: tuple[Indicator, ...] = tuple(
    Indicator(code, ja, en, definition_ja, definition_en)
    for code, ja, en, definition_ja, definition_en in (
        (
            "cases_opened",
            "相談受付件数",
            "Cases opened",
            "その年度に相談を受け付けた案件の数（相談受付日の年度で数える）。",
            "Cases whose consultation was received in the fiscal year.",
        ),
        (
            "matchings",
            "マッチング件数（参加団体）",
            "Matchings (parties joined)",
            "案件に参加した団体の数。同じ案件に同じ団体が抜けて再び参加しても1と数え、"
            "その団体が初めて参加した日の年度に数える。",
            "Distinct parties per case, counted once, in the fiscal year they first joined it "
            "(a party that withdraws and rejoins counts once).",
        ),
        (
            "agreements",
            "協働合意件数",
            "Agreements",
            "初めて合意した日がその年度にある案件の数（1案件につき1件）。",
            "Cases whose first agreement falls in the fiscal year (once per case).",
        ),
        (
            "successes",
            "協働成功件数",
            "Successes",
            "その年度に「成功」で完了した案件の数（完了の区分の訂正を反映）。",
            "Cases closed as succeeded in the fiscal year (corrected results included).",
        ),
        (
            "success_rate",
            "成功率（%）",
            "Success rate (%)",
            "その年度の完了のうち成功の割合。小数第1位まで四捨五入。",
            "Successes over all closures of the fiscal year, rounded half up to one decimal.",
        ),
        (
            "median_days_to_agreement",
            "合意までの日数（中央値）",
            "Median days to agreement",
            "その年度に初めて合意した案件の、相談受付から合意までの日数の中央値。"
            "小数第1位まで四捨五入。",
            "Median days from consultation to first agreement, for the cases first agreed "
            "in the fiscal year, rounded half up to one decimal.",
        ),
        (
            "volunteers",
            "ボランティア動員数",
            "Volunteers mobilised",
            "その年度に実施した活動のボランティア数の合計（訂正を反映）。",
            "Volunteers of the activities carried out in the fiscal year (corrections included).",
        ),
        (
            "published_cases",
            "成功事例の公開件数",
            "Published success cases",
            "その年度に公開され、今も取り下げられていない成功事例の数。",
            "Success cases published in the fiscal year and not withdrawn since.",
        ),
        (
            "pro_bono_registrations",
            "プロボノワーカーバンクの登録者数（累計）",
            "Pro bono bank registrations (cumulative)",
            "その年度の末までにプロボノワーカーバンクに登録した人の数（累計）。退会した人も数え、"
            "再登録は1人と数える。市町ごとの数は、その市町で活動できるとして登録した人の数。",
            "People registered in the pro bono worker bank by the end of the fiscal year "
            "(cumulative: those who left count, one who joined again counts once); per "
            "municipality, those registered as able to work there.",
        ),
        (
            "registered_groups",
            "登録団体数",
            "Registered groups",
            "その年度の末に支援センターに登録している団体の数（登録日の年度から数え、登録を抹消した"
            "年度からは数えない）。行政（市町・県）と個人（プロボノワーカー）は数えない。"
            "市町ごとの数は、その市町の団体の数。",
            "Groups registered with the support centres at the end of the fiscal year (from the "
            "year of their registration date; not from the year they left the register); "
            "governments (municipalities, the prefecture) and "
            "individuals (pro bono workers) are not counted. Per municipality, its groups.",
        ),
    )
)


def index_by(items: Iterable[T], *keys: str) -> Mapping[str, T]:
    """Each item under the text of each of its `keys` (its code, its label, ...)."""
    found: dict[str, T] = {}
    for item in items:
        for key in keys:
            found[str(getattr(item, key))] = item
    return found


MUNICIPALITY_BY_KEY: Mapping[str, Municipality] = index_by(MUNICIPALITIES, "code", "ja")
CENTRE_BY_KEY: Mapping[str, Centre] = index_by(CENTRES, "code", "ja", "short")
FIELD_BY_KEY: Mapping[str, Term] = index_by(FIELDS_OF_ACTIVITY, "code", "ja")
KPI_INDICATOR_BY_KEY: Mapping[str, Indicator] = index_by(KPI_INDICATORS, "code", "ja")
SDG_BY_NUMBER: Mapping[int, Term] = {int(t.code): t for t in SDGS}
