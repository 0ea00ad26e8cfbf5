"""Users' names: kept in the accounts (never in the events), given by an admin or
`kyodo users add --name`, read by those who read who recorded each step (`staffNames`), and
added as a column to an accounts table made before names."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app as cli
from persistence.accounts import account_store
from persistence.settings import Settings
from persistence.wiring import build_ledger
from tests.accounts.test_accounts import ACCOUNTS, issue
from tests.api.client import SECRET, GraphQLClient, running_api

NAMES = "{ staffNames { userId name } }"
NAMED = "{ staffNames { userId name role centre } }"


@pytest.fixture
def api(tmp_path: Path) -> Iterator[GraphQLClient]:
    with running_api(Settings(data_dir=tmp_path)) as client:
        yield client


def test_an_admin_names_a_user_and_the_name_stays_when_a_token_comes_without_one(
    api: GraphQLClient,
) -> None:
    assert issue(api, name=" 岡田 修 ")["__typename"] == "IssuedToken"
    assert issue(api)["__typename"] == "IssuedToken"  # a new token, the name left as it is
    issue(api, user="fac-ube-01", centre="ube")  # no name: not listed
    assert api.run(NAMES, role="facilitator")["staffNames"] == [
        {"userId": "fac-hagi-01", "name": "岡田 修"}
    ]
    assert issue(api, name="岡田 修一")["__typename"] == "IssuedToken"
    (named,) = api.run(NAMES, role="auditor")["staffNames"]
    assert named["name"] == "岡田 修一"
    (found,) = api.run(NAMED, role="chief")["staffNames"]
    assert (found["role"], found["centre"]) == ("FACILITATOR", "hagi")  # the page's suggestions
    accounts = api.run("{ accounts { userId name } }", role="admin")["accounts"]
    assert {a["userId"]: a["name"] for a in accounts} == {
        "fac-hagi-01": "岡田 修一",
        "fac-ube-01": None,
    }


@pytest.mark.parametrize("name", ["", "   ", "改行\nあり", "長" * 51])
def test_a_name_that_cannot_be_shown_is_refused_and_changes_nothing(
    api: GraphQLClient, name: str
) -> None:
    refused = issue(api, name=name)
    assert (refused["__typename"], refused["code"]) == ("ValidationError", "invalid_name")
    assert refused["message"] == "氏名は1文字から50文字まで、改行なしで指定してください"
    assert api.run(ACCOUNTS, role="admin")["accounts"] == []


@pytest.mark.parametrize(("role", "allowed"), [("facilitator", True), ("chief", True),
    ("auditor", True), ("meeting", False), ("admin", False)])  # fmt: skip
def test_names_are_read_by_those_who_read_who_recorded_each_step(
    api: GraphQLClient, role: str, allowed: bool
) -> None:
    issue(api, name="岡田 修")
    body = api.post(NAMES, role=role).json()
    if allowed:
        assert body["data"]["staffNames"] == [{"userId": "fac-hagi-01", "name": "岡田 修"}]
    else:
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        assert body["errors"][0]["message"] == "利用者の氏名を閲覧する権限がありません"


def test_the_cli_adds_a_name_lists_it_and_refuses_a_bad_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KYODO_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("KYODO_JWT_SECRET", SECRET)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    runner = CliRunner()
    added = runner.invoke(
        cli, ["users", "add", "fac-hagi-01", "--role", "facilitator", "--centre", "hagi",
              "--name", "岡田 修"],
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    assert "fac-hagi-01  岡田 修  facilitator hagi" in runner.invoke(cli, ["users", "list"]).stdout
    refused = runner.invoke(cli, ["users", "add", "x", "--role", "auditor", "--name", " "])
    assert refused.exit_code == 1
    assert "[invalid_name]" in refused.stderr


def test_an_accounts_table_made_before_names_gains_the_column(settings: Settings) -> None:
    """On SQLite and PostgreSQL: the table as it was made before, with an account in it;
    the store adds the column on first use and keeps the account."""
    ledger = build_ledger(settings)
    try:
        store = account_store(ledger.recorder)
        old = (
            f"CREATE TABLE {store.accounts} (user_id TEXT PRIMARY KEY, role TEXT NOT NULL, "
            "centre TEXT, added_at TEXT NOT NULL, revoked_before BIGINT)"
        )
        with ledger.recorder.datastore.transaction(commit=True) as cursor:
            cursor.execute(old)
            cursor.execute(
                f"INSERT INTO {store.accounts} VALUES ('aud-01', 'auditor', NULL, "
                "'2026-01-01T00:00:00+00:00', NULL)"
            )
        assert store.names() == {}
        store.add("aud-01", "auditor", None, "高橋 直樹")
        assert store.names() == {"aud-01": "高橋 直樹"}
        (account,) = store.list()
        assert (account.user_id, account.name) == ("aud-01", "高橋 直樹")
        again = account_store(ledger.recorder)  # another process: the column is there
        assert again.names() == {"aud-01": "高橋 直樹"}
        assert again.set_name("aud-01", None)
        assert again.names() == {}
        assert not again.set_name("nobody", "誰か")
        assert [a.user_id for a in again.list()] == ["aud-01"]
    finally:
        ledger.close()


def test_the_demo_names_its_staff(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`kyodo demo load` records the demo's users by name: every user id its steps were
    recorded by has one."""
    monkeypatch.setenv("KYODO_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    loaded = CliRunner().invoke(cli, ["demo", "load"])
    assert loaded.exit_code == 0, loaded.output
    ledger = build_ledger(Settings(data_dir=tmp_path))
    try:
        names = account_store(ledger.recorder).names()
        recorders = {
            ledger.mapper.to_domain_event(n).meta.actor_id
            for n in ledger.recorder.select_notifications(1, 100_000)
            if hasattr(ledger.mapper.to_domain_event(n), "meta")
        }
    finally:
        ledger.close()
    assert names["fac-yamaguchi-01"] == "山本 さくら"
    assert recorders
    assert recorders <= set(names)


NAME_USER = """mutation($id: String!, $name: String) { nameUser(userId: $id, name: $name) {
  __typename ... on NamedUser { userId name } ... on CommandError { code message } } }"""


def test_an_admin_renames_a_user_or_takes_the_name_away(api: GraphQLClient) -> None:
    """A person who leaves, or who asks, is shown by id again: the name is a row of the
    accounts, not a field of any event."""
    issue(api, name="岡田 修")
    renamed = api.run(NAME_USER, {"id": "fac-hagi-01", "name": "岡田 修一"}, role="admin")
    assert renamed["nameUser"] == {
        "__typename": "NamedUser",
        "userId": "fac-hagi-01",
        "name": "岡田 修一",
    }
    assert api.run(NAMES, role="auditor")["staffNames"][0]["name"] == "岡田 修一"
    cleared = api.run(NAME_USER, {"id": "fac-hagi-01", "name": None}, role="admin")
    assert cleared["nameUser"]["name"] is None
    assert api.run(NAMES, role="auditor")["staffNames"] == []
    unknown = api.run(NAME_USER, {"id": "nobody", "name": "誰か"}, role="admin")["nameUser"]
    assert (unknown["code"], unknown["message"]) == (
        "user_not_found",
        "利用者「nobody」はいません（kyodo users list）",
    )
    blank = api.run(NAME_USER, {"id": "fac-hagi-01", "name": " "}, role="admin")["nameUser"]
    assert blank["code"] == "invalid_name"
    refused = api.run(NAME_USER, {"id": "fac-hagi-01", "name": "x"}, role="chief")["nameUser"]
    assert refused["code"] == "forbidden"
    assert api.run(NAMES, role="auditor")["staffNames"] == []


def test_the_cli_renames_and_clears(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KYODO_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("KYODO_JWT_SECRET", SECRET)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    runner = CliRunner()
    runner.invoke(cli, ["users", "add", "aud-01", "--role", "auditor", "--name", "高橋 直樹"])
    renamed = runner.invoke(cli, ["users", "name", "aud-01", "高橋 直"])
    assert (renamed.exit_code, renamed.stdout) == (0, "氏名: aud-01  高橋 直\n")
    assert "aud-01  高橋 直  auditor" in runner.invoke(cli, ["users", "list"]).stdout
    cleared = runner.invoke(cli, ["users", "name", "aud-01", "--clear"])
    assert (cleared.exit_code, cleared.stdout) == (0, "氏名を消しました: aud-01\n")
    assert "aud-01  auditor" in runner.invoke(cli, ["users", "list"]).stdout
    both = runner.invoke(cli, ["users", "name", "aud-01", "高橋", "--clear"])
    assert both.exit_code == 1
    assert "[name_or_clear]" in both.stderr
    unknown = runner.invoke(cli, ["users", "name", "nobody", "誰か"])
    assert unknown.exit_code == 1
    assert "[user_not_found]" in unknown.stderr
