"""`kyodo users add` prints a token the API accepts; `demo-tokens` prints one per group."""

from __future__ import annotations

import base64
import json
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


def test_demo_tokens_are_recorded_so_that_each_can_be_listed_and_revoked(data_dir: Path) -> None:
    printed = CliRunner().invoke(app, ["users", "demo-tokens"])
    assert printed.exit_code == 0, printed.output
    token = printed.stdout.split("(fac-yamaguchi-01):\n  Bearer ")[1].split()[0]
    token_id = json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))["jti"]
    listed = CliRunner().invoke(app, ["users", "list"]).stdout
    assert "fac-yamaguchi-01  facilitator yamaguchi" in listed
    assert f"  {token_id}  発行 " in listed
    CliRunner().invoke(app, ["users", "name", "fac-yamaguchi-01", "山本 さくら"])
    assert CliRunner().invoke(app, ["users", "demo-tokens"]).exit_code == 0  # a second run
    listed = CliRunner().invoke(app, ["users", "list"]).stdout
    assert "fac-yamaguchi-01  山本 さくら  facilitator yamaguchi" in listed  # the name kept
    revoked = CliRunner().invoke(app, ["users", "revoke", "fac-yamaguchi-01", "--token", token_id])
    assert revoked.exit_code == 0, revoked.output
    listed = CliRunner().invoke(app, ["users", "list"]).stdout
    assert f"  {token_id}  発行 " in listed
    assert listed.split(f"  {token_id}  ")[1].split("\n")[0].split("  ")[-1].startswith("取り消し")
