"""PostgreSQL ledgers of their own for the integration tests that count or break their
connections (the shared `ledger` fixture is parametrised over both stores)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from application.ledger import Ledger
from domain.commands import AddNote
from persistence.settings import Settings
from persistence.wiring import build_ledger
from tests.conftest import drop_ledger_tables
from tests.support import CaseFixture


@pytest.fixture
def ledger_name() -> Iterator[str]:
    name = "t" + uuid.uuid4().hex[:12]
    yield name
    drop_ledger_tables(name)


def _ledger(url: str, name: str, tmp_path: Path) -> Ledger:
    return build_ledger(Settings(database_url=url, data_dir=tmp_path, ledger_name=name))


def postgres_ledger(url: str, name: str, tmp_path: Path) -> Ledger:
    return build_ledger(Settings(database_url=url, data_dir=tmp_path, ledger_name=name))


def add_note(given: CaseFixture, text: str = "メモ", key: str | None = None) -> int:
    """An `AddNote` command on the fixture's case, through `handle`; the case's new version."""
    command = AddNote(case_id=given.id, text=text, occurred_on=given.ctx.today)
    return given.ledger.handle(given.ctx, command, key).version
