"""`kyodo users add` prints a token the API accepts; `demo-tokens` prints one per group."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.auth import TokenIssuer, jwt_secret
from api.cli import app
from persistence.settings import Settings


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KYODO_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("KYODO_JWT_SECRET", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return tmp_path


def test_users_add_prints_a_token_signed_with_the_local_secret(data_dir: Path) -> None:
    result = CliRunner().invoke(
        app, ["users", "add", "fac-hagi-01", "--role", "facilitator", "--centre", "hagi"]
    )
    assert result.exit_code == 0, result.output
    issuer = TokenIssuer(jwt_secret(Settings(data_dir=data_dir), environ={}))
    actor = issuer.verify(result.stdout.strip())
    assert (actor.user_id, actor.role.value, actor.centre) == ("fac-hagi-01", "facilitator", "hagi")


def test_a_facilitator_without_a_centre_is_refused_in_one_line(data_dir: Path) -> None:
    result = CliRunner().invoke(app, ["users", "add", "x", "--role", "facilitator"])
    assert result.exit_code == 1
    assert "centre" in result.stderr


def test_an_unknown_centre_is_refused_in_one_line(data_dir: Path) -> None:
    result = CliRunner().invoke(
        app, ["users", "add", "x", "--role", "facilitator", "--centre", "大阪"]
    )
    assert result.exit_code == 1
    assert "支援センター" in result.stderr


@pytest.mark.parametrize("days", ["0", "-1"])
def test_a_token_valid_for_no_day_is_refused_in_one_line(data_dir: Path, days: str) -> None:
    result = CliRunner().invoke(
        app, ["users", "add", "auditor-02", "--role", "auditor", "--days", days]
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("エラー: 有効日数（--days）は1日以上にしてください")
    assert result.stderr.rstrip().endswith("[days_not_positive]")


def test_a_token_for_one_day_is_issued(data_dir: Path) -> None:
    result = CliRunner().invoke(
        app, ["users", "add", "auditor-02", "--role", "auditor", "--days", "1"]
    )
    assert result.exit_code == 0, result.output
    issuer = TokenIssuer(jwt_secret(Settings(data_dir=data_dir), environ={}))
    assert issuer.verify(result.stdout.strip()).user_id == "auditor-02"


def test_demo_tokens_are_printed_for_each_user_group(data_dir: Path) -> None:
    result = CliRunner().invoke(app, ["users", "demo-tokens"])
    assert result.exit_code == 0, result.output
    assert result.stdout.count("Bearer ") == 4
