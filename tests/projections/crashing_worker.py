"""A projection worker that dies abruptly (os._exit) after writing N rows, mid-transaction.

Run as `python -m tests.projections.crashing_worker N BATCH` with the store named by the
environment (DATABASE_URL, KYODO_DATA_DIR, KYODO_LEDGER_NAME), as `kyodo project` would be.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from persistence.settings import Settings
from persistence.wiring import build_ledger
from projections.engine.base import Change, Db, Dialect, Tables
from projections.engine.service import ServiceOptions
from projections.engine.writer import SqlWriter, render
from projections.wiring import build_service
from tests.projections.support import MINE, CountsEvents

CRASHED = 3


def main(rows: int, batch_size: int) -> None:
    written = 0

    def apply(self: SqlWriter, db: Db, d: Dialect, t: Tables, changes: Sequence[Change]) -> None:
        nonlocal written
        for change in changes:
            sql, params = render(change, d, t)
            if sql:
                db.execute(sql, params)
            written += 1
            if written >= rows:
                os._exit(CRASHED)

    SqlWriter.apply = apply  # type: ignore[method-assign]
    settings = Settings.from_env()
    ledger = build_ledger(settings)
    models = [CountsEvents(), *MINE]
    options = ServiceOptions(batch_size=batch_size)
    service = build_service(settings, ledger, models=models, options=options)
    service.run_until_caught_up()


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
