"""Steps for features/meetings/open_data.feature: the HTTP downloads on the embedded store."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from pytest_bdd import given, parsers, scenarios, then, when
from starlette.testclient import TestClient

from api.app import create_app
from api.auth import TokenIssuer
from api.container import Container
from application.ledger import Ledger
from persistence.settings import Settings
from persistence.wiring import build_ledger
from tests.api.client import ACTORS, SECRET
from tests.open_data.conftest import CONTACT, WORKER, published_with_personal_data
from tests.support import CHIEF, TODAY

scenarios("meetings/open_data.feature")


@dataclass
class Downloads:
    settings: Settings
    ledger: Ledger
    monkeypatch: pytest.MonkeyPatch
    cases: dict[str, str] = field(default_factory=dict)
    response: Any = None

    def get(self, path: str, role: str | None) -> Any:
        tokens = TokenIssuer(SECRET)
        container = Container(self.settings)
        headers = {"Authorization": f"Bearer {tokens.issue(ACTORS[role])}"} if role else {}
        with TestClient(create_app(container, tokens)) as client:
            head = self.ledger.recorder.max_notification_id() or 0
            assert container.projections.wait_for(head, 10.0)
            self.response = client.request(
                "POST" if path == "/graphql" else "GET",
                path,
                headers=headers,
                json={"query": "{ cases { totalCount } }"} if path == "/graphql" else None,
            )
        return self.response

    def text(self) -> str:
        assert self.response.status_code == 200, self.response.text
        return str(self.response.content.decode("utf-8-sig"))


@pytest.fixture
def downloads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Downloads]:
    for name in ("KYODO_PUBLIC_LIBRARY", "KYODO_OPEN_DATA_LICENCE"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings(data_dir=tmp_path)
    ledger = build_ledger(settings)
    yield Downloads(settings, ledger, monkeypatch)
    ledger.close()


@given(parsers.parse("「{title}」が成功事例として公開されている"))
def published(downloads: Downloads, title: str) -> None:
    downloads.cases[title] = published_with_personal_data(downloads.ledger, title)


@given(
    parsers.parse("その事例にはプロボノワーカー「{name}」が参加し、各団体の連絡先が登録されている")
)
def with_personal_data(name: str) -> None:
    assert name == WORKER  # the published case above has them


@given(parsers.parse("オープンデータのライセンスを「{name}」に設定している"))
def licence_set(downloads: Downloads, name: str) -> None:
    downloads.monkeypatch.setenv("KYODO_OPEN_DATA_LICENCE", name)


@given(parsers.parse("「{title}」の公開を取り下げた"))
def withdrawn(downloads: Downloads, title: str) -> None:
    case_id = UUID(downloads.cases[title])
    downloads.ledger.withdraw_success_case(CHIEF, case_id, reason="見直し", occurred_on=TODAY)


@given("事例集の一般公開を有効にしている")
def public_feed(downloads: Downloads) -> None:
    downloads.monkeypatch.setenv("KYODO_PUBLIC_LIBRARY", "1")


@when(parsers.re(r"会議の参加者が事例集を (?P<kind>CSV|JSON) で受け取る"))
def meeting_downloads(downloads: Downloads, kind: str) -> None:
    downloads.get(f"/open-data/library.{kind.lower()}", "meeting")


@when(parsers.re(r"ログインしていない人が事例集を (?P<kind>CSV|JSON) で受け取ろうとする"))
def anonymous_downloads(downloads: Downloads, kind: str) -> None:
    downloads.get(f"/open-data/library.{kind.lower()}", None)


def _rows(downloads: Downloads) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(downloads.text())))


@then(parsers.parse("「{title}」が1行で載っている"))
def one_row(downloads: Downloads, title: str) -> None:
    assert [row["title"] for row in _rows(downloads)] == [title]


@then("ファイルは表計算ソフトが文字コードを判別できる形で始まる")
def with_bom(downloads: Downloads) -> None:
    assert downloads.response.content.startswith(b"\xef\xbb\xbf")


@then(parsers.parse("どの事例にもライセンス「{name}」が書かれている"))
def licensed(downloads: Downloads, name: str) -> None:
    rows = _rows(downloads)
    assert rows
    assert {row["licence"] for row in rows} == {name}


@then(parsers.parse("「{name}」の名前も、団体の連絡先も載っていない"))
def no_personal_data(downloads: Downloads, name: str) -> None:
    text = downloads.text()
    for secret in (name, CONTACT.person_name, CONTACT.email, CONTACT.phone, CONTACT.address):
        assert secret not in text


@then("プロボノワーカーは種類だけが載っている")
def worker_as_kind(downloads: Downloads) -> None:
    [case] = json.loads(downloads.text())["cases"]
    workers = [p for p in case["parties"] if p["kind"] == "pro_bono_worker"]
    assert workers
    assert [(p["name"], p["kind_label"]) for p in workers] == [(None, "プロボノワーカー（個人）")]


@then("事例は1件も載っていない")
def no_rows(downloads: Downloads) -> None:
    assert _rows(downloads) == []


@then("受け取れる")
def received(downloads: Downloads) -> None:
    assert json.loads(downloads.text())["count"] == 1


@then("ログインしていない人は案件の一覧を開けない")
def cases_refused(downloads: Downloads) -> None:
    assert downloads.get("/graphql", None).status_code == 401


@then(parsers.parse("「{message}」と断られる"))
def refused(downloads: Downloads, message: str) -> None:
    assert downloads.response.status_code == 401
    assert downloads.response.json()["message"] == message
