#!/usr/bin/env python3
"""Verify a kyodo audit bundle without kyodo: Python 3.11+ and its standard library only.

    python3 tools/verify_bundle.py BUNDLE.jsonl [--date YYYY-MM-DD]

Exit 0: every line checks out; 3: the bundle was altered (the first line that fails is
named); 1: the file cannot be read. With --date, also print the daily digest of that day
(Asia/Tokyo) recomputed from the bundle, to compare with the one written down that day.

The procedure (README, "Audit bundles"): for each chain, in version order,
    hash(v) = sha256(prev_hash "\\n" originator_id "\\n" v "\\n" topic "\\n" state-bytes),
    prev_hash(1) = 64 zeros; the digest is RFC 6962's Merkle tree hash over the sorted leaves
    originator_id "\\n" head_version "\\n" head_hash; the trailer's lines_sha256 covers the
    bytes of every line before it. This file repeats kyodo's persistence.chain and
    persistence.bundle: keep them in step.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import json
import re
import sys
import uuid
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

FORMAT, VERSION = "kyodo-audit-bundle", 1
GENESIS = "0" * 64
HEX64 = re.compile(r"[0-9a-f]{64}")
HEADER = {"type", "format", "format_version", "created_at", "scope"}
EVENT = {"type", "originator_id", "version", "topic", "recorded_at", "occurred_on"}
EVENT |= {"prev_hash", "hash"}
TRAILER = {"type", "chains", "events", "digest", "lines_sha256"}
BROKEN, UNREADABLE = 3, 1
LinkData = dict[str, Any]
"""One event line, its state as bytes and its line number added."""

MESSAGES = {
    "unreadable": "バンドルが読めません（改行で区切られたUTF-8のJSONではありません）",
    "bad_header": "1行目が kyodo 監査バンドルのヘッダーではありません",
    "bad_line": "イベントの行の項目が正しくありません",
    "out_of_order": "行の順序が正しくありません（記録ごと・版の順に並んでいません）",
    "out_of_scope": "ヘッダーの範囲にない記録が含まれています",
    "bad_trailer": "最終行が締めくくりの行ではありません（行が削除・追加されています）",
    "count_mismatch": "締めくくりの行の件数がイベントの行と一致しません",
    "digest_mismatch": "締めくくりの行のダイジェストが各記録の先頭と一致しません",
    "content_mismatch": "締めくくりの行のハッシュがバンドルの内容と一致しません"
    "（行が変更・削除・並べ替えられています）",
    "event_altered": "記録された内容がハッシュと一致しません"
    "（イベントかハッシュの記録が改変されています）",
    "hash_altered": "ハッシュの記録が改変されています（イベントの内容は次の版とつながっています）",
    "link_broken": "直前のイベントのハッシュとつながっていません（順序の入れ替えか削除があります）",
    "event_missing": "イベントが削除されています（ハッシュの記録だけが残っています）",
    "record_missing": "ハッシュの記録が削除されています",
    "version_gap": "版が連続していません（イベントとハッシュの記録が削除されています）",
    "record_altered": "ハッシュの記録の種類・記録日時・出来事の日付がイベントと一致しません",
}


class Fault(Exception):
    def __init__(self, line: int, code: str) -> None:
        super().__init__(code)
        self.line, self.code = line, code


# --- the chain and the digest -----------------------------------------------------------------


def chain_hash(prev: str, oid: str, version: int, topic: str, state: bytes) -> str:
    return hashlib.sha256(f"{prev}\n{oid}\n{version}\n{topic}\n".encode() + state).hexdigest()


def merkle_root(leaves: list[bytes]) -> str:
    def tree(nodes: list[bytes]) -> bytes:
        if not nodes:
            return hashlib.sha256(b"").digest()
        if len(nodes) == 1:
            return hashlib.sha256(b"\x00" + nodes[0]).digest()
        split = 1 << ((len(nodes) - 1).bit_length() - 1)
        return hashlib.sha256(b"\x01" + tree(nodes[:split]) + tree(nodes[split:])).digest()

    return tree(leaves).hex()


def digest_of(heads: list[tuple[str, int, str]]) -> str:
    return merkle_root([f"{o}\n{v}\n{h}".encode() for o, v, h in sorted(heads)])


def stated_times(state: bytes) -> tuple[str | None, str | None] | None:
    try:
        body = json.loads(state)
    except ValueError:
        return None
    if not isinstance(body, dict):
        return None

    def tagged(value: object) -> str | None:
        if isinstance(value, dict):
            value = value.get("_data_")
        return value if isinstance(value, str) else None

    return tagged(body.get("timestamp")), tagged(body.get("occurred_on"))


def same_instant(first: str | None, second: str | None) -> bool:
    if first is None or second is None:
        return first == second
    try:
        return datetime.fromisoformat(first) == datetime.fromisoformat(second)
    except ValueError:
        return False


def chain_break(oid: str, links: list[LinkData]) -> tuple[int, str] | None:
    """(index of the first failing link, reason) or None: kyodo's verify_chain."""
    prev = GENESIS
    for index, link in enumerate(links):
        if link["version"] != index + 1:
            return index, "version_gap"
        if link["state"] is None or link["topic"] is None:
            return index, "event_missing"
        if link["hash"] is None or link["prev_hash"] is None:
            return index, "record_missing"
        if link["prev_hash"] != prev:
            return index, "link_broken"
        digest = chain_hash(prev, oid, link["version"], link["topic"], link["state"])
        if digest != link["hash"]:
            after = links[index + 1 : index + 2]
            return index, "hash_altered" if after and after[0]["prev_hash"] == digest else (
                "event_altered"
            )
        stated = stated_times(link["state"])
        if stated is not None and not (
            same_instant(stated[0], link["recorded_at"]) and stated[1] == link["occurred_on"]
        ):
            return index, "record_altered"
        prev = link["hash"]
    return None


