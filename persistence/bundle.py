"""Export bundles: the events as stored, their hashes and a digest, as JSON Lines that an
auditor verifies without a database (README, "Audit bundles").

    line 1      {"type": "header", "format": "kyodo-audit-bundle", "format_version": 1, ...}
    line 2..n   {"type": "event", "originator_id", "version", "topic", "state" | "state_base64",
                 "recorded_at", "occurred_on", "prev_hash", "hash"}   by chain, in version order
    last line   {"type": "trailer", "chains", "events", "digest", "lines_sha256"}

`lines_sha256` covers the bytes of every line before the trailer, so a changed, deleted,
added or moved line fails even where the chain cannot see it (record time, business date,
header). tools/verify_bundle.py repeats `verify_bundle` with the standard library alone.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

from application.proof import (
    BUNDLE_FORMAT,
    BUNDLE_VERSION,
    BundleFault,
    BundleVerdict,
    DailyDigest,
    Head,
    end_of_day,
)
from persistence.chain import Link, verify_chain
from persistence.verification import (
    ChainStore,
    case_number,
    digest_of,
    recompute_head,
    recorded_before,
)

HEADER_KEYS = {"type", "format", "format_version", "created_at", "scope"}
EVENT_KEYS = {
    "type",
    "originator_id",
    "version",
    "topic",
    "recorded_at",
    "occurred_on",
    "prev_hash",
    "hash",
}
TRAILER_KEYS = {"type", "chains", "events", "digest", "lines_sha256"}
HEX64 = re.compile(r"[0-9a-f]{64}")


# --- export ---------------------------------------------------------------------------------


def export_bundle(
    store: ChainStore, path: Path, aggregate_id: UUID | None, now: datetime
) -> BundleVerdict:
    """Write every chain (or one) to `path` (replaced whole, never half-written)."""
    text, written = bundle_text(store, aggregate_id, now)
    partial = path.with_name(path.name + ".partial")
    with partial.open("w", encoding="utf-8", newline="\n") as out:
        out.write(text)
    os.replace(partial, path)
    return written


def bundle_text(
    store: ChainStore, aggregate_id: UUID | None, now: datetime
) -> tuple[str, BundleVerdict]:
    """Every chain (or one) as a bundle's text, and what it holds: what `export_bundle`
    writes to a file and the HTTP download answers."""
    ids = store.aggregate_ids() if aggregate_id is None else [aggregate_id]
    chains = [(i, store.links(i)) for i in ids]
    scope: dict[str, Any] = {"all": True}
    if aggregate_id is not None:
        scope = {"case_id": str(aggregate_id), "case_number": case_number(chains[0][1])}
    header = {
        "type": "header",
        "format": BUNDLE_FORMAT,
        "format_version": BUNDLE_VERSION,
        "created_at": now.isoformat(),
        "scope": scope,
    }
    lines = [_line(header)]
    lines += [_line(_event(i, link)) for i, links in chains for link in links]
    heads = [Head(i, links[-1].version, links[-1].hash or "") for i, links in chains if links]
    events, digest = len(lines) - 1, digest_of(heads)
    trailer = {
        "type": "trailer",
        "chains": len(heads),
        "events": events,
        "digest": digest,
        "lines_sha256": hashlib.sha256("".join(lines).encode()).hexdigest(),
    }
    lines.append(_line(trailer))
    return "".join(lines), BundleVerdict(len(heads), events, digest)


def _line(body: dict[str, Any]) -> str:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")) + "\n"


def _event(aggregate_id: UUID, link: Link) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": "event",
        "originator_id": str(aggregate_id),
        "version": link.version,
        "topic": link.topic or link.record_topic,
    }
    body.update(_state(link.state))
    body.update(
        recorded_at=link.recorded_at,
        occurred_on=link.occurred_on,
        prev_hash=link.prev_hash,
        hash=link.hash,
    )
    return body


def _state(state: bytes | None) -> dict[str, str | None]:
    """The exact JSON text when the bytes are UTF-8 (readable), else base64."""
    if state is None:
        return {"state": None}
    try:
        return {"state": state.decode("utf-8")}
    except UnicodeDecodeError:
        return {"state_base64": base64.b64encode(state).decode("ascii")}


# --- verification ---------------------------------------------------------------------------


class _Fault(Exception):
    def __init__(self, line: int, code: str, problem: str) -> None:
        super().__init__(problem)
        self.line, self.code, self.problem = line, code, problem


@dataclass(frozen=True)
class _Chain:
    originator_id: str
    first_line: int
    links: list[Link]


def verify_bundle(data: bytes) -> BundleVerdict:
    """Check a bundle's every line; the first that fails is named with its line number."""
    try:
        return _verified(data)
    except _Fault as fault:
        return BundleVerdict(0, 0, None, fault.line, fault.code, fault.problem)


def bundle_digest(data: bytes, day: date) -> DailyDigest:
    """The daily digest of `day`, recomputed from a whole-ledger bundle's events."""
    cutoff = end_of_day(day)
    heads, events, intact = [], 0, True
    for chain in _chains(_lines(data)[1:-1]):
        links = recorded_before(chain.links, cutoff)
        if links:
            oid = UUID(chain.originator_id)
            heads.append(Head(oid, links[-1].version, recompute_head(oid, links)))
            events += len(links)
            intact = intact and verify_chain(chain.originator_id, links).reason is None
    return DailyDigest(day, cutoff, digest_of(heads), len(heads), events, intact)


