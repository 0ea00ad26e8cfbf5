"""Writes the printed schema to `graphql/schema.graphql` (`make schema`)."""

from __future__ import annotations

from pathlib import Path

from strawberry.printer import print_schema

from api.graphql.schema import schema

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "graphql" / "schema.graphql"


def printed_schema() -> str:
    return print_schema(schema()) + "\n"


def write_schema(path: Path = SCHEMA_FILE) -> None:
    path.write_text(printed_schema(), encoding="utf-8")


if __name__ == "__main__":
    write_schema()
