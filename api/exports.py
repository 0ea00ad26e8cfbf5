"""Exports for the people who live in spreadsheets: the case list, a KPI table and a library
search result, as CSV (UTF-8 with a BOM, Japanese headings, for Excel) or `.xlsx`.

Over HTTP (`/exports/cases.csv?state=…`, `/exports/kpi.xlsx?fiscalYear=2024&municipality=山口市`,
`/exports/library.csv?query=…`) each is read with the rights of the GraphQL data it copies
(`application.permissions`): the cases a caller may read, the KPI tables and the library for
whoever may read the library. `kyodo export cases|kpi|search` writes the same tables for the
operator. Codes and Japanese names are both accepted; an unknown one is refused, never an
empty table.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from api.auth import AuthenticationError
from api.limits import search_problem
from api.refusals import Refusal
from application.permissions import case_centres, may_read_library, may_read_parties
from domain import rules
from domain.errors import DomainError
from domain.fiscal import both_calendars
from domain.party_roster import COLUMN_BY_KEY, party_kind
from domain.party_roster import COLUMNS as ROSTER_COLUMNS
from domain.values import Actor
from domain.vocabulary import (
    CENTRE_BY_KEY,
    FIELD_BY_KEY,
    KPI_INDICATORS,
    MUNICIPALITY_BY_KEY,
    CaseState,
    ClosureResult,
    PartyKind,
)
from projections.case_list.queries import MAX_PAGE, CaseFilter, CaseListQueries, CaseSummary
from projections.engine import ReadConnections
from projections.engine.keyset import Window
from projections.kpi import queries as kpi_q
from projections.library import queries as library_q
from projections.library.entry import LibraryEntry
from projections.party_directory.queries import MAX_PAGE as PARTY_PAGE
from projections.party_directory.queries import PartyDirectoryQueries, PartyEntry, PartyFilter

BOM = "\ufeff"
MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
LIBRARY_ROWS = 1000
"""A search result exported is its best LIBRARY_ROWS entries (the library is small)."""


class ExportError(Refusal):
    """A request that cannot be exported: the HTTP status, a stable code, a Japanese message."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message, code)
        self.status = status


@dataclass(frozen=True)
class Table:
    name: str  # the file's and the sheet's name
    headings: tuple[str, ...]
    rows: list[tuple[Any, ...]]


