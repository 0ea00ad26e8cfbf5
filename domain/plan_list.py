"""A plan's status list (実施状況一覧) as a tab-separated text in the layout of seed 004, and
the commands that record what it says and the ledger does not know yet. Pure: no I/O.

The layout: a heading row per policy (`I 参加しやすく…`) and per measure (`(1) 活動(交流)拠点
機能の充実`) — in the first column as the city prints them, or in the first and second
column —, then one row per item: `<tab><tab>NO<tab>推進項目<tab>実施状況<tab>今後の取扱い<tab>
検証内容`. A row marked 【再掲】 (or whose number came before and whose cells are `-`) lists an
item again under the current measure. `統合` may name its target: `統合:11`. Lines that
start with `# 計画`, `# 市町` and `# 年度` (a tab, then the value) name the plan, its
municipality and the fiscal year; other `#` lines, the legend, the column headings, HTML bold
tags and blank lines are skipped, so the seed's own text reads as it is.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from uuid import UUID

from domain.commands import plan as c
from domain.commands.base import Command
from domain.errors import InvalidValueError
from domain.plan_vocabulary import (
    NOT_APPLICABLE,
    RESTATED,
    FutureHandling,
    handling_of,
    status_of,
)
from domain.plans import ItemStatus, Placement, Plan, plan_id

_MEASURE = re.compile(r"^[(（]\s*\d+\s*[)）]")
_TAGS = re.compile(r"</?\w+>")
_MERGED = re.compile(r"^統合\s*[:：（(]?\s*(?:No\.?)?\s*(\d+)\s*[)）]?$")
_SKIPPED = ("推進方針\t", "実施状況：", "実施状況:")
_META = {"計画": "plan", "市町": "municipality", "年度": "fiscal_year"}


@dataclass(frozen=True)
class ListedRow:
    """One item row of the list, where it stands and what it says."""

    line: int
    policy: str
    measure: str
    number: int
    title: str
    restated: bool
    status: ItemStatus | None


@dataclass(frozen=True)
class StatusListText:
    plan: str = ""
    municipality: str = ""
    fiscal_year: int | None = None
    rows: tuple[ListedRow, ...] = field(default=())

    def given(self, plan: str | None, municipality: str | None, year: int | None) -> StatusListText:
        """The list with what the caller names instead of what the file says."""
        return replace(
            self,
            plan=plan or self.plan,
            municipality=municipality or self.municipality,
            fiscal_year=year or self.fiscal_year,
        )

    @property
    def plan_id(self) -> UUID:
        return plan_id(self.plan)


def _bad(line: int, reason: str) -> InvalidValueError:
    return InvalidValueError(field="file", label=f"{line}行目", reason=reason)


def _cells(raw: str) -> list[str]:
    cells = [_TAGS.sub("", cell).strip() for cell in raw.split("\t")]
    return cells + [""] * (7 - len(cells))


def _number(text: str, line: int) -> int:
    digits = unicodedata.normalize("NFKC", text)
    if not digits.isdigit() or int(digits) < 1:
        raise _bad(line, f"番号「{text}」が1以上の数字ではありません")
    return int(digits)


def _status(cells: list[str], line: int) -> ItemStatus | None:
    mark, handling_text, note = cells[4], cells[5], cells[6]
    if not mark and not handling_text:
        return None
    status = status_of(mark)
    if status is None:
        raise _bad(line, f"実施状況「{mark}」は ◎ ○ △ × のいずれかで書いてください")
    merged = _MERGED.match(unicodedata.normalize("NFKC", handling_text))
    handling = FutureHandling.MERGED if merged else handling_of(handling_text)
    if handling is None:
        raise _bad(line, f"今後の取扱い「{handling_text}」は 完了・継続・廃止・統合 のいずれかです")
    return ItemStatus(status, handling, int(merged[1]) if merged else None, note)


def _meta(text: str, found: dict[str, str]) -> None:
    key, _, value = text.lstrip("#").strip().partition("\t")
    if key.strip() in _META and value.strip():
        found[_META[key.strip()]] = value.strip()


def parse_status_list(text: str) -> StatusListText:
    """The rows of a status list; a line that cannot be read is refused with its number."""
    meta: dict[str, str] = {}
    rows: list[ListedRow] = []
    policy = measure = ""
    seen: set[int] = set()
    for line, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        if raw.startswith("#"):
            _meta(raw, meta)
            continue
        if not raw.strip() or raw.lstrip().startswith(_SKIPPED):
            continue
        cells = _cells(raw)
        if not cells[2] and not cells[3]:
            heading = cells[0] or cells[1]
            if cells[1] or _MEASURE.match(heading):
                measure = heading
            else:
                policy, measure = heading, ""
            continue
        if not policy or not measure:
            raise _bad(line, "推進方針と推進施策の見出しより前に推進項目があります")
        number, title = _number(cells[2], line), cells[3]
        repeated = number in seen and cells[4] in (NOT_APPLICABLE, "")
        restated = title.endswith(RESTATED) or repeated
        if number in seen and not restated:
            raise _bad(line, f"No.{number} が二度あります（再掲なら【再掲】と書いてください）")
        status = None if restated else _status(cells, line)
        title = title.removesuffix(RESTATED).strip()
        rows.append(ListedRow(line, policy, measure, number, title, restated, status))
        seen.add(number)
    year = meta.get("fiscal_year")
    if year is not None and not year.isdigit():
        raise InvalidValueError(field="file", label="年度", reason="西暦の年度を書いてください")
    return StatusListText(
        meta.get("plan", ""), meta.get("municipality", ""), int(year) if year else None, tuple(rows)
    )


def import_commands(listed: StatusListText, plan: Plan | None) -> list[Command]:
    """What recording `listed` takes, given the plan as the ledger knows it (None: not yet
    registered): nothing that is already recorded, so importing a list twice records nothing
    and a changed status records only the change."""
    if not listed.plan:
        raise InvalidValueError(field="plan", label="計画名", reason="計画名を指定してください")
    if listed.fiscal_year is None:
        raise InvalidValueError(field="fiscalYear", label="年度", reason="年度を指定してください")
    commands: list[Command] = []
    if plan is None:
        commands.append(c.RegisterPlan(name=listed.plan, municipality=listed.municipality or None))
    known = _Known(plan)
    for row in listed.rows:
        commands.extend(known.commands(listed.plan_id, listed.fiscal_year, row))
    return commands


class _Known:
    """The items, placements and statuses recorded so far (by the ledger or this import)."""

    def __init__(self, plan: Plan | None) -> None:
        items = plan.items.values() if plan else ()
        self.placed: dict[int, set[Placement]] = {
            i.number: {i.placement, *i.restated_under} for i in items
        }
        self.statuses = {(i.number, y): s for i in items for y, s in i.statuses.items()}

    def commands(self, plan: UUID, year: int, row: ListedRow) -> Iterator[Command]:
        placement = (row.policy, row.measure)
        placed = self.placed.setdefault(row.number, set()) if not row.restated else None
        if placed is not None and not placed:
            yield c.AddPlanItem(plan, row.number, row.title, *placement)
            placed.add(placement)
        elif row.restated and placement not in self.placed.get(row.number, set()):
            yield c.RestatePlanItem(plan, row.number, *placement)
            self.placed.setdefault(row.number, set()).add(placement)
        status = row.status
        if status is not None and self.statuses.get((row.number, year)) != status:
            yield c.RecordPlanItemStatus(
                plan,
                row.number,
                year,
                status.status,
                status.handling,
                status.merged_into,
                status.review_note,
            )
            self.statuses[row.number, year] = status
