"""The GraphQL contract in `graphql/`: the printed schema is current, changes are not
breaking, and the folder never shadows graphql-core."""

from __future__ import annotations

import subprocess
from pathlib import Path

import graphql
from api.graphql.contract import printed_schema
from graphql import build_schema, find_breaking_changes

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_FILE = ROOT / "graphql" / "schema.graphql"


def test_import_graphql_is_graphql_core_not_the_contract_folder() -> None:
    assert graphql.__file__ is not None
    assert "site-packages" in graphql.__file__
    assert hasattr(graphql, "graphql_sync")
    assert not list((ROOT / "graphql").rglob("*.py"))


def test_the_printed_schema_is_current() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == printed_schema(), (
        "graphql/schema.graphql is stale: run `make schema`"
    )


def committed_schema() -> str | None:
    """The schema as last committed, or None before the first commit of it."""
    shown = subprocess.run(
        ["git", "show", "HEAD:graphql/schema.graphql"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return shown.stdout if shown.returncode == 0 else None


def breaking_changes(old_sdl: str, new_sdl: str) -> list[str]:
    old, new = build_schema(old_sdl), build_schema(new_sdl)
    return [f"{c.type.name}: {c.description}" for c in find_breaking_changes(old, new)]


def test_no_breaking_change_against_the_committed_schema() -> None:
    previous = committed_schema()
    current = SCHEMA_FILE.read_text(encoding="utf-8")
    assert breaking_changes(previous or current, current) == []


def test_the_breaking_change_check_notices_a_removed_field() -> None:
    old = "type Query { a: Int, b: Int }"
    new = "type Query { a: Int }"
    assert breaking_changes(old, new) == ["FIELD_REMOVED: Field Query.b was removed."]


def test_every_operation_document_validates_against_the_schema() -> None:
    built = build_schema(SCHEMA_FILE.read_text(encoding="utf-8"))
    for path in sorted((ROOT / "graphql" / "operations").glob("*.graphql")):
        document = graphql.parse(path.read_text(encoding="utf-8"))
        errors = graphql.validate(built, document)
        assert errors == [], f"{path.name}: {errors}"
