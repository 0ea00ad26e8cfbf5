"""Accounts: admins list users, issue and revoke tokens (GraphQL and `kyodo users`); a revoked
token is refused at once in this process and within a second in another one."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from api.auth import TokenIssuer
from api.cli import app as cli
from api.container import Container
from persistence.settings import Settings
from tests.api.client import ACTORS, SECRET, GraphQLClient, running_api

VIEWER = "{ viewer { userId role centre } }"
ISSUE = """mutation($input: IssueTokenInput!) { issueToken(input: $input) {
  __typename ... on IssuedToken { token tokenId userId }
  ... on CommandError { code message } } }"""
REVOKE_TOKEN = """mutation($id: String!) { revokeToken(tokenId: $id) {
  __typename ... on CommandError { code message } } }"""
REVOKE_USER = """mutation($id: String!) { revokeUser(userId: $id) {
  __typename ... on CommandError { code message } } }"""
ACCOUNTS = "{ accounts { userId role centre revokedBefore tokens { tokenId revokedAt } } }"


@pytest.fixture
def api(tmp_path: Path) -> Iterator[GraphQLClient]:
    with running_api(Settings(data_dir=tmp_path)) as client:
        yield client


def issue(api: GraphQLClient, user: str = "fac-hagi-01", **given: object) -> dict[str, str]:
    value = {"userId": user, "role": "FACILITATOR", "centre": "hagi", **given}
    result: dict[str, str] = api.run(ISSUE, {"input": value}, role="admin")["issueToken"]
    return result


def viewer_status(http: TestClient, token: str) -> int:
    response = http.post(
        "/graphql", json={"query": VIEWER}, headers={"Authorization": f"Bearer {token}"}
    )
    return response.status_code


def test_an_admin_issues_a_token_that_signs_its_user_in(api: GraphQLClient) -> None:
    issued = issue(api)
    assert issued["__typename"] == "IssuedToken"
    response = api.http.post(
        "/graphql",
        json={"query": VIEWER},
        headers={"Authorization": f"Bearer {issued['token']}"},
    )
    assert response.json()["data"]["viewer"] == {
        "userId": "fac-hagi-01",
        "role": "FACILITATOR",
        "centre": "hagi",
    }


def test_an_admin_lists_the_accounts_and_their_tokens(api: GraphQLClient) -> None:
    issued = issue(api)
    (account,) = api.run(ACCOUNTS, role="admin")["accounts"]
    assert (account["userId"], account["role"], account["centre"]) == (
        "fac-hagi-01",
        "FACILITATOR",
        "hagi",
    )
    assert account["tokens"] == [{"tokenId": issued["tokenId"], "revokedAt": None}]


def test_a_revoked_token_is_refused_at_once(api: GraphQLClient) -> None:
    issued = issue(api)
    assert viewer_status(api.http, issued["token"]) == 200
    done = api.run(REVOKE_TOKEN, {"id": issued["tokenId"]}, role="admin")["revokeToken"]
    assert done["__typename"] == "Revoked"
    assert viewer_status(api.http, issued["token"]) == 401


def test_revoking_a_user_refuses_every_token_issued_until_then(api: GraphQLClient) -> None:
    first, second = issue(api), issue(api)
    api.run(REVOKE_USER, {"id": "fac-hagi-01"}, role="admin")
    assert viewer_status(api.http, first["token"]) == 401
    assert viewer_status(api.http, second["token"]) == 401


def test_a_revocation_in_another_process_is_in_force_within_a_second(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    tokens = TokenIssuer(SECRET)
    one, other = Container(settings), Container(settings)  # two servers over one store
    with TestClient(create_app(one, tokens)) as first, TestClient(create_app(other, tokens)):
        api = GraphQLClient(first, tokens)
        issued = issue(api)
        assert viewer_status(first, issued["token"]) == 200
        revoked = GraphQLClient(TestClient(create_app(other, tokens)), tokens)
        revoked.run(REVOKE_TOKEN, {"id": issued["tokenId"]}, role="admin")
        deadline = time.monotonic() + 1.5
        while viewer_status(first, issued["token"]) == 200:
            assert time.monotonic() < deadline, "still accepted after 1.5 s"
            time.sleep(0.1)


@pytest.mark.parametrize("role", ["facilitator", "chief", "meeting", "auditor"])
def test_only_admins_see_or_change_accounts(api: GraphQLClient, role: str) -> None:
    body = api.post(ACCOUNTS, role=role).json()
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    refused = api.run(ISSUE, {"input": {"userId": "x", "role": "ADMIN"}}, role=role)
    assert refused["issueToken"]["code"] == "forbidden"
    assert "管理できません" in refused["issueToken"]["message"]


def test_a_bad_request_is_one_clear_error_and_changes_nothing(api: GraphQLClient) -> None:
    refused = issue(api, days=0)
    assert (refused["__typename"], refused["code"]) == ("ValidationError", "days_out_of_range")
    unknown = issue(api, user="x", centre="atlantis")
    assert (unknown["__typename"], unknown["code"]) == ("ValidationError", "unknown_centre")
    assert unknown["message"] == "支援センター「atlantis」はありません"
    missing = api.run(REVOKE_TOKEN, {"id": "nope"}, role="admin")["revokeToken"]
    assert missing["code"] == "token_not_found"
    blank = api.run(REVOKE_USER, {"id": " "}, role="admin")["revokeUser"]
    assert blank["code"] == "invalid_user_id"
    assert api.run(ACCOUNTS, role="admin")["accounts"] == []


def test_a_valid_token_naming_an_unknown_centre_or_role_is_401(api: GraphQLClient) -> None:
    import jwt

    for claims in ({"role": "facilitator", "centre": "atlantis"}, {"role": "superuser"}):
        token = jwt.encode(
            {"iss": "kyodo", "sub": "x", "exp": time.time() + 60, **claims}, SECRET, "HS256"
        )
        assert viewer_status(api.http, token) == 401


# --- kyodo users ------------------------------------------------------------------------


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KYODO_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("KYODO_JWT_SECRET", SECRET)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return tmp_path


def test_the_cli_adds_lists_and_revokes(data_dir: Path) -> None:
    runner = CliRunner()
    added = runner.invoke(cli, ["users", "add", "aud-01", "--role", "auditor"])
    assert added.exit_code == 0, added.output
    token = added.stdout.strip()
    listed = runner.invoke(cli, ["users", "list"])
    assert "aud-01  auditor" in listed.stdout
    assert "有効" in listed.stdout
    with running_api(Settings(data_dir=data_dir)) as api:
        assert viewer_status(api.http, token) == 200
        revoked = runner.invoke(cli, ["users", "revoke", "aud-01"])
        assert revoked.exit_code == 0, revoked.output
        time.sleep(1.1)  # another process's revocation: in force within a second
        assert viewer_status(api.http, token) == 401
    assert "取り消し" in runner.invoke(cli, ["users", "list"]).stdout


def test_the_cli_refuses_an_unknown_token_in_one_line(data_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["users", "revoke", "x", "--token", "nope"])
    assert result.exit_code == 1
    assert "[token_not_found]" in result.stderr


def test_the_store_keeps_accounts_and_revocations(settings: Settings) -> None:
    """On SQLite and PostgreSQL alike (tables beside the events)."""
    from persistence.accounts import account_store
    from persistence.wiring import build_ledger

    ledger = build_ledger(settings)
    try:
        store = account_store(ledger.recorder)
        store.add("aud-01", "auditor", None)
        store.record_token("t1", "aud-01", 100, 200)
        store.record_token("t2", "aud-01", 150, 250)
        assert store.revoke_token("t1")
        assert not store.revoke_token("t9")
        assert store.revoked() == (frozenset({"t1"}), {})
        store.revoke_user("aud-01")
        ids, users = store.revoked()
        assert ids == {"t1", "t2"}
        assert set(users) == {"aud-01"}
        (account,) = store.list()
        assert [t.token_id for t in account.tokens] == ["t1", "t2"]
    finally:
        ledger.close()


class SlowStore:
    """A store that answers, then goes away (each read takes `delay` seconds and fails)."""

    def __init__(self) -> None:
        self.away = False
        self.reads = 0

    def revoked(self) -> tuple[frozenset[str], dict[str, int]]:
        self.reads += 1
        if self.away:
            time.sleep(0.5)
            raise OSError("database away")
        return frozenset({"t1"}), {}


def test_with_the_store_away_the_last_revocations_hold_and_no_check_waits() -> None:
    from persistence.accounts import CachedRevocations

    store = SlowStore()
    revocations = CachedRevocations(lambda: store, seconds=0.05)  # type: ignore[arg-type,return-value]
    assert revocations.refused("u", "t1", None)
    store.away = True
    time.sleep(0.06)
    assert revocations.refused("u", "t1", None)  # this read fails (0.5 s): it is waited once
    time.sleep(0.06)
    started = time.monotonic()
    for _ in range(20):
        assert revocations.refused("u", "t1", None)
        assert not revocations.refused("u", "t2", None)
    assert time.monotonic() - started < 0.2  # read in the background while away
    revocations.revoked_token("t2")
    assert revocations.refused("u", "t2", None)  # a revocation of this process: at once


def test_the_revocations_are_read_again_in_a_worker_thread_not_on_the_event_loop(
    api: GraphQLClient,
) -> None:
    revocations = api.http.app.state.tokens.revocations  # type: ignore[attr-defined]
    on_the_loop: list[bool] = []

    class Store:
        def revoked(self) -> tuple[frozenset[str], dict[str, int]]:
            try:
                asyncio.get_running_loop()
                on_the_loop.append(True)
            except RuntimeError:
                on_the_loop.append(False)
            return frozenset(), {}

    revocations.store = Store
    revocations._read = None  # due: the next check reads the store
    assert viewer_status(api.http, api.tokens.issue(ACTORS["chief"])) == 200

    assert on_the_loop == [False]


def test_the_cli_says_its_tokens_are_not_taken_once_a_provider_signs_in(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KYODO_OIDC_ISSUER", "https://id.example.jp/realms/kyodo")
    result = CliRunner().invoke(cli, ["users", "add", "aud-01", "--role", "auditor"])
    assert result.exit_code == 0, result.output
    assert "KYODO_OIDC_ISSUER" in result.stderr


def test_the_page_s_operations_manage_an_account_from_issue_to_revocation(
    api: GraphQLClient,
) -> None:
    """graphql/operations/admin.graphql, as the administrator's page sends it."""

    def admin(operation: str, **variables: object) -> Any:
        return api.operation("admin", operation, variables, role="admin")

    given = {"userId": "fac-hagi-02", "role": "FACILITATOR", "centre": "hagi", "name": "萩野"}
    issued = admin("IssueToken", input=given)["issueToken"]
    assert issued["__typename"] == "IssuedToken"
    refused = admin("IssueToken", input={**given, "centre": None})["issueToken"]
    assert refused == {
        "__typename": "ValidationError",
        "code": "centre_required",
        "message": "協働ファシリテーターには所属センターが必要です",
        "field": "centre",
    }
    named = admin("NameUser", userId="fac-hagi-02", name="萩野 翠")["nameUser"]
    assert named == {"__typename": "NamedUser", "userId": "fac-hagi-02", "name": "萩野 翠"}
    found = admin("Accounts")
    (account,) = [a for a in found["accounts"] if a["userId"] == "fac-hagi-02"]
    assert (account["name"], account["role"], account["centre"]) == (
        "萩野 翠",
        "FACILITATOR",
        "hagi",
    )
    assert [t["tokenId"] for t in account["tokens"]] == [issued["tokenId"]]
    assert {"code": "hagi", "ja": "萩市市民活動センター"} in found["vocabulary"]["centres"]

    revoked = admin("RevokeToken", tokenId=issued["tokenId"])["revokeToken"]
    assert revoked == {"__typename": "Revoked", "userId": None, "tokenId": issued["tokenId"]}
    assert viewer_status(api.http, str(issued["token"])) == 401
    again = admin("IssueToken", input=given)["issueToken"]
    assert admin("RevokeUser", userId="fac-hagi-02")["revokeUser"] == {
        "__typename": "Revoked",
        "userId": "fac-hagi-02",
        "tokenId": None,
    }
    assert viewer_status(api.http, str(again["token"])) == 401
