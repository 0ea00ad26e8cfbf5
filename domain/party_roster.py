"""A centre's roster of registered groups (登録団体名簿), as its spreadsheet gives it: a table
of texts whose heading row names the columns. Each row becomes a `RegisterParty` command, or
the problems that keep it from being one.

A centre keeps its roster in Excel long before it keeps a ledger (seed 004, NO 30:
「市民活動支援センターの団体登録」); its first day in kyodo starts from that list. The headings
are found by name, in any order, with the words centres use for them (`COLUMNS`), below any
title lines; values are read as people type them (種別 「任意団体」, a consent 「○」, a day
「令和6年4月1日」). Whether a row's command is one the ledger takes is the rule's to say
(`Party.register_party`), not this module's: the application asks it for every row before
recording any.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from domain import rules
from domain.commands import RegisterParty
from domain.errors import DomainError, ValidationError
from domain.fiscal import date_written
from domain.values import ContactDetails
from domain.vocabulary import MUNICIPALITIES, PartyKind

MAX_ROWS = 1000
"""Rows of groups one import takes: a centre's roster is a few hundred; a larger file is
split (the prefecture's 2,211 registered groups are the roster of twenty centres)."""

HEADING_ROWS = 10
"""Title lines above the headings that are passed over (「令和6年度 登録団体一覧」)."""


@dataclass(frozen=True)
class RosterColumn:
    key: str
    heading: str
    """The heading kyodo's template writes, and the name a problem gives the column."""
    aliases: tuple[str, ...] = ()
    required: bool = False


COLUMNS: tuple[RosterColumn, ...] = (
    RosterColumn("name", "団体名", ("名称", "団体名称", "団体の名称"), required=True),
    RosterColumn("kind", "種別", ("団体種別", "団体の種別", "主体", "主体の種別"), required=True),
    RosterColumn(
        "municipality", "市町", ("市町名", "所在市町", "市区町村", "市町村"), required=True
    ),
    RosterColumn("fields", "活動分野", ("分野", "主な活動分野")),
    RosterColumn(
        "publication_consent", "事例集への掲載同意", ("公開への同意", "公開同意", "掲載同意")
    ),
    RosterColumn("occurred_on", "登録日", ("登録年月日",)),
    RosterColumn("person_name", "担当者名", ("担当者", "代表者名", "代表者", "連絡担当者")),
    RosterColumn("phone", "電話番号", ("電話", "TEL", "電話番号（日中）")),
    RosterColumn("email", "メールアドレス", ("メール", "E-MAIL", "EMAIL")),
    RosterColumn("address", "住所", ("所在地", "連絡先住所")),
)
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}

KIND_WORDS: dict[str, PartyKind] = {
    "NPO": PartyKind.NPO_CORPORATION,
    "特定非営利活動法人": PartyKind.NPO_CORPORATION,
    "任意団体": PartyKind.VOLUNTARY_GROUP,
    "ボランティア団体": PartyKind.VOLUNTARY_GROUP,
    "市民活動団体": PartyKind.VOLUNTARY_GROUP,
    "自治会": PartyKind.NEIGHBOURHOOD_ASSOCIATION,
    "町内会": PartyKind.NEIGHBOURHOOD_ASSOCIATION,
    "企業": PartyKind.BUSINESS,
    "事業者": PartyKind.BUSINESS,
    "大学": PartyKind.SCHOOL,
    "高校": PartyKind.SCHOOL,
    "社協": PartyKind.SOCIAL_WELFARE_COUNCIL,
    "中間支援団体": PartyKind.INTERMEDIARY,
    "支援センター": PartyKind.INTERMEDIARY,
}
"""Words rosters write for a kind, beside each kind's code and Japanese name."""

KINDS_HINT = "（NPO法人・任意団体・自治会・企業・大学・社会福祉協議会 など）"
_YES = {
    "はい",
    "○",
    "〇",
    "◯",
    "有",
    "あり",
    "同意",
    "同意する",
    "同意あり",
    "可",
    "1",
    "TRUE",
    "YES",
}
_NO = {
    "",
    "いいえ",
    "×",
    "✕",
    "無",
    "なし",
    "同意しない",
    "同意なし",
    "不可",
    "0",
    "FALSE",
    "NO",
    "-",
}
_LIST_SEPARATORS = re.compile(r"[、,，;；/／\n]")
_PARENTHESES = re.compile(r"[（(][^）)]*[）)]")


class RosterError(ValidationError):
    """The roster as a whole cannot be imported: its field is the file."""

    def __init__(self, **details: Any) -> None:
        super().__init__(field="file", **details)


