"""No pre-ping (a round trip per checkout): a pooled connection the server closed is found
by its socket as the pool hands it out, and replaced without the command seeing it."""

from __future__ import annotations

from pathlib import Path

import psycopg

from tests.conftest import APPLICATION_NAME, POSTGRES_URL, require_postgres
from tests.integration.conftest import add_note, postgres_ledger
from tests.support import CaseFixture


def test_a_pooled_connection_the_server_closed_is_replaced_without_an_error(
    ledger_name: str, tmp_path: Path
) -> None:
    """Every connection of the pool closed at once (as a restart does): the pool sorts
    them out at the first one found closed; with the library's pre-ping and the pool left
    alone, this command failed (`PoolTimeout` after 1 s: the pool waits a second before its
    third try)."""
    require_postgres()
    ledger = postgres_ledger(POSTGRES_URL, ledger_name, tmp_path)
    try:
        given = CaseFixture(ledger)
        given.open()
        before = add_note(given, "前")
        with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
            # Each backend waited for (up to 5 s), as a restart closes them all before the
            # next command: a save sent in the instant between the signal and the backend's
            # end is refused as uncertain (503), and a command on a working copy saves first.
            killed = admin.execute(
                "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity"
                " WHERE application_name = %s AND datname = current_database()"
                " AND pid <> pg_backend_pid()",
                (APPLICATION_NAME,),
            ).fetchall()
        assert killed, "no pooled connection to close"

        versions = [add_note(given, f"再接続 {n}") for n in range(3)]

        assert versions == [before + 1, before + 2, before + 3]
    finally:
        ledger.close()
