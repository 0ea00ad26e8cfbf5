"""`kyodo audit verify` and `kyodo audit digest`: a line of Japanese, exit 3 when something
is broken, and the last whole-ledger run on /metrics."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.testclient import TestClient

from api.app import create_app
from api.auth import TokenIssuer
from api.container import Container
from persistence.settings import Settings
from tests.api.client import readyz
from tests.audit.tampering import Tamperer
from tests.cli.conftest import Kyodo, one_line_error, settings_env
from tests.support import CaseFixture


@pytest.fixture
def kyodo(settings: Settings) -> Kyodo:
    return Kyodo(settings_env(settings))


def test_an_untouched_ledger_verifies(kyodo: Kyodo, case: CaseFixture) -> None:
    result = kyodo("audit", "verify", "--all")
    assert result.exit_code == 0, result.output
    assert "改ざんは見つかりませんでした" in result.stdout
    one = kyodo("audit", "verify", "山口-2024-001")
    assert one.exit_code == 0, one.output
    assert one.stdout.startswith("案件 山口-2024-001（")


def test_an_altered_event_fails_with_its_case_and_version(
    kyodo: Kyodo, case: CaseFixture, tamper: Tamperer
) -> None:
    tamper.replace_in_state(case.id, 3, "協力", "非協力")
    result = kyodo("audit", "verify", "--all")
    assert result.exit_code == 3, result.output
    assert f"案件 山口-2024-001（{case.id}）: 版3で" in result.stdout
    assert "1件で改ざんが見つかりました" in result.stdout
    by_id = kyodo("audit", "verify", str(case.id))
    assert by_id.exit_code == 3
    assert "版3で記録された内容がハッシュと一致しません" in by_id.stdout


def test_verify_needs_one_target(kyodo: Kyodo, case: CaseFixture) -> None:
    assert "[bad_arguments]" in one_line_error(kyodo("audit", "verify"))
    assert "[bad_arguments]" in one_line_error(kyodo("audit", "verify", "x", "--all"))
    assert "[case_not_found]" in one_line_error(kyodo("audit", "verify", "山口-2024-404"))


def test_digest_refuses_a_day_that_has_not_ended(kyodo: Kyodo, case: CaseFixture) -> None:
    assert "[day_not_over]" in one_line_error(kyodo("audit", "digest", "2999-01-01"))
    assert "[bad_date]" in one_line_error(kyodo("audit", "digest", "昨日"))


def test_digest_prints_the_day_s_root(kyodo: Kyodo, case: CaseFixture) -> None:
    result = kyodo("audit", "digest", "2024-01-01")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("日付: 2024-01-01（2024-01-02T00:00:00+09:00 より前")
    assert len(lines[1].removeprefix("ダイジェスト: ")) == 64
    assert lines[2] == "対象: 0件の記録（イベント0件）"


def test_metrics_show_the_last_whole_ledger_verification(
    kyodo: Kyodo, case: CaseFixture, tamper: Tamperer, settings: Settings, tmp_path: Path
) -> None:
    with TestClient(create_app(Container(settings), TokenIssuer("x" * 40))) as http:
        assert "kyodo_audit_last_verification_ok" not in http.get("/metrics").text
        assert kyodo("audit", "verify", "--all").exit_code == 0
        text = http.get("/metrics").text
        assert "kyodo_audit_last_verification_ok 1" in text
        assert "kyodo_audit_last_verification_timestamp_seconds " in text
        tamper.delete("records", case.id, 2)
        assert kyodo("audit", "verify", "--all").exit_code == 3
        text = http.get("/metrics").text
        assert "kyodo_audit_last_verification_ok 0" in text
        assert "kyodo_audit_last_verification_broken_chains 1" in text
        assert readyz(http).json()["ready"] is True


def test_export_and_verify_bundle(kyodo: Kyodo, case: CaseFixture, tmp_path: Path) -> None:
    path = tmp_path / "all.jsonl"
    exported = kyodo("audit", "export", "--all", str(path))
    assert exported.exit_code == 0, exported.output
    assert exported.stdout.startswith(f"{path} に書き出しました: 記録4件・イベント8件")
    checked = kyodo("audit", "verify-bundle", str(path), "--date", "2024-01-01")
    assert checked.exit_code == 0, checked.output
    lines = checked.stdout.splitlines()
    assert lines[0] == "検証できました: 記録4件・イベント8件、改ざんは見つかりませんでした"
    assert lines[1] == exported.stdout.splitlines()[1]
    assert lines[2].startswith("2024-01-01の終わり時点のダイジェスト: ")


def test_a_case_is_exported_by_its_number(kyodo: Kyodo, case: CaseFixture, tmp_path: Path) -> None:
    path = tmp_path / "case.jsonl"
    exported = kyodo("audit", "export", "山口-2024-001", str(path))
    assert exported.exit_code == 0, exported.output
    assert "記録1件・イベント4件" in exported.stdout
    text = path.read_text(encoding="utf-8").splitlines()
    text[2] = text[2].replace("協力", "非協力")
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    checked = kyodo("audit", "verify-bundle", str(path))
    assert checked.exit_code == 3
    assert checked.stdout.startswith("改ざんがあります: 3行目: ")


def test_export_and_verify_bundle_refuse_bad_input(
    kyodo: Kyodo, case: CaseFixture, tmp_path: Path
) -> None:
    assert "[bad_arguments]" in one_line_error(kyodo("audit", "export", str(tmp_path / "x")))
    assert "[case_not_found]" in one_line_error(
        kyodo("audit", "export", "山口-2024-404", str(tmp_path / "x"))
    )
    assert not (tmp_path / "x").exists()
    assert "[unreadable]" in one_line_error(
        kyodo("audit", "verify-bundle", str(tmp_path / "absent.jsonl"))
    )


def test_export_to_a_missing_folder_is_one_line(
    kyodo: Kyodo, case: CaseFixture, tmp_path: Path
) -> None:
    target = str(tmp_path / "absent" / "x.jsonl")
    assert "[unwritable]" in one_line_error(kyodo("audit", "export", "--all", target))
