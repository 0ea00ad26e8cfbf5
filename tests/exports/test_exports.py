"""Exports for spreadsheets over HTTP: CSV with a BOM and Japanese headings, .xlsx, read with
the rights of the GraphQL data they copy."""

from __future__ import annotations

import base64
import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from starlette.testclient import TestClient

from api.app import create_app
from api.auth import TokenIssuer
from api.container import Container
from domain.vocabulary import KPI_INDICATORS
from persistence.settings import Settings
from tests.api.client import SECRET, GraphQLClient
from tests.api.scenario import CaseStory

BOM = "\ufeff"


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphQLClient]:
    """A store with one published case of 山口市 (fiscal year 2024), built once."""
    tokens = TokenIssuer(SECRET)
    settings = Settings(data_dir=tmp_path_factory.mktemp("exports"))
    with TestClient(create_app(Container(settings), tokens)) as http:
        client = GraphQLClient(http, tokens)
        CaseStory(client).publish()
        yield client


def rows(response: Any) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text[1:])))


def get(api: GraphQLClient, path: str, role: str | None = "facilitator") -> Any:
    headers = api.headers(role) if role else {}
    return api.http.get(path, headers=headers)


def test_the_case_list_as_csv_has_japanese_headings(api: GraphQLClient) -> None:
    response = get(api, "/exports/cases.csv?state=closed&municipality=山口市")

    table = rows(response)
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert table[0][:3] == ["案件番号", "件名", "状態"]
    assert [r[2:4] for r in table[1:]] == [["完了", "成功"]]


def test_the_case_list_export_filters_by_free_text(api: GraphQLClient) -> None:
    assert [r[1] for r in rows(get(api, "/exports/cases.csv?text=ドモ食堂　孤食"))[1:]] == [
        "子ども食堂の立ち上げ"
    ]
    assert rows(get(api, "/exports/cases.csv?text=空き家"))[1:] == []


def test_a_facilitator_exports_only_the_cases_of_their_centre(api: GraphQLClient) -> None:
    assert len(rows(get(api, "/exports/cases.csv", "other_facilitator"))) == 1
    refused = get(api, "/exports/cases.csv?centre=yamaguchi", "other_facilitator")
    assert refused.status_code == 403


def test_a_meeting_may_not_export_cases_and_nobody_without_a_token(api: GraphQLClient) -> None:
    assert get(api, "/exports/cases.csv", "meeting").status_code == 403
    assert get(api, "/exports/kpi.csv?fiscalYear=2024", role=None).status_code == 401


def test_the_kpi_table_as_xlsx(api: GraphQLClient) -> None:
    response = get(api, "/exports/kpi.xlsx?fiscalYear=2024&municipality=山口市", "meeting")

    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][:3] == ("年度", "市町", "指標")
    assert len(values) == 1 + len(KPI_INDICATORS)
    assert values[1][:2] == ("令和6年度（2024年度）", "山口市")


def test_a_library_search_as_csv(api: GraphQLClient) -> None:
    table = rows(get(api, "/exports/library.csv?query=食堂", "meeting"))

    assert table[0][:2] == ["案件番号", "事例名"]
    assert [r[1] for r in table[1:]] == ["地域ぐるみの子ども食堂"]


def test_a_library_search_of_the_stories_no_meeting_has_shared(api: GraphQLClient) -> None:
    """The module's one story was never shared at a meeting."""
    never = rows(get(api, "/exports/library.csv?query=食堂&presented=false", "meeting"))
    shared = rows(get(api, "/exports/library.csv?query=食堂&presented=true", "meeting"))

    assert [r[1] for r in never[1:]] == ["地域ぐるみの子ども食堂"]
    assert shared[1:] == []


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("/exports/cases.csv?municipality=yamaguchi", "unknown_code"),
        ("/exports/cases.csv?state=open", "unknown_code"),
        ("/exports/kpi.csv", "fiscal_year_required"),
        ("/exports/kpi.csv?fiscalYear=next", "bad_number"),
        ("/exports/cases.csv?text=" + "食" * 201, "bad_query"),
        ("/exports/library.csv?presented=yes", "bad_flag"),
    ],
)
def test_a_bad_parameter_is_400_with_a_code(api: GraphQLClient, path: str, code: str) -> None:
    response = get(api, path, "chief")

    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == code