def _verified(data: bytes) -> BundleVerdict:
    lines = _lines(data)
    header = _object(lines, 0, HEADER_KEYS, "header", BundleFault.BAD_HEADER)
    if not _good_header(header):
        raise _fault(1, BundleFault.BAD_HEADER)
    if len(lines) < 2:
        raise _fault(1, BundleFault.BAD_TRAILER)
    trailer = _object(lines, len(lines) - 1, TRAILER_KEYS, "trailer", BundleFault.BAD_TRAILER)
    chains = list(_chains(lines[1:-1]))
    heads = [_checked(chain, header["scope"]) for chain in chains]
    events = len(lines) - 2
    last = len(lines)
    if trailer["chains"] != len(heads) or trailer["events"] != events:
        raise _fault(last, BundleFault.COUNT_MISMATCH)
    digest = digest_of(heads)
    if trailer["digest"] != digest:
        raise _fault(last, BundleFault.DIGEST_MISMATCH)
    if trailer["lines_sha256"] != hashlib.sha256(b"".join(lines[:-1])).hexdigest():
        raise _fault(last, BundleFault.CONTENT_MISMATCH)
    return BundleVerdict(len(heads), events, digest)


def _good_header(header: dict[str, Any]) -> bool:
    scope = header["scope"]
    return (
        header["format"] == BUNDLE_FORMAT
        and header["format_version"] == BUNDLE_VERSION
        and isinstance(header["created_at"], str)
        and (scope == {"all": True} or _case_scope(scope))
    )


def _case_scope(scope: Any) -> bool:
    return (
        isinstance(scope, dict)
        and set(scope) == {"case_id", "case_number"}
        and isinstance(scope["case_id"], str)
        and (scope["case_number"] is None or isinstance(scope["case_number"], str))
    )


def _lines(data: bytes) -> list[bytes]:
    """The lines with their newlines; the bundle must end with one and hold no blank line."""
    if not data.endswith(b"\n"):
        raise _fault(data.count(b"\n") + 1, BundleFault.UNREADABLE)
    lines = data.splitlines(keepends=True)
    for number, line in enumerate(lines, start=1):
        if not line.endswith(b"\n") or line.strip() == b"" or line.endswith(b"\r\n"):
            raise _fault(number, BundleFault.UNREADABLE)
    return lines


def _object(
    lines: Sequence[bytes], index: int, keys: set[str], kind: str, fault: BundleFault
) -> dict[str, Any]:
    body = _json(lines[index], index + 1) if index < len(lines) else None
    if not isinstance(body, dict) or set(body) != keys or body["type"] != kind:
        raise _fault(index + 1, fault)
    return body


def _json(line: bytes, number: int) -> Any:
    try:
        return json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _fault(number, BundleFault.UNREADABLE) from None


def _chains(lines: Sequence[bytes]) -> Iterator[_Chain]:
    """Event lines grouped by chain: each chain once, chains in order of id."""
    current: _Chain | None = None
    for number, line in enumerate(lines, start=2):
        oid, link = _event_link(_json(line, number), number)
        if current is None or oid != current.originator_id:
            if current is not None:
                yield current
                if oid <= current.originator_id:
                    raise _fault(number, BundleFault.OUT_OF_ORDER)
            current = _Chain(oid, number, [])
        current.links.append(link)
    if current is not None:
        yield current


def _event_link(body: Any, number: int) -> tuple[str, Link]:
    if not isinstance(body, dict) or body.get("type") != "event":
        raise _fault(number, BundleFault.BAD_LINE)
    extra = set(body) - EVENT_KEYS
    if extra not in ({"state"}, {"state_base64"}) or set(body) - extra != EVENT_KEYS:
        raise _fault(number, BundleFault.BAD_LINE)
    try:
        return _parsed(body)
    except (ValueError, TypeError, binascii.Error):
        raise _fault(number, BundleFault.BAD_LINE) from None


def _parsed(body: dict[str, Any]) -> tuple[str, Link]:
    oid = body["originator_id"]
    if not isinstance(oid, str) or str(UUID(oid)) != oid:
        raise ValueError(oid)
    version = body["version"]
    if type(version) is not int or version < 1:
        raise ValueError(version)
    for key in ("prev_hash", "hash"):
        if body[key] is not None and not HEX64.fullmatch(body[key]):
            raise ValueError(key)
    for key in ("topic", "recorded_at", "occurred_on"):
        if body[key] is not None and not isinstance(body[key], str):
            raise TypeError(key)
    if "state_base64" in body:
        state: bytes | None = base64.b64decode(body["state_base64"], validate=True)
    else:
        state = None if body["state"] is None else str(body["state"]).encode("utf-8")
    return oid, Link(
        version=version,
        topic=body["topic"] if state is not None else None,
        state=state,
        record_topic=body["topic"] if body["hash"] is not None else None,
        prev_hash=body["prev_hash"],
        hash=body["hash"],
        recorded_at=body["recorded_at"],
        occurred_on=body["occurred_on"],
    )


def _checked(chain: _Chain, scope: dict[str, Any]) -> Head:
    if "case_id" in scope and scope["case_id"] != chain.originator_id:
        raise _fault(chain.first_line, BundleFault.OUT_OF_SCOPE)
    versions = [link.version for link in chain.links]
    if sorted(versions) == list(range(1, len(versions) + 1)) and versions != sorted(versions):
        moved = next(i for i, v in enumerate(versions) if v != i + 1)
        raise _fault(chain.first_line + moved, BundleFault.OUT_OF_ORDER)
    check = verify_chain(chain.originator_id, chain.links)
    if check.reason is not None:
        broken = check.broken_version or 1
        at = next((i for i, k in enumerate(chain.links) if k.version >= broken), check.verified)
        raise _Fault(chain.first_line + at, check.reason.value, check.reason.ja)
    last = chain.links[-1]
    return Head(UUID(chain.originator_id), last.version, str(last.hash))


def _fault(line: int, fault: BundleFault) -> _Fault:
    return _Fault(line, fault.value, fault.ja)
