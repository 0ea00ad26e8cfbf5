"""Generate the golden fixtures. MUST be run against commit c765ae6 (the code before the
domain refactor), never against a later working tree:

    git -C /work/main worktree add /tmp/golden-wt c765ae6
    createdb -h 127.0.0.1 -U postgres kyodo_golden
    cd /tmp/golden-wt && PYTHONPATH=/tmp/golden-wt /work/main/.venv/bin/python \
        /work/main/tests/golden/generate.py --out /work/main/tests/golden/fixtures \
        --postgres-url postgresql://postgres@127.0.0.1:5432/kyodo_golden
    dropdb -h 127.0.0.1 -U postgres kyodo_golden
    git -C /work/main worktree remove /tmp/golden-wt --force

It records one story that uses every event type of every aggregate (Case, Party, Meeting,
CaseNumbering, KpiTargets) and every value type of `VALUE_TYPES`, once on SQLite and once on
PostgreSQL, and writes:

- `ledger-sqlite.sqlite3`: the SQLite store (its events table and `event_records` only);
- `ledger-postgres.json`: the rows of the PostgreSQL events and event-records tables;
- `expected-states.json`: per store, every aggregate as loaded and every stored event as
  decoded, normalised by `normalise.py` (the test uses the same function).

The name does not start with `test_`, so pytest does not collect it.
"""

# The imports below resolve against commit c765ae6 (PYTHONPATH), not the working tree,
# where some of these modules no longer exist; isort cannot classify them there.
# ruff: noqa: I001
from __future__ import annotations

import argparse
import base64
import importlib.util
import json
import sqlite3
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg
from psycopg.rows import dict_row

import domain
from domain.ledger import Ledger
from domain.values import (
    Actor,
    CommandContext,
    ContactDetails,
    FollowUp,
    Outcome,
    RoleAssignment,
    SuccessStory,
)
from domain.vocabulary import (
    ActorRole,
    ClosureResult,
    CollaborationForm,
    PartyKind,
    PartyRole,
    ReviewKind,
    Source,
)
from persistence.settings import Settings
from persistence.wiring import build_ledger

COMMIT = "c765ae6"
HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("golden_normalise", HERE / "normalise.py")
assert _spec is not None
assert _spec.loader is not None
_normalise = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_normalise)
normalise = _normalise.normalise

TODAY = date(2025, 6, 30)
D = date(2024, 5, 1)  # case A opens


def ctx(role: ActorRole, centre: str | None, user: str, source: Source) -> CommandContext:
    return CommandContext(Actor(user, role, centre), TODAY, f"golden-{user}", source)


FAC_YAMAGUCHI = ctx(ActorRole.FACILITATOR, "yamaguchi", "fac-yamaguchi-01", Source.CLI)
FAC_SHUNAN = ctx(ActorRole.FACILITATOR, "shunan", "fac-shunan-01", Source.API)
CHIEF = ctx(ActorRole.CHIEF_FACILITATOR, "pref", "chief-01", Source.API)
MEETING = ctx(ActorRole.MEETING, None, "meeting-01", Source.IMPORT)
ADMIN = ctx(ActorRole.ADMIN, None, "admin-01", Source.IMPORT)
SYSTEM = ctx(ActorRole.SYSTEM, None, "system", Source.IMPORT)