class RosterUnreadableError(RosterError):
    code = "roster_unreadable"
    template = (
        "名簿のファイルを読めません（{reason}）。"
        "エクセルのブックか、カンマ区切りのテキストとして保存し直してください"
    )


class RosterEmptyError(RosterError):
    code = "roster_empty"
    template = "名簿に団体の行がありません"


class RosterTooLargeError(RosterError):
    code = "roster_too_large"
    template = (
        "名簿の団体が{rows}行あります。一度に取り込めるのは{limit}行までです。"
        "ファイルを分けてください"
    )


class RosterColumnsMissingError(RosterError):
    code = "roster_columns_missing"
    template = (
        "名簿の見出しに{missing}が見つかりません（最初の{rows}行のうちに、"
        "団体名・種別・市町を見出しとする行が要ります）"
    )


class RosterInvalidError(RosterError):
    """Some rows cannot be registered as written: nothing of the roster was recorded."""

    code = "roster_invalid"
    template = (
        "名簿の{rows}行に直すところがあります（{count}件）。何も登録していません。"
        "直してからもう一度取り込んでください"
    )

    def __init__(self, problems: Sequence[RosterProblem]) -> None:
        self.problems = tuple(problems)
        rows = len({p.line for p in self.problems})
        super().__init__(rows=rows, count=len(self.problems))


@dataclass(frozen=True)
class RosterProblem:
    """Why one row cannot be registered as written: its line in the spreadsheet, the
    column's heading (empty: the row as a whole), and a stable code with a Japanese message."""

    line: int
    column: str
    code: str
    message: str


@dataclass(frozen=True)
class RosterRow:
    line: int
    """The row's number as the spreadsheet shows it (the heading row counts)."""
    name: str
    kind: PartyKind | None
    municipality: str
    """As written: the rule reads it as a code or a name."""
    command: RegisterParty | None
    problems: tuple[RosterProblem, ...] = ()
    stated_consent: bool | None = None
    """The consent to the library as the row states it (○ or ×, はい or いいえ …); None when
    its cell is blank or the roster has no such column. A group already registered takes a
    stated consent that differs from its own; a blank one changes nothing."""


@dataclass(frozen=True)
class Roster:
    rows: tuple[RosterRow, ...]
    ignored_columns: tuple[str, ...]
    """Headings that are none of `COLUMNS` (備考, 会員数, …): their cells are not recorded."""


def read_roster(table: Sequence[Sequence[str]]) -> Roster:
    """The rows of `table` below its heading row, each read into a command or its problems."""
    at, positions, ignored = _headings(table)
    rows = []
    for offset, cells in enumerate(table[at + 1 :], start=at + 2):
        values = {key: _cell(cells, i) for key, i in positions.items()}
        if any(values.values()):
            rows.append(_row(offset, values))
    if not rows:
        raise RosterEmptyError()
    if len(rows) > MAX_ROWS:
        raise RosterTooLargeError(rows=len(rows), limit=MAX_ROWS)
    return Roster(tuple(rows), ignored)


def heading_key(text: str) -> str:
    """A heading as compared: width and case folded, spaces, notes in brackets and marks
    (`団体名（必須）`, `※電話`) left out."""
    folded = unicodedata.normalize("NFKC", text).upper()
    return "".join(_PARENTHESES.sub("", folded).replace("※", "").replace("*", "").split())


_HEADING_TO_KEY = {
    heading_key(name): column.key
    for column in COLUMNS
    for name in (column.heading, *column.aliases)
}


def _headings(table: Sequence[Sequence[str]]) -> tuple[int, dict[str, int], tuple[str, ...]]:
    """The heading row (the first of the first `HEADING_ROWS` that names every required
    column), where each column stands, and the headings kyodo does not read."""
    required = [c for c in COLUMNS if c.required]
    best: list[str] = [c.heading for c in required]
    for at, cells in enumerate(table[:HEADING_ROWS]):
        positions: dict[str, int] = {}
        ignored: list[str] = []
        for i, cell in enumerate(cells):
            key = _HEADING_TO_KEY.get(heading_key(cell))
            if key is not None and key not in positions:
                positions[key] = i
            elif cell.strip():
                ignored.append(cell.strip())
        missing = [c.heading for c in required if c.key not in positions]
        if not missing:
            return at, positions, tuple(ignored)
        if len(missing) < len(best):
            best = missing
    named = "".join(f"「{m}」" for m in best)
    raise RosterColumnsMissingError(missing=named, rows=HEADING_ROWS)


