"""The library as open data, read from the read model on SQLite and PostgreSQL: CSV with a
byte-order mark, JSON, the licence, and no personal data."""

from __future__ import annotations

import csv
import io
import json

from api.open_data import COLUMNS, DEFAULT_LICENCE, published_entries, to_csv, to_json
from application.ledger import Ledger
from tests.library.readside import ReadSide
from tests.open_data.conftest import CONTACT, WORKER, published_with_personal_data

PERSONAL = (WORKER, CONTACT.person_name, CONTACT.email, CONTACT.phone, CONTACT.address)


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_the_csv_opens_in_excel_and_lists_each_published_case(
    ledger: Ledger, library_side: ReadSide
) -> None:
    case_id = published_with_personal_data(ledger)
    library_side.catch_up()

    data = to_csv(published_entries(library_side.store), DEFAULT_LICENCE)

    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in data
    [row] = _rows(data)
    assert row["case_id"] == case_id
    assert row["title"] == "地域ぐるみの子ども食堂"
    assert row["municipality_label"] == "山口市"
    assert row["sdgs"] == "1;2"
    assert row["licence"] == "CC BY 4.0"
    assert row["parties"].split(";") == [
        "山口食品株式会社（事業者（企業）・協働パートナー）",
        "こどもの未来（NPO法人・協働パートナー）",
        "プロボノワーカー（個人）（協働パートナー）",
    ]
    assert row["outcome_figures"] == "参加者数: 実績 30人 / 目標 20人"


def test_no_personal_data_reaches_either_file(ledger: Ledger, library_side: ReadSide) -> None:
    published_with_personal_data(ledger)
    library_side.catch_up()
    entries = published_entries(library_side.store)

    for data in (to_csv(entries, DEFAULT_LICENCE), to_json(entries, DEFAULT_LICENCE)):
        text = data.decode("utf-8-sig")
        assert "地域ぐるみの子ども食堂" in text
        for secret in PERSONAL:
            assert secret not in text


def test_the_json_carries_the_licence_and_the_same_columns(
    ledger: Ledger, library_side: ReadSide
) -> None:
    published_with_personal_data(ledger)
    library_side.catch_up()

    document = json.loads(to_json(published_entries(library_side.store), "CC0 1.0"))

    assert document["licence"] == "CC0 1.0"
    assert document["count"] == 1
    [case] = document["cases"]
    assert list(case) == [c.name for c in COLUMNS] + ["licence"]
    assert case["licence"] == "CC0 1.0"
    assert case["sdgs"] == [1, 2]
    worker = next(p for p in case["parties"] if p["kind"] == "pro_bono_worker")
    assert worker["name"] is None


def test_an_empty_library_is_a_heading_and_no_rows(library_side: ReadSide) -> None:
    library_side.catch_up()

    data = to_csv(published_entries(library_side.store), DEFAULT_LICENCE)

    assert _rows(data) == []
    assert data.decode("utf-8-sig").startswith("case_id,number,title,")
