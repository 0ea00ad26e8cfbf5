"""Settings from the environment (documented in the README's table), and the ledger's
persistence environment derived from them. One composition root calls `Settings.from_env()`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

SQLITE_RECORDER = "persistence.recorders:SQLiteLedgerRecorder"
POSTGRES_RECORDER = "persistence.postgres:PostgresLedgerRecorder"


SOURCE_ROOT = Path(__file__).resolve().parents[1]
"""The folder holding kyodo's pyproject.toml when kyodo runs from its source tree."""


class SettingsError(ValueError):
    """A setting is malformed; the message names it."""


def data_dir_from(raw: str | None, root: Path = SOURCE_ROOT) -> Path:
    """KYODO_DATA_DIR made absolute, so that every process agrees on it wherever it starts
    (the CLI and the server share the secret in it): a relative path, and the default `var`,
    are taken from the source tree's root; an installed kyodo (no source tree) needs an
    absolute path (ADR 2026-12-02-first-day)."""
    path = Path(raw or "var").expanduser()
    if path.is_absolute():
        return path
    if (root / "pyproject.toml").is_file():
        return root / path
    raise SettingsError(
        f"KYODO_DATA_DIR は絶対パスで指定してください（指定: {raw or '(未設定)'}）。"
        "インストールされた kyodo には相対パスの基準がありません"
    )


EMBEDDED, WORKER = "embedded", "worker"


@dataclass(frozen=True)
class Settings:
    database_url: str | None = None
    data_dir: Path = Path("var")
    ledger_name: str = "Ledger"
    environment: str = "development"
    pool_size: int = 5
    max_overflow: int = 5
    connect_timeout: int = 5
    pool_timeout: int = 1
    lock_timeout: int = 5
    working_copies: int = 1000
    """Aggregates the ledger keeps after their save, to decide the next command on without
    loading them (0: load every time)."""
    projections: str = EMBEDDED
    """Where the API's read models run: `embedded` (in the API process, the default) or
    `worker` (in `kyodo project` processes; the API only listens for their advances)."""
    extra: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.ledger_name.isidentifier():
            raise SettingsError(
                f"KYODO_LEDGER_NAME must be a name of letters, digits and _ "
                f"(got {self.ledger_name!r})"
            )
        if self.projections not in (EMBEDDED, WORKER):
            raise SettingsError(
                f"KYODO_PROJECTIONS は {EMBEDDED} か {WORKER} で指定してください"
                f"（指定: {self.projections}）"
            )
        if self.projections == WORKER and self.database_url is None:
            raise SettingsError(
                f"KYODO_PROJECTIONS={WORKER} は PostgreSQL（DATABASE_URL）のときだけ指定できます"
                "（組み込みの SQLite では読み取りモデルを API のプロセスで動かします）"
            )

    @property
    def projections_embedded(self) -> bool:
        """Whether the API process runs the read models (else `kyodo project` workers do)."""
        return self.projections == EMBEDDED

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        return cls(
            database_url=env.get("DATABASE_URL") or None,
            data_dir=data_dir_from(env.get("KYODO_DATA_DIR")),
            ledger_name=env.get("KYODO_LEDGER_NAME") or "Ledger",
            environment=env.get("KYODO_ENV") or "development",
            pool_size=_int(env, "KYODO_DB_POOL_SIZE", 5),
            max_overflow=_int(env, "KYODO_DB_MAX_OVERFLOW", 5),
            connect_timeout=_int(env, "KYODO_DB_CONNECT_TIMEOUT", 5),
            pool_timeout=_int(env, "KYODO_DB_POOL_TIMEOUT", 1),
            lock_timeout=_int(env, "KYODO_DB_LOCK_TIMEOUT", 5),
            working_copies=_int(env, "KYODO_WORKING_COPIES", 1000),
            projections=env.get("KYODO_PROJECTIONS") or EMBEDDED,
        )

    @property
    def backend(self) -> str:
        return "postgres" if self.database_url else "sqlite"

    @property
    def search_words_dir(self) -> Path:
        """The site's own word lists for the library's search (variants.tsv, synonyms.tsv):
        a file here replaces the shipped one; a chief edits it without a code change."""
        return self.data_dir / "search-words"

    @property
    def sqlite_path(self) -> Path:
        """One file per ledger: SQLite tables carry no application prefix, so a tenant's
        ledger gets a file of its own."""
        if self.ledger_name == "Ledger":
            return self.data_dir / "kyodo.sqlite3"
        return self.data_dir / f"kyodo-{self.ledger_name.lower()}.sqlite3"

    @property
    def read_sqlite_path(self) -> Path:
        """The embedded read models, every ledger's (their tables carry its prefix)."""
        return self.data_dir / "read.sqlite3"

    def ledger_env(self) -> dict[str, str]:
        """The eventsourcing settings for the ledger (never POSTGRES_ENABLE_DB_FUNCTIONS)."""
        if self.database_url is None:
            env = {
                "PERSISTENCE_MODULE": "eventsourcing.sqlite",
                "SQLITE_DBNAME": str(self.sqlite_path),
                "SQLITE_LOCK_TIMEOUT": str(self.lock_timeout),
                "APPLICATION_RECORDER_TOPIC": SQLITE_RECORDER,
            }
        else:
            env = {**postgres_env(self.database_url), **self._pool_env()}
            env["APPLICATION_RECORDER_TOPIC"] = POSTGRES_RECORDER
        env["CREATE_TABLE"] = "y"
        env["WORKING_COPIES"] = str(self.working_copies)
        return {**env, **self.extra}

    def _pool_env(self) -> dict[str, str]:
        return {
            "POSTGRES_POOL_SIZE": str(self.pool_size),
            "POSTGRES_MAX_OVERFLOW": str(self.max_overflow),
            # The library waits this long for a pooled connection (whole seconds): with the
            # database away, a command fails after it (a 503), not after minutes.
            "POSTGRES_CONNECT_TIMEOUT": str(self.pool_timeout),
            "POSTGRES_LOCK_TIMEOUT": str(self.lock_timeout),
            "POSTGRES_MAX_WAITING": "20",
            "POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT": "30",
            # Not the library's pre-ping (a round trip per checkout): `persistence.wiring`
            # checks a pooled connection without one.
            "POSTGRES_PRE_PING": "n",
            "POSTGRES_ENABLE_DB_FUNCTIONS": "n",
        }


def postgres_env(url: str) -> dict[str, str]:
    """`postgresql://user:pass@host:port/db` as the library's POSTGRES_* settings."""
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "postgresql+psycopg"):
        raise SettingsError(f"DATABASE_URL must start with postgresql:// (got {parts.scheme!r})")
    dbname = parts.path.lstrip("/")
    if not parts.hostname or not dbname:
        raise SettingsError("DATABASE_URL needs a host and a database name")
    return {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": unquote(dbname),
        "POSTGRES_HOST": parts.hostname,
        "POSTGRES_PORT": str(parts.port or 5432),
        "POSTGRES_USER": unquote(parts.username or "postgres"),
        "POSTGRES_PASSWORD": unquote(parts.password or ""),
    }


def _int(env: Mapping[str, str], key: str, default: int) -> int:
    raw = env.get(key)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise SettingsError(f"{key} must be a whole number (got {raw!r})") from None
