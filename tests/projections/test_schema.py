"""A read model's primary keys are read from its DDL templates (`engine.schema`)."""

from projections.engine.schema import primary_keys
from projections.meetings.projection import MeetingsReadModel


def test_a_table_key_a_column_key_and_no_key() -> None:
    schema = (
        "CREATE TABLE IF NOT EXISTS {a} (a_id TEXT PRIMARY KEY, position {bigint} NOT NULL)",
        "CREATE INDEX IF NOT EXISTS {a}_at ON {a} (position)",
        "CREATE TABLE IF NOT EXISTS {b} (b_id TEXT NOT NULL, n INTEGER NOT NULL, "
        "x {double}, {valid}, PRIMARY KEY (b_id, n, valid_from))",
        "CREATE TABLE IF NOT EXISTS {c} (position {bigint} PRIMARY KEY, at TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS {d} (word TEXT NOT NULL)",
    )
    assert primary_keys(schema) == {
        "a": ("a_id",),
        "b": ("b_id", "n", "valid_from"),
        "c": ("position",),
    }


def test_a_read_model_s_keys_in_its_order() -> None:
    assert list(primary_keys(MeetingsReadModel.schema).items()) == [
        ("meetings", ("meeting_id",)),
        ("presented", ("meeting_id", "case_id")),
        ("follow_ups", ("meeting_id", "version")),
        ("case_titles", ("case_id",)),
        ("replicas", ("case_id",)),
    ]
