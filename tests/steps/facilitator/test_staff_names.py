"""Steps for features/facilitator/staff_names.feature, through the GraphQL API (the admin's
`issueToken` and `nameUser`, the readers' `staffNames`)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from persistence.settings import Settings
from tests.api.client import GraphQLClient, running_api

scenarios("facilitator/staff_names.feature")

HAGI = "fac-hagi-01"
USERS = {"萩のファシリテーター": HAGI}
READERS = {
    "協働ファシリテーター": "facilitator",
    "監査人": "auditor",
    "情報共有・検討会議": "meeting",
}
ISSUE = """mutation($input: IssueTokenInput!) { issueToken(input: $input) {
  __typename ... on CommandError { code message } } }"""
NAME_USER = """mutation($id: String!, $name: String) { nameUser(userId: $id, name: $name) {
  __typename ... on CommandError { code message } } }"""
NAMES = "{ staffNames { userId name } }"


@dataclass
class Admin:
    api: GraphQLClient
    said: str = ""
    answers: list[Any] = field(default_factory=list)


@pytest.fixture
def admin(tmp_path: Path) -> Iterator[Admin]:
    with running_api(Settings(data_dir=tmp_path)) as api:
        api.run(ISSUE, {"input": {"userId": HAGI, "role": "FACILITATOR", "centre": "hagi"}},
                role="admin")  # fmt: skip
        yield Admin(api)


def _name(admin: Admin, user: str, name: str | None) -> None:
    user_id = USERS.get(user, user.strip("「」"))  # a name given as is: 「nobody」
    result = admin.api.run(NAME_USER, {"id": user_id, "name": name}, role="admin")
    admin.said = result["nameUser"].get("message", "")


@given(parsers.re(r"管理者が(?P<user>\S+?)に「(?P<name>[^」]+)」という氏名を付けた"))
@when(parsers.re(r"管理者が(?P<user>\S+?)に「(?P<name>[^」]*)」という氏名を付け(?:る|ようとする)"))
def _named(admin: Admin, user: str, name: str) -> None:
    _name(admin, user, name)


@when(parsers.re(r"管理者が(?P<user>\S+?)の氏名を消す"))
def _cleared(admin: Admin, user: str) -> None:
    _name(admin, user, None)


@when(parsers.re(r"(?P<reader>\S+?)が利用者の氏名を見ようとする"))
def _asked(admin: Admin, reader: str) -> None:
    body = admin.api.post(NAMES, role=READERS[reader]).json()
    admin.said = body["errors"][0]["message"] if "errors" in body else ""


def _names(admin: Admin, reader: str) -> dict[str, str]:
    found = admin.api.run(NAMES, role=READERS[reader])["staffNames"]
    return {n["userId"]: n["name"] for n in found}


@then(parsers.re(r"(?P<reader>\S+?)には(?P<user>\S+?)が「(?P<name>[^」]+)」と見える"))
def _seen(admin: Admin, reader: str, user: str, name: str) -> None:
    assert _names(admin, reader).get(USERS[user]) == name


@then(parsers.re(r"(?P<reader>\S+?)には氏名の付いた利用者がいない"))
def _none(admin: Admin, reader: str) -> None:
    assert _names(admin, reader) == {}


@then(parsers.re(r"「(?P<message>.+)」と伝えられる"))
def _told(admin: Admin, message: str) -> None:
    assert admin.said == message
