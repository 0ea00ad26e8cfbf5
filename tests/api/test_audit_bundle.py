"""`GET /exports/audit-bundle?case=…`: an auditor downloads the bundle `kyodo audit export`
writes, and it verifies; everybody else is refused, a bad or unknown case is named."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote
from uuid import UUID

import pytest

from api.container import Container
from persistence.bundle import export_bundle, verify_bundle
from persistence.verification import chain_store
from tests.api.client import GraphQLClient
from tests.api.scenario import CaseStory

PATH = "/exports/audit-bundle"


@pytest.fixture
def story(api: GraphQLClient) -> CaseStory:
    opened = CaseStory(api)
    opened.open()
    opened.join("山口食品株式会社")
    return opened


def get(api: GraphQLClient, case: str | None, role: str | None = "auditor") -> Any:
    params = {} if case is None else {"case": case}
    return api.http.get(PATH, params=params, headers=api.headers(role) if role else {})


def test_an_auditor_downloads_a_case_s_bundle_by_number_and_it_verifies(
    api: GraphQLClient, story: CaseStory
) -> None:
    response = get(api, story.number)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/x-ndjson")
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="kyodo-audit-')
    assert unquote(disposition.split("''")[1]) == f"kyodo-audit-{story.number}.jsonl"
    verdict = verify_bundle(response.content)
    assert verdict.ok, verdict.message
    assert (verdict.chains, verdict.events) == (1, 2)  # opened, a party joined


def test_the_download_is_the_bundle_the_cli_writes(
    api: GraphQLClient, story: CaseStory, container: Container, tmp_path: Path
) -> None:
    case_id = container.ledger.find_case(story.number)
    downloaded = get(api, str(case_id)).content
    path = tmp_path / "case.jsonl"
    written = export_bundle(chain_store(container.ledger), path, case_id, datetime.now(UTC))

    assert verify_bundle(downloaded).digest == written.digest
    events = path.read_bytes().splitlines()[1:-1]  # the header and trailer hold the time
    assert downloaded.splitlines()[1:-1] == events


@pytest.mark.parametrize(
    ("role", "status"),
    [(None, 401), ("facilitator", 403), ("chief", 403), ("meeting", 403), ("admin", 403)],
)
def test_only_auditors_download_bundles(
    api: GraphQLClient, story: CaseStory, role: str | None, status: int
) -> None:
    response = get(api, story.number, role)

    assert response.status_code == status
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == ("UNAUTHENTICATED" if role is None else "forbidden")
    assert "認証が必要です" in error["message"] or "権限がありません" in error["message"]


@pytest.mark.parametrize(
    ("case", "status", "code", "said"),
    [
        (None, 400, "case_required", "case（案件のUUIDまたは番号"),
        ("  ", 400, "case_required", "case（案件のUUIDまたは番号"),
        ("子ども食堂", 400, "bad_case", "「子ども食堂」は案件のUUIDでも案件番号"),
        ("山" * 500, 400, "bad_case", "は案件のUUIDでも案件番号"),
        ("山口-2024-099", 404, "case_not_found", "案件「山口-2024-099」が見つかりません"),
        (str(UUID(int=7)), 404, "case_not_found", "が見つかりません"),
    ],
)
def test_a_bad_or_unknown_case_is_named(
    api: GraphQLClient, story: CaseStory, case: str | None, status: int, code: str, said: str
) -> None:
    response = get(api, case)

    assert response.status_code == status
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == code
    assert said in error["message"]
