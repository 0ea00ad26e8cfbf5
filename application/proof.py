"""Proof that nothing was altered, in the auditor's words: what a verification found, what a
daily digest covers, and where a day ends.

Pure: the store is read by `persistence.verification`, a bundle by `persistence.bundle`;
both report with the types below, so the GraphQL layer and the CLI say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from domain.vocabulary import Labelled

TOKYO = ZoneInfo("Asia/Tokyo")

KINDS = {
    "Case": "案件",
    "Party": "団体",
    "Meeting": "会議",
    "CaseNumbering": "案件番号の採番",
    "KpiTargets": "目標値",
}


class BreakReason(Labelled):
    """Why a chain breaks at a version (code, Japanese message, English)."""

    EVENT_ALTERED = (
        "event_altered",
        "記録された内容がハッシュと一致しません（イベントかハッシュの記録が改変されています）",
        "The stored event does not match its hash",
    )
    HASH_ALTERED = (
        "hash_altered",
        "ハッシュの記録が改変されています（イベントの内容は次の版とつながっています）",
        "The stored hash was altered; the event still links to the next version",
    )
    LINK_BROKEN = (
        "link_broken",
        "直前のイベントのハッシュとつながっていません（順序の入れ替えか削除があります）",
        "The previous hash does not link to the previous event",
    )
    EVENT_MISSING = (
        "event_missing",
        "イベントが削除されています（ハッシュの記録だけが残っています）",
        "The event is missing; its hash row remains",
    )
    RECORD_MISSING = (
        "record_missing",
        "ハッシュの記録が削除されています",
        "The hash row of the event is missing",
    )
    VERSION_GAP = (
        "version_gap",
        "版が連続していません（イベントとハッシュの記録が削除されています）",
        "A version is missing from both the events and the hash rows",
    )
    RECORD_ALTERED = (
        "record_altered",
        "ハッシュの記録の種類・記録日時・出来事の日付がイベントと一致しません",
        "The hash row's topic, record time or business date differs from the event",
    )


@dataclass(frozen=True)
class ChainVerdict:
    """One aggregate's chain: how many events were checked and where it first breaks."""

    aggregate_id: UUID
    kind: str
    case_number: str | None
    checked_events: int
    broken_version: int | None = None
    reason: BreakReason | None = None

    @property
    def ok(self) -> bool:
        return self.reason is None

    @property
    def name(self) -> str:
        """How people name it: 案件 山口-2024-001（uuid）."""
        label = KINDS.get(self.kind, self.kind or "記録")
        if self.case_number:
            return f"{label} {self.case_number}（{self.aggregate_id}）"
        return f"{label} {self.aggregate_id}"

    @property
    def message(self) -> str:
        if self.reason is None:
            return f"{self.name}: 改ざんは見つかりませんでした（{self.checked_events}件を検証）"
        return f"{self.name}: 版{self.broken_version}で{self.reason.ja}"


