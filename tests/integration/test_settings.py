"""Settings from the environment, and the persistence settings derived from them."""

from __future__ import annotations

from pathlib import Path

import pytest

from persistence.settings import POSTGRES_RECORDER, SQLITE_RECORDER, Settings, SettingsError


def test_no_database_url_means_the_embedded_sqlite_file() -> None:
    settings = Settings.from_env({"KYODO_DATA_DIR": "/srv/kyodo"})
    env = settings.ledger_env()
    assert settings.backend == "sqlite"
    assert env["PERSISTENCE_MODULE"] == "eventsourcing.sqlite"
    assert env["SQLITE_DBNAME"] == str(Path("/srv/kyodo/kyodo.sqlite3"))
    assert env["APPLICATION_RECORDER_TOPIC"] == SQLITE_RECORDER


def test_data_dir_defaults_to_var_in_the_source_tree() -> None:
    assert Settings.from_env({}).data_dir == Path(__file__).resolve().parents[2] / "var"


def test_a_postgres_url_maps_onto_the_library_settings() -> None:
    settings = Settings.from_env(
        {
            "DATABASE_URL": "postgresql://kyodo:s%40cret@db.example:6543/kyodo",
            "KYODO_DB_POOL_SIZE": "9",
        }
    )
    env = settings.ledger_env()
    assert env["PERSISTENCE_MODULE"] == "eventsourcing.postgres"
    assert (env["POSTGRES_HOST"], env["POSTGRES_PORT"]) == ("db.example", "6543")
    assert (env["POSTGRES_USER"], env["POSTGRES_PASSWORD"]) == ("kyodo", "s@cret")
    assert env["POSTGRES_DBNAME"] == "kyodo"
    assert env["POSTGRES_POOL_SIZE"] == "9"
    assert env["POSTGRES_CONNECT_TIMEOUT"] == "1"  # the pool wait: KYODO_DB_POOL_TIMEOUT
    assert env["APPLICATION_RECORDER_TOPIC"] == POSTGRES_RECORDER


def test_database_functions_stay_off() -> None:
    env = Settings(database_url="postgresql://postgres@localhost/test").ledger_env()
    assert env["POSTGRES_ENABLE_DB_FUNCTIONS"] == "n"


@pytest.mark.parametrize(
    "url", ["mysql://root@localhost/test", "postgresql://localhost", "postgresql:///test"]
)
def test_a_malformed_database_url_is_refused(url: str) -> None:
    with pytest.raises(SettingsError):
        Settings(database_url=url).ledger_env()


def test_a_non_numeric_pool_size_is_refused() -> None:
    with pytest.raises(SettingsError, match="KYODO_DB_POOL_SIZE"):
        Settings.from_env({"KYODO_DB_POOL_SIZE": "many"})


def test_a_tenant_ledger_gets_its_own_sqlite_file() -> None:
    default = Settings(data_dir=Path("/srv"))
    tenant = Settings(data_dir=Path("/srv"), ledger_name="hiroshima")
    assert default.sqlite_path != tenant.sqlite_path


def test_a_ledger_name_that_is_not_an_identifier_is_refused() -> None:
    with pytest.raises(SettingsError, match="KYODO_LEDGER_NAME"):
        Settings.from_env({"KYODO_LEDGER_NAME": "hiroshima; drop table"})
