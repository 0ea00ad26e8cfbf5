"""Steps for features/auditor/proof.feature: the auditor's `kyodo audit` commands on each
store (the `settings` fixture is parametrised), the store altered behind the ledger's back,
record times from a controlled clock."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import eventsourcing.domain
import pytest
from pytest_bdd import given, parsers, scenario, then, when
from typer.testing import Result

from application.proof import TOKYO, end_of_day
from domain.vocabulary import PartyKind, PartyRole
from persistence.bundle import verify_bundle
from persistence.settings import Settings
from persistence.verification import chain_store, daily_digest
from persistence.wiring import build_ledger
from tests.audit.tampering import Tamperer
from tests.cli.conftest import Kyodo, settings_env
from tests.support import CaseFixture

FEATURE = "auditor/proof.feature"

DAY = r"\d{4}年\d{1,2}月\d{1,2}日"
KINDS = {"事業者": PartyKind.BUSINESS, "NPO法人": PartyKind.NPO_CORPORATION}
ROLES = {role.ja: role for role in PartyRole}


def day(text: str) -> date:
    found = re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日", text)
    assert found is not None, text
    return date(int(found[1]), int(found[2]), int(found[3]))


@dataclass
class Clock:
    """The record time the store stamps on events (not the business date)."""

    now: datetime = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(milliseconds=1)
        return self.now

    def during(self, on: date) -> None:
        self.now = datetime.combine(on, datetime.min.time(), tzinfo=TOKYO).astimezone(UTC)
        self.now += timedelta(hours=10)


@dataclass
class Audit:
    case: CaseFixture
    tamper: Tamperer
    kyodo: Kyodo
    clock: Clock
    folder: Path
    result: Result | None = None
    written_down: str | None = None
    bundle: Path | None = None
    altered_line: int | None = None

    def digest(self, on: date) -> str:
        after = end_of_day(on) + timedelta(seconds=1)
        self.clock.now = max(self.clock.now, after)
        return daily_digest(chain_store(self.case.ledger), on, now=self.clock.now).digest


@pytest.fixture
def audit(settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Audit]:
    clock = Clock()
    monkeypatch.setattr(eventsourcing.domain, "datetime_now_with_tzinfo", clock)
    ledger = build_ledger(settings)
    kyodo = Kyodo(settings_env(settings))
    yield Audit(CaseFixture(ledger), Tamperer(settings), kyodo, clock, tmp_path)
    ledger.close()


@scenario(FEATURE, "手を加えられていない台帳は検証に通る")
def test_an_untouched_ledger_verifies(audit: Audit) -> None:
    """Runs on each store (the `settings` fixture is parametrised)."""


@scenario(FEATURE, "データベースで直接書き換えられた記録は、案件と版とともに示される")
def test_an_event_altered_in_the_database_is_named(audit: Audit) -> None:
    """Runs on each store (the `settings` fixture is parametrised)."""


@scenario(FEATURE, "削除された記録も見つかる")
def test_a_deleted_event_is_found(audit: Audit) -> None:
    """Runs on each store (the `settings` fixture is parametrised)."""


@scenario(FEATURE, "終わった日のダイジェストは、後の記録で変わらない")
def test_an_ended_day_s_digest_stays(audit: Audit) -> None:
    """Runs on each store (the `settings` fixture is parametrised)."""


@scenario(FEATURE, "書き出したファイルは台帳なしで検証できる")
def test_an_exported_file_verifies_alone(audit: Audit) -> None:
    """Runs on each store (the `settings` fixture is parametrised)."""


@scenario(FEATURE, "書き出したファイルは一行でも書き換えると検証に通らない")
def test_an_altered_exported_file_fails(audit: Audit) -> None:
    """Runs on each store (the `settings` fixture is parametrised)."""


# --- given -----------------------------------------------------------------------------------


@given(parsers.re(rf"(?P<on>{DAY})に山口市で「(?P<title>[^」]+)」の相談を受け付けた"))
def _opened(audit: Audit, on: str, title: str) -> None:
    audit.clock.during(day(on))
    audit.case.open(title=title)


@given(parsers.re(r"(?P<kind>事業者|NPO法人)「(?P<name>[^」]+)」が(?P<role>[^\s]+)として参加した"))
def _joined(audit: Audit, kind: str, name: str, role: str) -> None:
    audit.case.join(name, KINDS[kind], ROLES[role])


@given(
    parsers.re(
        r"データベースで案件の第(?P<v>\d+)版の「(?P<old>[^」]+)」が「(?P<new>[^」]+)」に書き換えられた"
    )
)
def _altered(audit: Audit, v: str, old: str, new: str) -> None:
    audit.tamper.replace_in_state(audit.case.id, int(v), old, new)


@given(parsers.re(r"データベースで案件の第(?P<v>\d+)版が削除された"))
def _deleted(audit: Audit, v: str) -> None:
    audit.tamper.delete("events", audit.case.id, int(v))


@given(parsers.re(rf"(?P<on>{DAY})が終わり、監査人がその日のダイジェストを書き留めた"))
def _written_down(audit: Audit, on: str) -> None:
    audit.written_down = audit.digest(day(on))


@given("監査人が台帳全体をファイルに書き出した")
def _exported(audit: Audit) -> None:
    _export(audit)


# --- when ------------------------------------------------------------------------------------


@when("監査人が台帳全体を検証する")
def _verify_all(audit: Audit) -> None:
    audit.result = audit.kyodo("audit", "verify", "--all")


@when(parsers.re(r"監査人が案件番号「(?P<number>[^」]+)」で案件を検証する"))
def _verify_case(audit: Audit, number: str) -> None:
    audit.result = audit.kyodo("audit", "verify", number)


@when(parsers.re(rf"(?P<on>{DAY})に役割分担の合意を記録する"))
def _agreed(audit: Audit, on: str) -> None:
    audit.clock.during(day(on))
    audit.case.agree()


@when("監査人が台帳全体をファイルに書き出す")
def _export(audit: Audit) -> None:
    audit.bundle = audit.folder / "ledger.jsonl"
    result = audit.kyodo("audit", "export", "--all", str(audit.bundle))
    assert result.exit_code == 0, result.output


@when(parsers.re(r"ファイルの中の「(?P<old>[^」]+)」を一か所だけ「(?P<new>[^」]+)」に書き換える"))
def _bundle_altered(audit: Audit, old: str, new: str) -> None:
    assert audit.bundle is not None
    lines = audit.bundle.read_bytes().splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if old.encode() in line)
    lines[index] = lines[index].replace(old.encode(), new.encode(), 1)
    audit.bundle.write_bytes(b"".join(lines))
    audit.altered_line = index + 1


# --- then ------------------------------------------------------------------------------------


@then("改ざんは見つからない")
def _intact(audit: Audit) -> None:
    assert audit.result is not None
    assert audit.result.exit_code == 0, audit.result.output
    assert "改ざんは見つかりませんでした" in audit.result.stdout


@then(parsers.re(r"案件「(?P<number>[^」]+)」の第(?P<v>\d+)版で改ざんが見つかる"))
def _broken_at(audit: Audit, number: str, v: str) -> None:
    assert audit.result is not None
    assert audit.result.exit_code == 3, audit.result.output
    assert f"案件 {number}（{audit.case.id}）: 版{v}で" in audit.result.stdout


@then(parsers.re(r"「(?P<text>[^」]+)」と伝えられる"))
def _told(audit: Audit, text: str) -> None:
    assert audit.result is not None
    assert text in audit.result.stdout


@then(parsers.re(rf"(?P<on>{DAY})のダイジェストは書き留めたものと同じだ"))
def _same_digest(audit: Audit, on: str) -> None:
    assert audit.digest(day(on)) == audit.written_down


@then(parsers.re(rf"(?P<on>{DAY})のダイジェストは書き留めたものと違う"))
def _other_digest(audit: Audit, on: str) -> None:
    assert audit.digest(day(on)) != audit.written_down


@then("そのファイルは台帳なしで検証でき、改ざんは見つからない")
def _bundle_intact(audit: Audit) -> None:
    assert audit.bundle is not None
    result = audit.kyodo("audit", "verify-bundle", str(audit.bundle))
    assert result.exit_code == 0, result.output
    assert "改ざんは見つかりませんでした" in result.stdout


@then("そのファイルの検証で、書き換えた行に改ざんがあると示される")
def _bundle_broken(audit: Audit) -> None:
    assert audit.bundle is not None
    result = audit.kyodo("audit", "verify-bundle", str(audit.bundle))
    assert result.exit_code == 3, result.output
    assert result.stdout.startswith(f"改ざんがあります: {audit.altered_line}行目: ")
    assert verify_bundle(audit.bundle.read_bytes()).line == audit.altered_line