@dataclass(frozen=True)
class LedgerVerdict:
    """Every chain of the ledger (or the ones asked for), verified at `verified_at`."""

    verified_at: datetime
    chains: int
    checked_events: int
    broken: tuple[ChainVerdict, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.broken

    @property
    def message(self) -> str:
        return verification_message(self.chains, self.checked_events, len(self.broken))

    @property
    def summary(self) -> LastVerification:
        """What is kept of it (`ChainStore.record`) and shown later."""
        return LastVerification(
            self.verified_at, self.ok, self.chains, self.checked_events, len(self.broken)
        )


def verification_message(chains: int, events: int, broken: int) -> str:
    summary = f"{chains}件の記録（イベント{events}件）を検証しました"
    if not broken:
        return f"{summary}: 改ざんは見つかりませんでした"
    return f"{summary}: {broken}件で改ざんが見つかりました"


@dataclass(frozen=True)
class LastVerification:
    """What /metrics shows: the last whole-ledger verification."""

    verified_at: datetime
    ok: bool
    chains: int
    checked_events: int
    broken_chains: int

    @property
    def message(self) -> str:
        return verification_message(self.chains, self.checked_events, self.broken_chains)


@dataclass(frozen=True)
class Head:
    """The last event of one chain recorded by a moment: a leaf of the digest."""

    aggregate_id: UUID
    version: int
    hash: str


@dataclass(frozen=True)
class DailyDigest:
    """One hash over every chain's head as of the end of `day` (Asia/Tokyo)."""

    day: date
    cutoff: datetime
    digest: str
    heads: int
    events: int
    intact: bool
    """Every chain verified up to its head: the digest is of the events as they were hashed."""

    @property
    def message(self) -> str:
        text = f"{self.day.isoformat()}の終わり時点のダイジェスト: {self.digest}"
        if self.intact:
            return text
        return f"{text}（注意: 検証できない記録があります）"


class DayNotOverError(ValueError):
    """A digest is of a day that has ended (in Tokyo)."""

    code = "day_not_over"

    def __init__(self, day: date) -> None:
        self.message = f"{day.isoformat()}はまだ終わっていません（日本時間）"
        super().__init__(self.message)


def end_of_day(day: date) -> datetime:
    """The first instant after `day` in Asia/Tokyo, in UTC: events recorded before it count."""
    midnight = datetime.combine(day + timedelta(days=1), time(0), tzinfo=TOKYO)
    return midnight.astimezone(ZoneInfo("UTC"))


def ended_day(day: date, now: datetime) -> datetime:
    """`day`'s end, or DayNotOverError when `now` has not reached it."""
    cutoff = end_of_day(day)
    if now < cutoff:
        raise DayNotOverError(day)
    return cutoff


def yesterday(now: datetime) -> date:
    return now.astimezone(TOKYO).date() - timedelta(days=1)


def kind_of(topic: str) -> str:
    """`kyodo:Case.PartyJoined` → `Case`."""
    return topic.partition(":")[2].partition(".")[0]


BUNDLE_FORMAT = "kyodo-audit-bundle"
BUNDLE_VERSION = 1


class BundleFault(Labelled):
    """Why an export bundle fails, besides a broken chain (code, Japanese, English)."""

    UNREADABLE = (
        "unreadable",
        "バンドルが読めません（改行で区切られたUTF-8のJSONではありません）",
        "Not UTF-8 JSON Lines",
    )
    BAD_HEADER = (
        "bad_header",
        "1行目が kyodo 監査バンドルのヘッダーではありません",
        "The first line is not a bundle header",
    )
    BAD_LINE = ("bad_line", "イベントの行の項目が正しくありません", "Malformed event line")
    OUT_OF_ORDER = (
        "out_of_order",
        "行の順序が正しくありません（記録ごと・版の順に並んでいません）",
        "Lines are not grouped by chain in version order",
    )
    OUT_OF_SCOPE = (
        "out_of_scope",
        "ヘッダーの範囲にない記録が含まれています",
        "A line lies outside the header's scope",
    )
    BAD_TRAILER = (
        "bad_trailer",
        "最終行が締めくくりの行ではありません（行が削除・追加されています）",
        "The last line is not a trailer",
    )
    COUNT_MISMATCH = (
        "count_mismatch",
        "締めくくりの行の件数がイベントの行と一致しません",
        "The trailer's counts differ from the lines",
    )
    DIGEST_MISMATCH = (
        "digest_mismatch",
        "締めくくりの行のダイジェストが各記録の先頭と一致しません",
        "The trailer's digest differs from the chains' heads",
    )
    CONTENT_MISMATCH = (
        "content_mismatch",
        "締めくくりの行のハッシュがバンドルの内容と一致しません（行が変更・削除・並べ替えられています）",
        "The trailer's hash of the preceding lines differs",
    )


@dataclass(frozen=True)
class BundleVerdict:
    """A bundle checked offline: its chains and digest, or the first line that fails."""

    chains: int
    events: int
    digest: str | None
    line: int | None = None
    code: str | None = None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.code is None

    @property
    def message(self) -> str:
        if self.ok:
            return (
                f"検証できました: 記録{self.chains}件・イベント{self.events}件、"
                "改ざんは見つかりませんでした"
            )
        return f"改ざんがあります: {self.line}行目: {self.problem} [{self.code}]"