def to_csv(table: Table) -> bytes:
    """CSV as Excel opens it: a BOM, CRLF line ends, every value as text."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.headings)
    writer.writerows(["" if v is None else v for v in row] for row in table.rows)
    return (BOM + out.getvalue()).encode("utf-8")


def to_xlsx(table: Table) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = table.name[:31]
    sheet.append(list(table.headings))
    for row in table.rows:
        sheet.append(list(row))
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


RENDER: Mapping[str, Callable[[Table], bytes]] = {"csv": to_csv, "xlsx": to_xlsx}


# --- the tables ----------------------------------------------------------------------------

CASE_HEADINGS = (
    "案件番号",
    "件名",
    "状態",
    "結果",
    "市町",
    "支援センター",
    "担当ファシリテーター",
    "相談受付日",
    "年度",
    "最後の手続きの日",
    "活動分野",
    "SDGs",
    "参加団体",
    "事例の公開",
)


def _parties(case: CaseSummary) -> str:
    """Active parties by name; a pro bono worker (a person) only by the kind of party."""
    names = [
        PartyKind(p.kind).ja if PartyKind(p.kind).is_natural_person else p.name
        for p in case.parties
        if p.active
    ]
    return "、".join(names)


def _case_row(case: CaseSummary) -> tuple[Any, ...]:
    return (
        case.number,
        case.title,
        CaseState(case.state).ja,
        ClosureResult(case.result).ja if case.result else "",
        MUNICIPALITY_BY_KEY[case.municipality].ja,
        CENTRE_BY_KEY[case.centre].ja,
        case.facilitator_id,
        case.opened_on.isoformat(),
        both_calendars(case.fiscal_year),
        case.last_step_on.isoformat(),
        "、".join(FIELD_BY_KEY[f].ja for f in case.fields),
        ",".join(map(str, case.sdgs)),
        _parties(case),
        "公開" if case.published else "",
    )


def cases_table(store: ReadConnections, where: CaseFilter) -> Table:
    """Every case matching `where`, newest first (read page by page)."""
    queries, rows, after = CaseListQueries(store), [], None
    while True:
        page = queries.list_cases(where, first=MAX_PAGE, after=after)
        rows += [_case_row(c) for c in page.items]
        if not page.has_next_page or not page.items:
            return Table("案件一覧", CASE_HEADINGS, rows)
        after = page.items[-1].cursor


KPI_HEADINGS = ("年度", "市町", "指標", "基準値", "実績値", "目標値", "報告時の実績値", "定義")


def kpi_table(store: ReadConnections, year: int, municipality: str | None) -> Table:
    place = MUNICIPALITY_BY_KEY[municipality].ja if municipality else "山口県全体"
    with store.reading() as db:
        tables = store.tables("kpi", db)
        if tables is None:
            rows = [
                kpi_q.KpiRow(t.code, t.ja, None, None, None, t.definition_ja, t.definition_en)
                for t in KPI_INDICATORS
            ]
        else:
            report = kpi_q.kpi_report(db, store.dialect, tables, kpi_q.KpiScope(year, municipality))
            rows = list(report.rows)
    label = both_calendars(year)
    return Table(
        "評価指標",
        KPI_HEADINGS,
        [
            (label, place, r.label, r.baseline, r.actual, r.target, r.reported, r.definition)
            for r in rows
        ],
    )


LIBRARY_HEADINGS = (
    "案件番号",
    "事例名",
    "概要",
    "市町",
    "年度",
    "活動分野",
    "SDGs",
    "協働の形態",
    "参加した主体",
    "期間（日）",
    "公開日",
    "会議での紹介回数",
    "横展開の数",
)


def _library_row(e: LibraryEntry) -> tuple[Any, ...]:
    parties = "、".join(p.name or p.kind_label for p in e.parties)
    return (
        e.number,
        e.title,
        e.summary,
        e.municipality_label,
        both_calendars(e.fiscal_year),
        "、".join(e.field_labels),
        ",".join(map(str, e.sdgs)),
        e.form_label or "",
        parties,
        e.duration_days,
        e.published_on or "",
        e.presented_count,
        e.replicated_count,
    )


def library_table(store: ReadConnections, query: str, where: library_q.LibraryFilter) -> Table:
    """The search's entries, best first, as the library ranks them."""
    with store.reading() as db:
        tables = store.tables("library", db)
        if tables is None:
            return Table("成功事例", LIBRARY_HEADINGS, [])
        page = library_q.search(
            db, store.dialect, tables, library_q.LibraryQuery(query, where), limit=LIBRARY_ROWS
        )
    return Table("成功事例", LIBRARY_HEADINGS, [_library_row(e) for e in page.entries])


# --- what a request asks for ---------------------------------------------------------------


def _code(kind: str, key: str | None, check: Callable[[str], str]) -> str | None:
    if key is None or key == "":
        return None
    try:
        return check(key)
    except DomainError:
        raise ExportError(
            400, "unknown_code", f"{kind}「{key}」はありません（kyodo vocabulary で確かめられます）"
        ) from None


def _int(name: str, raw: str | None) -> int | None:
    if raw is None or raw == "":
        return None
    try:
        return int(raw)
    except ValueError:
        raise ExportError(400, "bad_number", f"{name} は数字で指定してください（{raw}）") from None


def case_filter(params: Mapping[str, str]) -> CaseFilter:
    state = params.get("state") or None
    if state is not None and state not in {s.value for s in CaseState}:
        states = " / ".join(s.value for s in CaseState)
        raise ExportError(400, "unknown_code", f"状態「{state}」はありません（{states}）")
    fields = params.get("field")
    return CaseFilter(
        state=state,
        municipality=_code("市町", params.get("municipality"), rules.municipality_code),
        field=_code("活動分野", fields, lambda f: rules.field_codes([f])[0]),
        sdg=_int("sdg", params.get("sdg")),
        facilitator_id=params.get("facilitator") or params.get("facilitatorId") or None,
        centre=_code("支援センター", params.get("centre"), rules.centre_code),
        fiscal_year=_int("fiscalYear", params.get("fiscalYear")),
        number=params.get("number") or None,
        text=_search_text(params.get("text", "")) or None,
    )


