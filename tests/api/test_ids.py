"""Offset and version cursors: the same text as before they were written by orjson, so that
a cursor a client holds still reads."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

import pytest

from api.graphql.ids import decode_cursor, encode_cursor


@dataclass(frozen=True)
class Key:
    n: int


def _as_before(key: Any) -> str:
    text = json.dumps(key, ensure_ascii=False, separators=(",", ":"), default=str)
    return base64.urlsafe_b64encode(text.encode("utf-8")).decode("ascii").rstrip("=")


@pytest.mark.parametrize(
    "key",
    [
        {"o": 51},
        {"v": 3},
        12345,
        {"名前": "子ども食堂", "n": [1, 2, None, True]},
        {"day": date(2026, 4, 1), "at": datetime(2026, 4, 1, 9, 30, tzinfo=UTC)},
        {"id": UUID("12345678-1234-5678-1234-567812345678")},
        {"key": Key(7)},
    ],
)
def test_a_cursor_is_the_text_it_was(key: Any) -> None:
    assert encode_cursor(key) == _as_before(key)


def test_a_cursor_reads_back() -> None:
    assert decode_cursor(encode_cursor({"o": 51}), "after") == {"o": 51}