def check_code_is_c765ae6() -> None:
    where = Path(domain.__file__).resolve().parent.parent
    head = subprocess.run(
        ["git", "-C", str(where), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", str(where), "status", "--porcelain", "--", "domain", "persistence"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not head.startswith(COMMIT) or dirty:
        sys.exit(
            f"domain is imported from {where} at {head} (changes: {bool(dirty)}); need {COMMIT}"
        )
    print(f"domain from {domain.__file__} at {head}")


def record_story(ledger: Ledger) -> list[UUID]:
    """Every command of today's ledger; returns the ids of every aggregate it made."""
    ids: list[UUID] = []

    def party(c: CommandContext, kind: PartyKind, name: str, **kw: Any) -> UUID:
        pid = ledger.register_party(c, kind=kind, name=name, **kw).aggregate_id
        ids.append(pid)
        return pid

    npo = party(
        FAC_YAMAGUCHI,
        PartyKind.NPO_CORPORATION,
        "こどもの未来",
        municipality="山口市",
        fields=["まちづくり", "child_development"],
        contact=ContactDetails("山口 花子", "hanako@example.jp", "083-000-0000", "山口市中央1"),
        publication_consent=True,
        occurred_on=D - timedelta(days=30),
    )
    shop = party(
        ADMIN,
        PartyKind.BUSINESS,
        "山口食品株式会社",
        municipality="35203",
        fields=["経済活動の活性化"],
        publication_consent=True,
        occurred_on=D - timedelta(days=20),
    )
    worker = party(
        CHIEF,
        PartyKind.PRO_BONO_WORKER,
        "",
        municipality="周南市",
        contact=ContactDetails(person_name="周南 太郎", email="taro@example.jp"),
    )
    city = party(SYSTEM, PartyKind.MUNICIPALITY, "周南市役所", municipality="周南市")
    school = party(
        FAC_SHUNAN, PartyKind.SCHOOL, "周南高校", municipality="周南市", fields=["社会教育"]
    )
    council = party(
        FAC_SHUNAN,
        PartyKind.SOCIAL_WELFARE_COUNCIL,
        "周南市社会福祉協議会",
        municipality="周南市",
        publication_consent=True,
    )
    ledger.change_publication_consent(FAC_YAMAGUCHI, npo, False, D - timedelta(days=10))
    ledger.change_publication_consent(ADMIN, npo, True, D - timedelta(days=5))
    ledger.change_contact_details(
        CHIEF, worker, ContactDetails("周南 太郎", "taro@example.org", "0834-00-0000", "")
    )

    def case(c: CommandContext, centre: str, on: date, initiator: UUID, **kw: Any) -> UUID:
        cid = ledger.receive_consultation(
            c,
            title=kw.pop("title", "子ども食堂の立ち上げ"),
            issue_statement=kw.pop("issue_statement", "地域の子どもの孤食を減らしたい"),
            municipality=kw.pop("municipality", "山口市"),
            fields=kw.pop("fields", ["子どもの健全育成"]),
            sdgs=kw.pop("sdgs", [2, 1]),
            centre=centre,
            initiating_party_id=initiator,
            occurred_on=on,
            **kw,
        ).aggregate_id
        ids.append(cid)
        return cid

    # Case A (山口, 2024年度): every step up to publication, meetings, corrections, notes.
    a = case(FAC_YAMAGUCHI, "yamaguchi", D, npo)
    y = FAC_YAMAGUCHI
    ledger.assign_facilitator(y, a, "fac-yamaguchi-02", D + timedelta(days=1))
    ledger.hold_hearing(y, a, summary="課題を聞き取った", occurred_on=D + timedelta(days=2))
    ledger.hold_hearing(
        y, a, summary="食材の提供を相談", occurred_on=D + timedelta(days=3), party_id=shop
    )
    ledger.propose_partners(
        y, a, party_ids=[shop, worker], rationale="食材と会計", occurred_on=D + timedelta(days=4)
    )
    for pid, role in ((npo, PartyRole.PROPOSER), (shop, PartyRole.VENUE_OR_GOODS)):
        ledger.join_party(
            y, a, party_id=pid, role=role, contribution="協力", occurred_on=D + timedelta(days=5)
        )
    ledger.join_party(
        CHIEF,
        a,
        party_id=worker,
        role=PartyRole.EXPERTISE,
        contribution="会計の助言",
        occurred_on=D + timedelta(days=6),
    )
    ledger.hold_roundtable(
        y,
        a,
        agenda="役割分担",
        occurred_on=D + timedelta(days=10),
        attendee_party_ids=[npo, shop, worker],
        attendee_count=7,
        decisions="月1回開催",
        next_actions="会場の確保",
    )
    ledger.withdraw_party(
        y, a, party_id=worker, reason="転居のため", occurred_on=D + timedelta(days=12)
    )
    ledger.reach_agreement(
        y,
        a,
        roles=[
            RoleAssignment(npo, PartyRole.PROPOSER, "運営"),
            RoleAssignment(shop, PartyRole.VENUE_OR_GOODS),
        ],
        period_start=D + timedelta(days=30),
        form=CollaborationForm.BUSINESS_COOPERATION,
        occurred_on=D + timedelta(days=20),
    )
    ledger.reach_agreement(
        CHIEF,
        a,
        roles=[
            RoleAssignment(npo, PartyRole.PARTNER, "運営と広報"),
            RoleAssignment(shop, PartyRole.FUNDER, "食材費"),
        ],
        period_start=D + timedelta(days=30),
        period_end=date(2025, 3, 31),
        resources="食材、会場",
        form=CollaborationForm.CO_HOSTING,
        occurred_on=D + timedelta(days=25),
    )
    ledger.carry_out_activity(
        y, a, title="第1回 子ども食堂", occurred_on=D + timedelta(days=45), participants=30
    )
    ledger.carry_out_activity(
        y,
        a,
        title="第2回 子ども食堂",
        occurred_on=D + timedelta(days=75),
        participants=42,
        volunteers=6,
        outputs="チラシ200部",
    )
    ledger.conduct_review(
        y,
        a,
        kind=ReviewKind.SELF,
        summary="参加者が目標を上回った",
        occurred_on=D + timedelta(days=120),
        outcomes=[
            Outcome("参加者数", actual=72, target=50, unit="人"),
            Outcome("満足度", note="アンケート未集計"),
        ],
        lessons="早めの告知",
    )
    ledger.conduct_review(
        CHIEF,
        a,
        kind=ReviewKind.THIRD_PARTY,
        summary="第三者評価",
        occurred_on=D + timedelta(days=130),
    )
    ledger.close_case(
        y, a, result=ClosureResult.SUCCEEDED, occurred_on=D + timedelta(days=150), reason="達成"
    )
    ledger.nominate_success_case(y, a, occurred_on=D + timedelta(days=151), reason="好事例")
    ledger.publish_success_case(
        CHIEF,
        a,
        story=SuccessStory(
            title="地域ぐるみの子ども食堂",
            summary="NPOと企業が協働して子ども食堂を開いた",
            how_started="相談窓口への一本の電話",
            outcomes="延べ300人が利用",
            lessons="食材の提供を事業者と分担した",
            party_ids=(npo, shop),
        ),
        occurred_on=D + timedelta(days=160),
    )
    meeting = ledger.hold_meeting(
        MEETING,
        title="令和6年度 第2回 情報共有会議",
        host_centre="pref",
        occurred_on=D + timedelta(days=170),
        attending_centres=["yamaguchi", "shunan", "山口"],
    ).aggregate_id
    ids.append(meeting)
    ledger.present_at_meeting(MEETING, meeting, a)
    ledger.agree_follow_up(
        CHIEF, meeting, FollowUp(a, "周南市", "shunan", "周南市で子ども食堂を立ち上げる")
    )
    ledger.correct_step(
        y,
        a,
        corrected_version=7,
        changes={"occurred_on": D + timedelta(days=7), "role": "partner"},
        reason="日付と役割の誤記",
    )
    ledger.correct_step(
        CHIEF,
        a,
        corrected_version=1,
        changes={"fields": ["まちづくり", "子どもの健全育成"], "sdgs": [1, 2, 10]},
        reason="分野の追加",
        occurred_on=D + timedelta(days=200),
    )
    ledger.correct_step(
        y,
        a,
        corrected_version=13,
        changes={"participants": 31, "volunteers": 5, "title": "第1回 こども食堂"},
        reason="人数の訂正",
    )
    ledger.add_note(y, a, text="広報誌に掲載予定")
    ledger.add_note(SYSTEM, a, text="取り込みで補記", occurred_on=D + timedelta(days=210))

    # Case B (周南, 2025年度): replicates A, then closes, is reopened and stays in review.
    b = case(
        FAC_SHUNAN,
        "shunan",
        date(2025, 4, 10),
        council,
        title="周南こども食堂",
        municipality="周南市",
        replicates=a,
        facilitator_id="fac-shunan-02",
        sdgs=[2],
    )
    s, bd = FAC_SHUNAN, date(2025, 4, 10)
    for pid, kind_role in ((council, PartyRole.PARTNER), (school, PartyRole.PUBLIC_SUPPORT)):
        ledger.join_party(
            s, b, party_id=pid, role=kind_role, contribution="", occurred_on=bd + timedelta(1)
        )
    ledger.reach_agreement(
        s,
        b,
        roles=[
            RoleAssignment(council, PartyRole.PARTNER),
            RoleAssignment(school, PartyRole.FUNDER),
        ],
        period_start=bd + timedelta(days=5),
        period_end=bd + timedelta(days=90),
        form=CollaborationForm.EXECUTIVE_COMMITTEE,
        occurred_on=bd + timedelta(days=3),
    )
    ledger.carry_out_activity(s, b, title="試行", occurred_on=bd + timedelta(days=10))
    ledger.conduct_review(
        s,
        b,
        kind=ReviewKind.THIRD_PARTY,
        summary="継続は難しい",
        occurred_on=bd + timedelta(days=20),
        outcomes=[Outcome("参加者数", actual=3, target=20, unit="人", note="周知不足")],
    )
    ledger.close_case(s, b, result=ClosureResult.DISCONTINUED, occurred_on=bd + timedelta(days=21))
    ledger.reopen_case(s, b, reason="会場が見つかった", occurred_on=bd + timedelta(days=40))
    ledger.correct_step(
        s,
        b,
        corrected_version=1,
        changes={"occurred_on": bd - timedelta(days=2), "municipality": "下松市"},
        reason="受付日の誤り",
    )

    # Case A: the publication is withdrawn, then presented at a second meeting.
    ledger.withdraw_success_case(CHIEF, a, reason="掲載期間の終了", occurred_on=date(2025, 5, 1))

    # Case C (山口, 2024年度, second serial): withdrawn at intake. Case D: agreed, in
    # progress. Case E: coordinating only. Case F: intake only (宇部, by the chief). Case G:
    # agreed (周南, 2025年度).
    c = case(y, "yamaguchi", date(2024, 9, 2), shop, title="商店街の清掃", sdgs=[11])
    ledger.close_case(y, c, result=ClosureResult.WITHDRAWN, occurred_on=date(2024, 9, 3))
    d = case(y, "yamaguchi", date(2025, 3, 31), npo, title="年度末の相談", fields=["環境の保全"])
    for pid in (npo, shop):
        ledger.join_party(
            y, d, party_id=pid, role=PartyRole.PARTNER, contribution="", occurred_on=TODAY
        )
    ledger.reach_agreement(
        y,
        d,
        roles=[RoleAssignment(npo, PartyRole.PARTNER), RoleAssignment(shop, PartyRole.PARTNER)],
        period_start=TODAY,
        form=CollaborationForm.COMMISSION,
        occurred_on=TODAY,
    )
    ledger.carry_out_activity(y, d, title="清掃活動", occurred_on=TODAY, volunteers=12)
    e = case(s, "shunan", date(2025, 5, 20), city, municipality="周南市", sdgs=[])
    ledger.propose_partners(
        s, e, party_ids=[school, school, council], rationale="", occurred_on=TODAY
    )
    f = case(CHIEF, "ube", date(2025, 6, 2), worker, municipality="宇部市", sdgs=[17, 3])
    ledger.hold_hearing(CHIEF, f, summary="初回面談", occurred_on=date(2025, 6, 3))
    ledger.assign_facilitator(CHIEF, f, "fac-ube-01", date(2025, 6, 4))

    g = case(s, "shunan", date(2025, 6, 9), school, municipality="周南市", fields=["社会教育"])
    for pid in (school, council):
        ledger.join_party(
            s, g, party_id=pid, role=PartyRole.PARTNER, contribution="", occurred_on=TODAY
        )
    ledger.reach_agreement(
        s,
        g,
        roles=[
            RoleAssignment(school, PartyRole.EXPERTISE),
            RoleAssignment(council, PartyRole.PARTNER),
        ],
        period_start=date(2025, 7, 1),
        period_end=date(2026, 3, 31),
        form=CollaborationForm.JOINT_PLANNING,
        occurred_on=TODAY,
    )

    # KPI targets: the prefecture (None) and a municipality, two fiscal years.
    for c_, year, muni, indicator, target, baseline in (
        (CHIEF, 2024, None, "cases_opened", 120.0, None),
        (ADMIN, 2024, None, "成功率（%）", 35.5, 30.0),
        (CHIEF, 2024, None, "cases_opened", 130.0, 110.0),
        (SYSTEM, 2024, "山口市", "volunteers", None, 250.0),
        (ADMIN, 2025, "35215", "agreements", 12, None),
    ):
        ledger.set_kpi_target(c_, year, muni, indicator, target, baseline)

    # The numberings and targets have deterministic ids: take every originator in the log.
    return ids


def all_originators(ledger: Ledger) -> list[UUID]:
    seen: dict[UUID, None] = {}
    for n in ledger.recorder.select_notifications(start=1, limit=100_000):
        seen.setdefault(UUID(str(n.originator_id)), None)
    return list(seen)


def snapshot(ledger: Ledger) -> dict[str, Any]:
    """Every aggregate as loaded and every stored event as decoded, normalised."""
    aggregates = [normalise(ledger.repository.get(oid)) for oid in all_originators(ledger)]
    events = [
        {
            "notification_id": n.id,
            "originator_id": str(n.originator_id),
            "originator_version": n.originator_version,
            "topic": n.topic,
            "decoded": normalise(ledger.mapper.to_domain_event(n)),
        }
        for n in ledger.recorder.select_notifications(start=1, limit=100_000)
    ]
    return {"aggregates": aggregates, "events": events}


def make_sqlite(out: Path, work: Path) -> dict[str, Any]:
    settings = Settings(data_dir=work)
    if settings.sqlite_path.exists():
        sys.exit(f"{settings.sqlite_path} exists: use an empty --work directory")
    ledger = build_ledger(settings)
    try:
        record_story(ledger)
        expected = snapshot(ledger)
    finally:
        ledger.close()
    target = out / "ledger-sqlite.sqlite3"
    target.unlink(missing_ok=True)
    with sqlite3.connect(settings.sqlite_path) as src:
        src.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        tables = [r[0] for r in src.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        print("sqlite tables:", tables)
        src.execute("VACUUM INTO ?", (str(target),))
    with sqlite3.connect(target) as dst:
        for table in tables:
            if table not in ("stored_events", "event_records", "sqlite_sequence"):
                dst.execute(f'DROP TABLE "{table}"')
        dst.execute("PRAGMA journal_mode=DELETE")
    with sqlite3.connect(target) as dst:
        dst.execute("VACUUM")
    return expected


def make_postgres(out: Path, work: Path, url: str) -> dict[str, Any]:
    name = "golden"
    settings = Settings(database_url=url, data_dir=work, ledger_name=name)
    ledger = build_ledger(settings)
    try:
        record_story(ledger)
        expected = snapshot(ledger)
    finally:
        ledger.close()
    with psycopg.connect(url, row_factory=dict_row) as conn:
        tables = [
            r["tablename"]
            for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname='public' ORDER BY tablename"
            )
        ]
        print("postgres tables:", tables)
        events = [
            {
                "notification_id": r["notification_id"],
                "originator_id": str(r["originator_id"]),
                "originator_version": r["originator_version"],
                "topic": r["topic"],
                "state": base64.b64encode(r["state"]).decode(),
            }
            for r in conn.execute(
                f"SELECT notification_id, originator_id, originator_version, topic, state "
                f"FROM {name}_events ORDER BY notification_id"
            )
        ]
        records = [
            {
                "originator_id": str(r["originator_id"]),
                "originator_version": r["originator_version"],
                "topic": r["topic"],
                "recorded_at": r["recorded_at"] and r["recorded_at"].isoformat(),
                "occurred_on": r["occurred_on"] and r["occurred_on"].isoformat(),
                "prev_hash": r["prev_hash"],
                "hash": r["hash"],
            }
            for r in conn.execute(
                f"SELECT * FROM {name}_event_records ORDER BY originator_id, originator_version"
            )
        ]
    dump = {
        "generated_by": f"tests/golden/generate.py at commit {COMMIT}",
        "ledger_name": name,
        "events_table": f"{name}_events",
        "event_records_table": f"{name}_event_records",
        "events": events,
        "event_records": records,
    }
    (out / "ledger-postgres.json").write_text(
        json.dumps(dump, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return expected


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--work", type=Path, default=Path("/tmp/golden-work"))
    parser.add_argument("--postgres-url", required=True)
    args = parser.parse_args()
    check_code_is_c765ae6()
    args.out.mkdir(parents=True, exist_ok=True)
    args.work.mkdir(parents=True, exist_ok=True)
    expected = {
        "generated_by": f"tests/golden/generate.py at commit {COMMIT}",
        "sqlite": make_sqlite(args.out, args.work / "sqlite"),
        "postgres": make_postgres(args.out, args.work / "postgres", args.postgres_url),
    }
    (args.out / "expected-states.json").write_text(
        json.dumps(expected, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    for store in ("sqlite", "postgres"):
        topics = sorted({e["topic"] for e in expected[store]["events"]})
        print(f"{store}: {len(expected[store]['events'])} events, {len(topics)} topics")
        print(f"{store}: {len(expected[store]['aggregates'])} aggregates")


if __name__ == "__main__":
    main()