def _cell(cells: Sequence[str], i: int) -> str:
    return cells[i].strip() if i < len(cells) else ""


def _row(line: int, values: dict[str, str]) -> RosterRow:
    problems: list[RosterProblem] = []

    def problem(key: str, code: str, message: str) -> None:
        problems.append(RosterProblem(line, COLUMN_BY_KEY[key].heading, code, message))

    kind = party_kind(values.get("kind", ""))
    if kind is None:
        written = values.get("kind", "")
        if written:
            problem(
                "kind", "unknown_value", f"「{written}」は種別として登録されていません{KINDS_HINT}"
            )
        else:
            problem("kind", "blank_value", "種別を入力してください")
    elif kind.is_natural_person:
        problem(
            "kind",
            "roster_natural_person",
            "個人（プロボノワーカー）は名簿から取り込めません。団体のページから一人ずつ登録してください",
        )
    consent = yes_or_no(values.get("publication_consent", ""))
    if consent is None:
        written = values["publication_consent"]
        problem(
            "publication_consent",
            "invalid_value",
            f"「{written}」は同意の有無として読めません（はい・いいえ、○・×）",
        )
    occurred_on: date | None = None
    if values.get("occurred_on"):
        occurred_on = date_written(values["occurred_on"])
        if occurred_on is None:
            written = values["occurred_on"]
            problem(
                "occurred_on",
                "invalid_value",
                f"「{written}」は日付として読めません（2024-04-01、令和6年4月1日など）",
            )
    municipality = _without_prefecture(values.get("municipality", ""))
    command = None
    if problems:  # the row goes no further: its name and city are still checked, by the rule's
        checks = (
            ("name", values.get("name", ""), _named),
            ("municipality", municipality, rules.municipality_code),
        )
        for key, value, check in checks:
            try:
                check(value)
            except DomainError as refusal:
                problems.append(
                    RosterProblem(line, COLUMN_BY_KEY[key].heading, refusal.code, refusal.message)
                )
    elif kind is not None:
        command = RegisterParty(
            kind=kind,
            name=values.get("name", ""),
            municipality=municipality,
            fields=tuple(
                f.strip() for f in _LIST_SEPARATORS.split(values.get("fields", "")) if f.strip()
            ),
            contact=_contact(values),
            publication_consent=bool(consent),
            occurred_on=occurred_on,
        )
    stated = consent if values.get("publication_consent", "").strip() else None
    name = values.get("name", "")
    return RosterRow(line, name, kind, municipality, command, tuple(problems), stated)


def _without_prefecture(written: str) -> str:
    """「山口県山口市」 as 山口市: a municipality written after its prefecture's name (the
    prefectures the vocabulary knows)."""
    for prefecture in {m.prefecture for m in MUNICIPALITIES}:
        if written.startswith(prefecture) and len(written) > len(prefecture):
            return written[len(prefecture) :]
    return written


def _named(name: str) -> str:
    return rules.require_text(name, "name", "団体名")


def party_kind(text: str) -> PartyKind | None:
    """The kind a roster names by its code, its Japanese name or a word of `KIND_WORDS`."""
    key = heading_key(text)
    if not key:
        return None
    for kind in PartyKind:
        if key in (kind.value.upper(), heading_key(kind.ja)):
            return kind
    return KIND_WORDS.get(key)


def yes_or_no(text: str) -> bool | None:
    """A consent as rosters write it (はい/いいえ, ○/×, 有/無, 1/0; blank: no), or None."""
    key = heading_key(text)
    if key in _YES:
        return True
    if key in _NO:
        return False
    return None


def _contact(values: dict[str, str]) -> ContactDetails | None:
    contact = ContactDetails(
        person_name=values.get("person_name", ""),
        email=values.get("email", ""),
        phone=values.get("phone", ""),
        address=values.get("address", ""),
    )
    return contact if contact != ContactDetails() else None


def party_identity(name: str, municipality: str) -> tuple[str, str]:
    """What makes two rows, or a row and a registered party, the same group: the name with
    width, case and spaces folded, and the municipality's code."""
    return "".join(unicodedata.normalize("NFKC", name).casefold().split()), municipality


def column_of(field: str) -> str:
    """The heading of the column a rule's refusal names by its field (`contact.personName`:
    担当者名); empty when it names none of them."""
    key = re.sub(r"(?<!^)(?=[A-Z])", "_", field.rsplit(".", 1)[-1]).lower()
    column = COLUMN_BY_KEY.get(key)
    return column.heading if column else ""
