"""The open data's settings and its documented schema (pure: no store)."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.open_data import COLUMNS, LICENCE_COLUMN, licence, public_library

DOC = Path(__file__).resolve().parents[2] / "docs" / "open-data.md"


def test_every_column_is_documented_with_its_type() -> None:
    text = DOC.read_text(encoding="utf-8")
    for column in (*COLUMNS, LICENCE_COLUMN):
        assert f"| `{column.name}` | {column.type} |" in text, column.name


def test_the_licence_is_cc_by_unless_configured() -> None:
    assert licence({}) == "CC BY 4.0"
    assert licence({"KYODO_OPEN_DATA_LICENCE": " "}) == "CC BY 4.0"
    assert licence({"KYODO_OPEN_DATA_LICENCE": "CC0 1.0"}) == "CC0 1.0"


def test_the_public_feed_is_off_unless_turned_on() -> None:
    assert public_library({}) is False
    assert public_library({"KYODO_PUBLIC_LIBRARY": "0"}) is False
    assert public_library({"KYODO_PUBLIC_LIBRARY": "1"}) is True


def test_an_unreadable_public_feed_setting_is_refused() -> None:
    with pytest.raises(ValueError, match="KYODO_PUBLIC_LIBRARY"):
        public_library({"KYODO_PUBLIC_LIBRARY": "maybe"})
