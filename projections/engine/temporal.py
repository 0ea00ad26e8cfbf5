"""Reading temporal tables (`Begin`, `Supersede`, `Retire` in `base.py`): the rows valid now
or at a position of the ledger's log, and the position a moment of record time stands for."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from projections.engine.base import Db, Dialect


def valid_at(alias: str, at: int | None, p: str) -> tuple[str, list[Any]]:
    """SQL for the rows of a temporal table (`alias`) valid at position `at` (None: now)."""
    if at is None:
        return f"{alias}.valid_to IS NULL", []
    condition = (
        f"{alias}.valid_from <= {p} AND ({alias}.valid_to IS NULL OR {alias}.valid_to > {p})"
    )
    return condition, [at, at]


def position_at(db: Db, dialect: Dialect, moments: str, moment: datetime) -> int:
    """The last position recorded by `moment` in a read model's `moments` table (position,
    recorded_at), 0 when none was."""
    at = moment.astimezone(UTC).isoformat()
    row = db.execute(
        f"SELECT MAX(position) FROM {moments} WHERE recorded_at <= {dialect.param}", [at]
    ).fetchone()
    return int(row[0]) if row and row[0] is not None else 0
