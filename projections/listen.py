"""PostgreSQL LISTEN on the ledger's channel: wakes the read models when events are saved.

The eventsourcing recorder NOTIFYs the channel named like its events table in the inserting
transaction. A lost notification only delays: the service also polls.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from projections.service import ProjectionService


def listen_forever(service: ProjectionService, reconnect_delay: float = 1.0) -> None:
    import psycopg
    from psycopg.sql import SQL, Identifier

    assert service.database_url is not None
    assert service.channel is not None
    while not service.stopping:
        try:
            with psycopg.connect(service.database_url, autocommit=True) as conn:
                conn.execute(SQL("LISTEN {}").format(Identifier(service.channel)))
                service.wake()  # anything saved before LISTEN took effect
                while not service.stopping:
                    for _ in conn.notifies(timeout=0.5):
                        service.wake()
        except psycopg.OperationalError:
            time.sleep(reconnect_delay)