def _search_text(text: str) -> str:
    problem = search_problem(text)
    if problem is not None:
        raise ExportError(400, "bad_query", problem)
    return text


def readable(where: CaseFilter, centres: frozenset[str] | None) -> CaseFilter:
    """The filter narrowed to the centres the caller may read (None: every centre)."""
    if centres is None:
        return where
    if not centres:
        raise ExportError(403, "forbidden", "案件を読む権限がありません")
    if where.centre is not None and where.centre not in centres:
        raise ExportError(403, "forbidden", "他のセンターの案件を読む権限がありません")
    return replace(where, centres=tuple(sorted(centres)))


def fiscal_year(raw: str | None) -> int:
    year = _int("fiscalYear", raw)
    if year is None:
        raise ExportError(400, "fiscal_year_required", "fiscalYear（年度、例: 2024）が必要です")
    try:
        return rules.require_fiscal_year(year)
    except DomainError as error:
        raise ExportError(400, "bad_fiscal_year", error.message) from None


def library_search(params: Mapping[str, str]) -> tuple[str, library_q.LibraryFilter]:
    query = _search_text(params.get("query", ""))
    return query, library_q.LibraryFilter(
        municipality=_code("市町", params.get("municipality"), rules.municipality_code),
        field=_code("活動分野", params.get("field"), lambda f: rules.field_codes([f])[0]),
        sdg=_int("sdg", params.get("sdg")),
        party_kind=params.get("partyKind") or None,
        fiscal_year=_int("fiscalYear", params.get("fiscalYear")),
        presented=_flag("presented", params.get("presented")),
    )


def _flag(name: str, raw: str | None) -> bool | None:
    """`true` or `false` (none: either)."""
    if raw is None or raw == "":
        return None
    if raw in ("true", "false"):
        return raw == "true"
    raise ExportError(400, "bad_flag", f"{name} は true か false で指定してください（{raw}）")


# --- over HTTP -----------------------------------------------------------------------------


def failure(error: ExportError) -> JSONResponse:
    """A refused download: GraphQL's error shape, with its HTTP status."""
    body = {"errors": [{"message": error.message, "extensions": {"code": error.code}}]}
    headers = {"WWW-Authenticate": "Bearer"} if error.status == 401 else {}
    return JSONResponse(body, error.status, headers)


def authenticated(request: Request) -> Actor:
    """The caller of a download, from its bearer token (kept on the request for the logs)."""
    try:
        actor: Actor = request.app.state.tokens.actor_from_header(
            request.headers.get("authorization")
        )
    except AuthenticationError:
        raise ExportError(401, "UNAUTHENTICATED", "認証が必要です") from None
    request.state.actor = actor
    return actor


PARTY_HEADINGS = (
    *(COLUMN_BY_KEY[k].heading for k in ("name", "kind", "municipality", "fields")),
    COLUMN_BY_KEY["publication_consent"].heading,
    COLUMN_BY_KEY["occurred_on"].heading,
    "登録したセンター",
    "登録を抹消した日",
    "参加中の案件",
    "参加した案件",
)
"""The roster's own headings first (a file written here is read back by an import, which
finds every group already registered), then the directory's counts. No contact details."""


def _party_row(p: PartyEntry) -> tuple[Any, ...]:
    return (
        p.name,
        PartyKind.of(p.kind).ja,
        MUNICIPALITY_BY_KEY[p.municipality].ja,
        "、".join(FIELD_BY_KEY[f].ja for f in p.fields),
        "はい" if p.publication_consent else "いいえ",
        p.registered_on.isoformat(),
        CENTRE_BY_KEY[p.centre].ja if p.centre else "",
        p.deregistered_on.isoformat() if p.deregistered_on else "",
        p.cases_active,
        p.cases_joined,
    )


def parties_table(store: ReadConnections, where: PartyFilter) -> Table:
    """Every party of the directory matching `where`, in order of name (page by page)."""
    queries, rows = PartyDirectoryQueries(store), []
    window = Window(first=PARTY_PAGE)
    while True:
        page = queries.list_parties(where, window)
        rows += [_party_row(p) for p in page.items]
        if not page.has_next_page or not page.items:
            return Table("団体一覧", PARTY_HEADINGS, rows)
        window = Window(first=PARTY_PAGE, after=page.items[-1].cursor)


