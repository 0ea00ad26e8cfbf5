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
        assert http.get("/readyz").json()["ready"] is True
