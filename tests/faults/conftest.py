"""The read side's fixtures (a read store and projection services over SQLite and
PostgreSQL) for the fault tests."""

from __future__ import annotations

from tests.projections.conftest import make_service, read_store

__all__ = ["make_service", "read_store"]