def recompute_head(oid: str, links: list[LinkData]) -> str:
    digest = GENESIS
    for link in links:
        digest = chain_hash(digest, oid, link["version"], link["topic"] or "", link["state"] or b"")
    return digest


# --- the bundle ---------------------------------------------------------------------------------


def read_lines(data: bytes) -> list[bytes]:
    if not data.endswith(b"\n"):
        raise Fault(data.count(b"\n") + 1, "unreadable")
    lines = data.splitlines(keepends=True)
    for number, line in enumerate(lines, start=1):
        if not line.endswith(b"\n") or line.strip() == b"" or line.endswith(b"\r\n"):
            raise Fault(number, "unreadable")
    return lines


def parse(line: bytes, number: int) -> object:
    try:
        return json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise Fault(number, "unreadable") from None


def good_header(body: object) -> bool:
    if not isinstance(body, dict) or set(body) != HEADER or body["type"] != "header":
        return False
    scope = body["scope"]
    case_scope = (
        isinstance(scope, dict)
        and set(scope) == {"case_id", "case_number"}
        and isinstance(scope["case_id"], str)
        and (scope["case_number"] is None or isinstance(scope["case_number"], str))
    )
    return (
        body["format"] == FORMAT
        and body["format_version"] == VERSION
        and isinstance(body["created_at"], str)
        and (scope == {"all": True} or case_scope)
    )


def event_link(body: object, number: int) -> tuple[str, LinkData]:
    if not isinstance(body, dict) or body.get("type") != "event":
        raise Fault(number, "bad_line")
    extra = set(body) - EVENT
    if extra not in ({"state"}, {"state_base64"}) or set(body) - extra != EVENT:
        raise Fault(number, "bad_line")
    try:
        oid = body["originator_id"]
        if not isinstance(oid, str) or str(uuid.UUID(oid)) != oid:
            raise ValueError(oid)
        if type(body["version"]) is not int or body["version"] < 1:
            raise ValueError("version")
        for key in ("prev_hash", "hash"):
            if body[key] is not None and not HEX64.fullmatch(body[key]):
                raise ValueError(key)
        for key in ("topic", "recorded_at", "occurred_on"):
            if body[key] is not None and not isinstance(body[key], str):
                raise TypeError(key)
        state: bytes | None
        if "state_base64" in body:
            state = base64.b64decode(body["state_base64"], validate=True)
        else:
            state = None if body["state"] is None else str(body["state"]).encode("utf-8")
    except (ValueError, TypeError, binascii.Error):
        raise Fault(number, "bad_line") from None
    return oid, {**body, "state": state, "line": number}


