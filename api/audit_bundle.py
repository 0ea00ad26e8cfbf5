"""One case's export bundle over HTTP, for auditors: `GET /exports/audit-bundle?case=ID|NUMBER`
answers the bytes `kyodo audit export ID|NUMBER FILE` writes (README, "Audit bundles"), to be
checked with `kyodo audit verify-bundle` or `tools/verify_bundle.py` without a database.

Exporting is part of `Access.VERIFY_LEDGER` (auditors: a bundle shows every field of every
event). The whole ledger (`--all`) stays the CLI's: it is read whole into memory, a job for
the operator, not a request.
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import quote
from uuid import UUID

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from api.exports import ExportError, authenticated, failure
from application.ledger import Ledger
from application.permissions import may_verify
from domain.errors import CaseNotFoundError
from domain.numbering import parse_number
from persistence.bundle import bundle_text
from persistence.verification import chain_id, chain_store

MEDIA = "application/x-ndjson; charset=utf-8"
MAX_KEY = 64
"""Longer than any UUID or case number: refused before the store is read."""


def case_key(raw: str | None) -> str:
    """The `case` parameter, if it can name a case: a UUID or a case number."""
    key = (raw or "").strip()
    if not key:
        raise ExportError(
            400, "case_required", "case（案件のUUIDまたは番号、例: 山口-2024-012）が必要です"
        )
    if len(key) > MAX_KEY or (not _is_uuid(key) and parse_number(key) is None):
        shown = key if len(key) <= MAX_KEY else key[:MAX_KEY] + "…"
        raise ExportError(
            400,
            "bad_case",
            f"「{shown}」は案件のUUIDでも案件番号（例: 山口-2024-012）でもありません",
        )
    return key


def _is_uuid(key: str) -> bool:
    try:
        UUID(key)
    except ValueError:
        return False
    return True


def case_bundle(ledger: Ledger, key: str) -> tuple[bytes, str]:
    """The bundle's bytes and its file name (by the key asked: the case's number or id)."""
    store = chain_store(ledger)
    try:
        aggregate_id = chain_id(store, key, ledger.find_case)
    except CaseNotFoundError as error:
        raise ExportError(404, error.code, error.message) from None
    text, _ = bundle_text(store, aggregate_id, datetime.now(UTC))
    return text.encode("utf-8"), f"kyodo-audit-{key}.jsonl"


def disposition(name: str) -> str:
    """An attachment named `name` (RFC 6266): an ASCII fallback, and the UTF-8 name."""
    fallback = name.encode("ascii", "replace").decode("ascii").replace("?", "_")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"


def audit_bundle_router() -> APIRouter:
    """`/exports/audit-bundle?case=ID|NUMBER`."""
    router = APIRouter(prefix="/exports")

    @router.get("/audit-bundle")
    async def audit_bundle(request: Request) -> Response:
        try:
            if not may_verify(authenticated(request)):
                raise ExportError(403, "forbidden", "監査用バンドルを書き出す権限がありません")
            key = case_key(request.query_params.get("case"))
            ledger = request.app.state.container.ledger
            data, name = await run_in_threadpool(case_bundle, ledger, key)
        except ExportError as error:
            return failure(error)
        headers = {"Content-Disposition": disposition(name)}
        return Response(data, 200, headers, media_type=MEDIA)

    return router
