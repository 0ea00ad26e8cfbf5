"""Open data (オープンデータ): the published success-case library as CSV and JSON.

What is published is what the public library read model holds (`projections.library`):
published cases only, organisation names only when the organisation is named in the
published story, never a natural person's name nor any contact detail. Every record carries
the licence (`KYODO_OPEN_DATA_LICENCE`, CC BY 4.0 by default). The columns are declared once
below; `docs/open-data.md` documents each (a test checks that it does).

Who may download: whoever may read the library (`application.permissions`). With
`KYODO_PUBLIC_LIBRARY=1` a caller without a token may download too, and read nothing else.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any, TypeVar

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from api.auth import AuthenticationError, TokenIssuer
from application.permissions import may_read_library
from domain.values import Actor
from projections.engine import ReadConnections
from projections.library import queries as q
from projections.library.entry import LibraryEntry, OutcomeFigure, PublicParty

LICENCE_ENV = "KYODO_OPEN_DATA_LICENCE"
PUBLIC_ENV = "KYODO_PUBLIC_LIBRARY"
DEFAULT_LICENCE = "CC BY 4.0"
TITLE = "協働事例集（成功事例）オープンデータ"
FORMATS = ("csv", "json")
BOM = "\ufeff"
LIST_SEPARATOR = ";"
_BATCH = 500
_ON = frozenset({"1", "true", "yes", "on"})
_OFF = frozenset({"", "0", "false", "no", "off"})
R = TypeVar("R")


def licence(environ: Mapping[str, str] | None = None) -> str:
    """The licence every record carries: `KYODO_OPEN_DATA_LICENCE`, else CC BY 4.0."""
    env = os.environ if environ is None else environ
    return env.get(LICENCE_ENV, "").strip() or DEFAULT_LICENCE


def public_library(environ: Mapping[str, str] | None = None) -> bool:
    """`KYODO_PUBLIC_LIBRARY`: 1 opens the open-data downloads to callers without a token."""
    env = os.environ if environ is None else environ
    raw = env.get(PUBLIC_ENV, "").strip().lower()
    if raw not in _ON | _OFF:
        raise ValueError(f"{PUBLIC_ENV} must be 1 or 0 (got {raw!r})")
    return raw in _ON


def _figure(f: OutcomeFigure) -> str:
    actual = "-" if f.actual is None else f.actual
    target = "-" if f.target is None else f.target
    note = f"（{f.note}）" if f.note else ""
    return f"{f.indicator}: 実績 {actual}{f.unit} / 目標 {target}{f.unit}{note}"


def _party(p: PublicParty) -> str:
    if p.name is None:
        return f"{p.kind_label}（{p.role_label}）"
    return f"{p.name}（{p.kind_label}・{p.role_label}）"


@dataclass(frozen=True)
class Column:
    """One column of the open data: its name (CSV heading, JSON key), type, meaning in
    Japanese and English, its value in a record, and how a list becomes one CSV cell."""

    name: str
    type: str
    ja: str
    en: str
    value: Callable[[LibraryEntry], Any]
    item: Callable[[Any], str] = str


def _col(name: str, type_: str, ja: str, en: str, **more: Any) -> Column:
    value = more.pop("value", lambda e: getattr(e, name))
    return Column(name, type_, ja, en, value, **more)


def _records(
    name: str, type_: str, ja: str, en: str, kind: type[R], shown: Callable[[R], str]
) -> Column:
    """A column of records (dataclasses of `kind`): objects in JSON; in a CSV cell, each
    record `shown` as text."""
    return Column(
        name,
        type_,
        ja,
        en,
        value=lambda e: [asdict(r) for r in getattr(e, name)],
        item=lambda fields: shown(kind(**fields)),
    )


COLUMNS: tuple[Column, ...] = (
    _col("case_id", "string (UUID)", "案件ID", "The case's identifier"),
    _col("number", "string", "案件番号（例: 山口-2024-012）", "The case number"),
    _col("title", "string", "事例のタイトル", "Title of the success story"),
    _col("summary", "string", "事例の概要", "Summary"),
    _col("how_started", "string", "協働のきっかけ", "How the collaboration started"),
    _col("outcomes", "string", "成果", "Outcomes", value=lambda e: e.outcomes_text),
    _records(
        "outcome_figures",
        "list of {indicator, actual, target, unit, note}",
        "成果の数値（指標・実績値・目標値・単位・注記）",
        "Outcome figures: indicator, actual, target, unit, note",
        OutcomeFigure,
        _figure,
    ),
    _col("lessons", "string", "学び・工夫", "Lessons learned"),
    _records(
        "parties",
        "list of {name, kind, kind_label, role, role_label}",
        "参加した主体（名称は公開に同意した団体のみ。個人の名前は載せない）",
        "Parties: a name only for organisations named in the story, never a person's",
        PublicParty,
        _party,
    ),
    _col(
        "party_kinds",
        "string",
        "主体の種類の組み合わせ（例: business+npo_corporation）",
        "Combination of party kinds",
    ),
    _col("form", "string or null", "協働の形態（コード）", "Form of collaboration (code)"),
    _col("form_label", "string or null", "協働の形態", "Form of collaboration"),
    _col("municipality", "string", "市町（全国地方公共団体コード）", "Municipality (code)"),
    _col("municipality_label", "string", "市町名", "Municipality"),
    _col("fields", "list of string", "活動分野（コード）", "Fields of activity (codes)"),
    _col("field_labels", "list of string", "活動分野", "Fields of activity"),
    _col("sdgs", "list of integer", "SDGs の目標番号（1〜17）", "SDG goal numbers (1-17)"),
    _col("fiscal_year", "integer", "相談受付の年度（4月〜翌3月）", "Fiscal year of the opening"),
    _col("opened_on", "date (YYYY-MM-DD)", "相談受付日", "Date the consultation was received"),
    _col("closed_on", "date or null", "完了日", "Date the case was closed"),
    _col("duration_days", "integer or null", "相談受付から完了までの日数", "Days to closure"),
    _col("published_on", "date or null", "公開日", "Date the story was published"),
    _col("presented_count", "integer", "会議で紹介された回数", "Times presented at meetings"),
    _col("replicated_count", "integer", "横展開された回数", "Times replicated elsewhere"),
)
LICENCE_COLUMN = Column(
    "licence", "string", "ライセンス（既定: CC BY 4.0）", "Licence (default CC BY 4.0)", str
)


def record(entry: LibraryEntry, licence_name: str) -> dict[str, Any]:
    """One published case as an open-data record (the JSON form)."""
    found = {c.name: _plain(c.value(entry)) for c in COLUMNS}
    return {**found, LICENCE_COLUMN.name: licence_name}


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _cell(column: Column, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(column.item(v) for v in value)
    return str(value)


def to_csv(entries: Sequence[LibraryEntry], licence_name: str) -> bytes:
    """UTF-8 with a byte-order mark and CRLF line ends, as Excel opens it without asking."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    columns = (*COLUMNS, LICENCE_COLUMN)
    writer.writerow([c.name for c in columns])
    for entry in entries:
        row = record(entry, licence_name)
        writer.writerow([_cell(c, row[c.name]) for c in columns])
    return (BOM + out.getvalue()).encode("utf-8")