def chains(lines: list[bytes]) -> list[tuple[str, list[LinkData]]]:
    found: list[tuple[str, list[LinkData]]] = []
    for number, line in enumerate(lines, start=2):
        oid, link = event_link(parse(line, number), number)
        if not found or found[-1][0] != oid:
            if found and oid <= found[-1][0]:
                raise Fault(number, "out_of_order")
            found.append((oid, []))
        found[-1][1].append(link)
    return found


def checked_head(oid: str, links: list[LinkData], scope: dict[str, Any]) -> tuple[str, int, str]:
    if "case_id" in scope and scope["case_id"] != oid:
        raise Fault(links[0]["line"], "out_of_scope")
    versions = [link["version"] for link in links]
    if sorted(versions) == list(range(1, len(versions) + 1)) and versions != sorted(versions):
        moved = next(i for i, v in enumerate(versions) if v != i + 1)
        raise Fault(links[moved]["line"], "out_of_order")
    broken = chain_break(oid, links)
    if broken is not None:
        raise Fault(links[broken[0]]["line"], broken[1])
    return oid, links[-1]["version"], links[-1]["hash"]


def verify(data: bytes) -> tuple[int, int, str]:
    """(chains, events, digest) of a sound bundle; raises Fault naming the first bad line."""
    lines = read_lines(data)
    header: Any = parse(lines[0], 1)
    if not good_header(header):
        raise Fault(1, "bad_header")
    if len(lines) < 2:
        raise Fault(1, "bad_trailer")
    trailer = parse(lines[-1], len(lines))
    if not isinstance(trailer, dict) or set(trailer) != TRAILER or trailer["type"] != "trailer":
        raise Fault(len(lines), "bad_trailer")
    heads = [checked_head(o, links, header["scope"]) for o, links in chains(lines[1:-1])]
    events = len(lines) - 2
    if trailer["chains"] != len(heads) or trailer["events"] != events:
        raise Fault(len(lines), "count_mismatch")
    digest = digest_of(heads)
    if trailer["digest"] != digest:
        raise Fault(len(lines), "digest_mismatch")
    if trailer["lines_sha256"] != hashlib.sha256(b"".join(lines[:-1])).hexdigest():
        raise Fault(len(lines), "content_mismatch")
    return len(heads), events, digest


def day_digest(data: bytes, day: date) -> tuple[str, int, int]:
    """(digest, chains, events) as of the end of `day` in Asia/Tokyo."""
    cutoff = datetime.combine(day + timedelta(days=1), time(0), tzinfo=ZoneInfo("Asia/Tokyo"))
    heads, events = [], 0
    for oid, links in chains(read_lines(data)[1:-1]):
        prefix = []
        for link in links:
            text = link["recorded_at"] or (stated_times(link["state"] or b"") or (None,))[0]
            try:
                moment = datetime.fromisoformat(text) if text else None
            except ValueError:
                moment = None
            if moment is None or moment >= cutoff:
                break
            prefix.append(link)
        if prefix:
            heads.append((oid, prefix[-1]["version"], recompute_head(oid, prefix)))
            events += len(prefix)
    return digest_of(heads), len(heads), events


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="kyodo 監査バンドルを検証する（標準ライブラリのみ）"
    )
    parser.add_argument("bundle", help="kyodo audit export で書き出した JSON Lines ファイル")
    parser.add_argument("--date", help="この日（日本時間）の終わり時点のダイジェストも表示する")
    args = parser.parse_args(argv)
    try:
        day = date.fromisoformat(args.date) if args.date else None
    except ValueError:
        print(f"エラー: 日付「{args.date}」が読めません [bad_date]", file=sys.stderr)
        return UNREADABLE
    try:
        with open(args.bundle, "rb") as source:
            data = source.read()
    except OSError as error:
        print(f"エラー: {args.bundle} を読めません: {error.strerror} [unreadable]", file=sys.stderr)
        return UNREADABLE
    try:
        chain_count, events, digest = verify(data)
    except Fault as fault:
        print(f"改ざんがあります: {fault.line}行目: {MESSAGES[fault.code]} [{fault.code}]")
        return BROKEN
    print(f"検証できました: 記録{chain_count}件・イベント{events}件、改ざんは見つかりませんでした")
    print(f"ダイジェスト: {digest}")
    if day is not None:
        found, heads, counted = day_digest(data, day)
        print(
            f"{day.isoformat()}の終わり時点のダイジェスト: {found}"
            f"（記録{heads}件・イベント{counted}件）"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
