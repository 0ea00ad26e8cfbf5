"""Benchmark: importing a centre's roster of registered groups against its raw reference.

kyodo: `import_roster(...)` on a generated roster (Shift_JIS CSV, eight columns, `--rows`
groups): the file read, every row read into a command and asked of the rule, compared with
the directory, then each group registered through `Ledger.handle`. Also the dry run alone
(everything but the registrations). Raw reference, same run, interleaved: the same
`RegisterParty` commands, built beforehand, handled one after another — what any import must
do at least. Each round starts from an empty ledger of its own: a temporary SQLite folder,
and a PostgreSQL database created for the run (never the tests' `test`).

    .venv/bin/python bench/roster_import.py [--rows 1000] [--rounds 3]
        [--database kyodo_bench_roster] [--skip-postgres]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from common import drop_database, fresh_database, quiet_logs, ratio, write_result

from application.ledger import Ledger
from application.party_import import KnownParty, import_roster, read_table
from demo.loader import default_context, facilitator
from domain.party_roster import read_roster
from persistence.settings import Settings
from persistence.wiring import build_ledger

DATABASE = "kyodo_bench_roster"
KINDS = ("任意団体", "NPO法人", "自治会", "企業", "地域づくり協議会")
PLACES = ("山口市", "下関市", "宇部市", "防府市", "萩市", "岩国市")
FIELDS = ("まちづくり", "子どもの健全育成", "環境の保全", "保健・医療・福祉", "観光")


def roster(rows: int, seed: int = 7) -> bytes:
    """A roster of `rows` groups, as a centre's Excel saves it (Shift_JIS CSV)."""
    pick = random.Random(seed).choice
    lines = ["団体名,種別,市町,活動分野,事例集への掲載同意,登録日,担当者名,電話番号"]
    for i in range(rows):
        lines.append(
            f"{pick(('みらい', 'ふるさと', 'ささえあい', 'あおぞら'))}の会{i:05d},"
            f"{pick(KINDS)},{pick(PLACES)},{pick(FIELDS)},{pick(('○', '×'))},"
            f"2024-0{4 + i % 6}-1{i % 10},山田 {i},083-000-{i % 10000:04d}"
        )
    return ("\n".join(lines) + "\n").encode("cp932")


def _nobody(municipalities: frozenset[str]) -> list[KnownParty]:
    return []  # an empty ledger's directory


@contextmanager
def empty_ledger(postgres: bool, database: str) -> Iterator[Ledger]:
    with tempfile.TemporaryDirectory() as folder:
        url = fresh_database(database) if postgres else None
        ledger = build_ledger(Settings(database_url=url, data_dir=Path(folder)))
        try:
            yield ledger
        finally:
            ledger.close()
            if postgres:
                drop_database(database)


def timed(postgres: bool, database: str, run: Callable[[Ledger], Any]) -> float:
    with empty_ledger(postgres, database) as ledger:
        started = time.perf_counter()
        run(ledger)
        return time.perf_counter() - started


def measure(postgres: bool, database: str, data: bytes, rounds: int) -> dict[str, Any]:
    ctx = default_context(facilitator("yamaguchi"), "bench-roster")
    commands = [r.command for r in read_roster(read_table(data)).rows]
    rows = len(commands)

    def kyodo(ledger: Ledger) -> None:
        import_roster(ledger, ctx, data, _nobody, dry_run=False)

    def checked(ledger: Ledger) -> None:
        import_roster(ledger, ctx, data, _nobody, dry_run=True)

    def reference(ledger: Ledger) -> None:
        for command in commands:
            assert command is not None
            ledger.handle(ctx, command)

    seconds: dict[str, list[float]] = {"kyodo": [], "reference": [], "dry_run": []}
    for _ in range(rounds):  # alternating: kyodo, the reference, the dry run
        seconds["kyodo"].append(timed(postgres, database, kyodo))
        seconds["reference"].append(timed(postgres, database, reference))
        seconds["dry_run"].append(timed(postgres, database, checked))
    best = {side: min(times) for side, times in seconds.items()}
    store = "postgres" if postgres else "sqlite"
    found = ratio(rows / best["kyodo"], rows / best["reference"])
    print(
        f"{store:<9} {rows} rows  import {best['kyodo']:6.2f} s ({rows / best['kyodo']:7.0f}/s)"
        f"  reference {best['reference']:6.2f} s ({rows / best['reference']:7.0f}/s)"
        f"  ratio {found:4.2f}  dry run {best['dry_run']:5.2f} s"
    )
    return {
        "rows": rows,
        "seconds": {side: [round(t, 3) for t in times] for side, times in seconds.items()},
        "best_seconds": {side: round(t, 3) for side, t in best.items()},
        "ratio": found,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--database", default=DATABASE)
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    data = roster(args.rows)
    results = {}
    with quiet_logs():
        results["sqlite"] = measure(False, args.database, data, args.rounds)
        if not args.skip_postgres:
            results["postgres"] = measure(True, args.database, data, args.rounds)
    write_result("roster_import", {"rows": args.rows, "rounds": args.rounds, **results})


if __name__ == "__main__":
    main()