def to_json(entries: Sequence[LibraryEntry], licence_name: str) -> bytes:
    document = {
        "title": TITLE,
        "licence": licence_name,
        "count": len(entries),
        "cases": [record(e, licence_name) for e in entries],
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def render(entries: Sequence[LibraryEntry], format_: str, licence_name: str) -> bytes:
    return to_json(entries, licence_name) if format_ == "json" else to_csv(entries, licence_name)


def published_entries(store: ReadConnections) -> list[LibraryEntry]:
    """Every entry of the library, read in one snapshot, in order of case number."""
    entries: list[LibraryEntry] = []
    with store.reading() as db:
        tables = store.tables("library", db)
        if tables is None:
            return []
        while True:
            page = q.search(db, store.dialect, tables, limit=_BATCH, offset=len(entries))
            entries += page.entries
            if len(page.entries) < _BATCH:
                break
    return sorted(entries, key=lambda e: e.number)


# --- the HTTP download ---------------------------------------------------------------------

MEDIA = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8"}


def _refusal(status: int, code: str, message: str) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse({"code": code, "message": message}, status, headers)


def _reader(request: Request, public: bool) -> Actor | JSONResponse | None:
    """The caller (None: anonymous, allowed by the public feed), or the refusal."""
    header = request.headers.get("authorization")
    if not header and public:
        return None
    tokens: TokenIssuer = request.app.state.tokens
    try:
        actor = tokens.actor_from_header(header)
    except AuthenticationError:
        return _refusal(401, "UNAUTHENTICATED", "認証が必要です")
    if not may_read_library(actor):
        return _refusal(403, "FORBIDDEN", "成功事例集を閲覧する権限がありません")
    return actor


def open_data_router(public: bool | None = None, licence_name: str | None = None) -> APIRouter:
    """`/open-data/library.csv` and `/open-data/library.json` (settings read here, once)."""
    feed = public_library() if public is None else public
    given = licence() if licence_name is None else licence_name
    router = APIRouter(prefix="/open-data")

    async def download(request: Request, format_: str) -> Response:
        refused = _reader(request, feed)
        if isinstance(refused, JSONResponse):
            return refused
        store = request.app.state.container.read_store
        entries = await run_in_threadpool(published_entries, store)
        headers = {"Content-Disposition": f'attachment; filename="kyodo-library.{format_}"'}
        return Response(render(entries, format_, given), 200, headers, media_type=MEDIA[format_])

    @router.get("/library.csv")
    async def library_csv(request: Request) -> Response:
        return await download(request, "csv")

    @router.get("/library.json")
    async def library_json(request: Request) -> Response:
        return await download(request, "json")

    return router