def test_the_cli_writes_the_same_tables(api: GraphQLClient, tmp_path: Path) -> None:
    from tests.cli.conftest import Kyodo, sqlite_env

    data_dir = api.http.app.state.container.settings.data_dir  # type: ignore[attr-defined]
    kyodo = Kyodo(sqlite_env(data_dir))
    out = tmp_path / "cases.xlsx"

    assert kyodo("export", "cases", str(out), "--state", "closed").exit_code == 0
    assert list(load_workbook(out).active.values)[1][2] == "完了"
    kpi = kyodo("export", "kpi", "-", "--fiscal-year", "2024", "--municipality", "山口市")
    assert kpi.stdout.startswith(BOM + "年度,市町,指標")
    found = kyodo("export", "search", "-", "--query", "食堂")
    assert "地域ぐるみの子ども食堂" in found.stdout
    never = kyodo("export", "search", "-", "--query", "食堂", "--presented", "false")
    assert "地域ぐるみの子ども食堂" in never.stdout  # no meeting has shared it
    shared = kyodo("export", "search", "-", "--query", "食堂", "--presented", "true")
    assert "地域ぐるみの子ども食堂" not in shared.stdout
    wrong = kyodo("export", "search", "-", "--presented", "maybe")
    assert wrong.exit_code != 0
    assert "[bad_flag]" in wrong.output
    listed = kyodo("export", "parties", "-", "--kind", "企業")
    assert listed.stdout.startswith(BOM + "団体名,種別,市町,活動分野,事例集への掲載同意,登録日")
    assert "事業者（企業）" in listed.stdout
    unknown = kyodo("export", "parties", "-", "--kind", "宇宙人")
    assert "[unknown_code]" in unknown.output


def test_the_party_directory_is_written_under_the_roster_s_headings(api: GraphQLClient) -> None:
    everyone = rows(get(api, "/exports/parties.csv"))
    businesses = rows(get(api, "/exports/parties.csv?kind=企業&municipality=山口市", "auditor"))

    assert everyone[0] == [
        "団体名",
        "種別",
        "市町",
        "活動分野",
        "事例集への掲載同意",
        "登録日",
        "登録したセンター",
        "登録を抹消した日",
        "参加中の案件",
        "参加した案件",
    ]
    names = [row[0] for row in everyone[1:]]
    assert names == sorted(names)  # the directory's order
    assert len(businesses) >= 2
    assert {row[1] for row in businesses[1:]} == {"事業者（企業）"}
    assert {row[2] for row in businesses[1:]} == {"山口市"}
    assert {row[6] for row in businesses[1:]} == {"山口市市民活動支援センター"}
    elsewhere = rows(get(api, "/exports/parties.csv?centre=ube"))
    assert elsewhere[1:] == []  # every party of this store was registered by 山口市's centre


def test_a_party_directory_written_out_imports_back_as_already_registered(
    api: GraphQLClient,
) -> None:
    written = get(api, "/exports/parties.xlsx?kind=business").content
    file = base64.b64encode(written).decode()

    checked = api.run(
        "mutation($file: String!) { importPartyRoster(file: $file) { __typename "
        "... on PartyRoster { toRegister alreadyRegistered invalid ignoredColumns } } }",
        {"file": file},
    )["importPartyRoster"]

    assert checked["toRegister"] == checked["invalid"] == 0
    assert checked["alreadyRegistered"] >= 1
    assert checked["ignoredColumns"] == [
        "登録したセンター",
        "登録を抹消した日",
        "参加中の案件",
        "参加した案件",
    ]


@pytest.mark.parametrize(
    ("path", "role", "status", "code"),
    [
        ("/exports/parties.csv", "meeting", 403, "forbidden"),
        ("/exports/parties.csv", "admin", 403, "forbidden"),
        ("/exports/parties.csv?kind=宇宙人", "facilitator", 400, "unknown_code"),
        ("/exports/parties.csv?consent=maybe", "facilitator", 400, "bad_flag"),
        ("/exports/parties.csv?centre=nowhere", "facilitator", 400, "unknown_code"),
        ("/exports/parties.csv?standing=gone", "facilitator", 400, "bad_standing"),
    ],
)
def test_the_party_directory_is_refused_as_the_directory_is(
    api: GraphQLClient, path: str, role: str, status: int, code: str
) -> None:
    response = get(api, path, role)

    assert response.status_code == status
    assert response.json()["errors"][0]["extensions"]["code"] == code