def party_filter(params: Mapping[str, str]) -> PartyFilter:
    """`kind` (a code, a name or a roster's word: 任意団体), `municipality`, `field`, `name`
    (part of it), `consent` (true|false), `centre` (the one that registered it), `standing`
    (`registered`, the default, as the page lists them; `left`, those that left the
    register; `all`)."""
    kind = None
    if params.get("kind"):
        found = party_kind(params["kind"])
        if found is None:
            kinds = " / ".join(k.value for k in PartyKind)
            raise ExportError(
                400, "unknown_code", f"種別「{params['kind']}」はありません（{kinds}）"
            )
        kind = found.value
    return PartyFilter(
        kind=kind,
        municipality=_code("市町", params.get("municipality"), rules.municipality_code),
        field=_code("活動分野", params.get("field"), lambda f: rules.field_codes([f])[0]),
        name=params.get("name") or None,
        publication_consent=_flag("consent", params.get("consent")),
        centre=_code("支援センター", params.get("centre"), rules.centre_code),
        deregistered=_standing(params.get("standing") or "registered"),
    )


STANDINGS = {"registered": False, "left": True, "all": None}


def _standing(raw: str) -> bool | None:
    if raw not in STANDINGS:
        message = f"standing は registered / left / all のいずれかです（{raw}）"
        raise ExportError(400, "bad_standing", message)
    return STANDINGS[raw]


def roster_template() -> Table:
    """The roster of registered groups as `kyodo party import` and the page read it: every
    heading, and two groups as examples (to be replaced by the centre's own)."""
    return Table(
        "登録団体名簿",
        tuple(c.heading for c in ROSTER_COLUMNS),
        [
            (
                "やまぐち子ども食堂ネットワーク",
                "任意団体",
                "山口市",
                "子どもの健全育成、保健・医療・福祉",
                "はい",
                "2024-04-01",
                "山田 花子",
                "083-000-0000",
                "kodomo@example.jp",
                "山口市中央二丁目",
            ),
            (
                "NPO法人 椹野川を守る会",
                "NPO法人",
                "山口市",
                "環境の保全",
                "いいえ",
                "令和6年5月10日",
            ),
        ],
    )


def _table_for(request: Request, what: str) -> Callable[[], Table]:
    """Checks the caller's rights and the parameters; the returned call reads the table."""
    actor = authenticated(request)
    store, params = request.app.state.container.read_store, request.query_params
    if what == "party-roster":
        return roster_template
    if what == "parties":
        if not may_read_parties(actor):
            raise ExportError(403, "forbidden", "団体名簿を読む権限がありません")
        chosen = party_filter(params)
        return lambda: parties_table(store, chosen)
    if what == "cases":
        where = readable(case_filter(params), case_centres(actor))
        return lambda: cases_table(store, where)
    if not may_read_library(actor):
        raise ExportError(403, "forbidden", "評価指標と成功事例集を読む権限がありません")
    if what == "kpi":
        year = fiscal_year(params.get("fiscalYear"))
        place = _code("市町", params.get("municipality"), rules.municipality_code)
        return lambda: kpi_table(store, year, place)
    query, where_ = library_search(params)
    return lambda: library_table(store, query, where_)


EXPORTS = ("cases", "kpi", "library", "parties", "party-roster")


def exports_router() -> APIRouter:
    """`/exports/{cases,kpi,library,parties,party-roster}.{csv,xlsx}` (party-roster: the
    template of a roster of registered groups to import)."""
    router = APIRouter(prefix="/exports")

    @router.get("/{what}.{format_}")
    async def export(request: Request, what: str, format_: str) -> Response:
        if what not in EXPORTS or format_ not in RENDER:
            return JSONResponse({"errors": [{"message": "Not Found"}]}, 404)
        try:
            read = _table_for(request, what)
        except ExportError as error:
            return failure(error)
        table = await run_in_threadpool(read)
        data = await run_in_threadpool(RENDER[format_], table)
        name = f"kyodo-{what}.{format_}"
        headers = {"Content-Disposition": f'attachment; filename="{name}"'}
        return Response(data, 200, headers, media_type=MEDIA[format_])

    return router
