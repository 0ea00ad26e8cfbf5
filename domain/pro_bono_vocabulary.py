"""The pro bono worker bank's vocabulary (プロボノワーカーバンク, seed 000 §2(6)): the skills
a worker offers and a case needs. Data, like `FIELDS_OF_ACTIVITY`: a skill is added by adding
a row, not code."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from domain.errors import BlankValueError
from domain.rules import code_in
from domain.vocabulary import Term, index_by, terms

SKILLS: tuple[Term, ...] = terms(
    ("pr_design", "広報・デザイン", "Public relations and design"),
    ("it_web", "IT・ウェブ", "IT and the web"),
    ("accounting_tax", "会計・税務", "Accounting and tax"),
    ("legal", "法務", "Legal affairs"),
    ("business_planning", "経営・事業計画", "Management and business planning"),
    ("translation", "翻訳", "Translation"),
    ("photo_video", "写真・映像", "Photography and video"),
    ("fundraising", "資金調達・助成金申請", "Fundraising and grant applications"),
    ("human_resources", "人事・労務", "Human resources and labour"),
    ("facilitation", "ファシリテーション", "Facilitation"),
    ("research", "調査・分析", "Research and analysis"),
    ("care_health", "医療・福祉の専門知識", "Medical and welfare expertise"),
)

SKILL_BY_KEY: Mapping[str, Term] = index_by(SKILLS, "code", "ja")


def skill_code(key: str, field: str = "skill") -> str:
    """A skill's code, named by its code or its Japanese name."""
    return code_in(SKILL_BY_KEY, str(key).strip(), field, "スキル")


def skill_codes(keys: Iterable[str], field: str = "skills") -> tuple[str, ...]:
    """Codes, once each, in order; at least one."""
    codes = tuple(dict.fromkeys(skill_code(k, field) for k in keys))
    if not codes:
        raise BlankValueError(field=field, label="スキル")
    return codes
