"""PostgreSQL LISTEN: wakes the read models when events are saved, and relays read-model
advances announced by any process to this process's subscribers.

The ledger's recorder NOTIFYs the channel named like its events table in the inserting
transaction, naming the events' topics (`persistence.notices`): only the read models that
follow one of them wake. The projection service NOTIFYs the read store's advance channel
after each batch it commits. ONE connection per process listens to both. A lost
notification only delays: the service and the subscribers also poll, and after
(re)connecting the active positions are read from the store.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from persistence.notices import payload_topics
from projections.engine.advances import decode_advance

if TYPE_CHECKING:
    from projections.engine.service import ProjectionService

log = logging.getLogger("kyodo.projections")


def listen_forever(service: ProjectionService, reconnect_delay: float = 1.0) -> None:
    import psycopg
    from psycopg.sql import SQL, Identifier

    assert service.database_url is not None
    assert service.channel is not None
    while not service.stopping:
        try:
            with psycopg.connect(service.database_url, autocommit=True) as conn:
                conn.execute(
                    SQL("LISTEN {}; LISTEN {}").format(
                        Identifier(service.channel), Identifier(service.advance_channel)
                    )
                )
                service.wake()  # anything saved before LISTEN took effect
                service.refresh_advances()  # anything projected before LISTEN took effect
                service.set_listening(True)
                try:
                    while not service.stopping:
                        for note in conn.notifies(timeout=0.5):
                            relay(service, note.channel, note.payload)
                finally:
                    service.set_listening(False)
        except psycopg.OperationalError as error:  # the connection failed or was lost
            log.warning(
                "LISTEN: connection failed; reconnecting",
                extra={"error": str(error), "retry_in": reconnect_delay},
            )
            time.sleep(reconnect_delay)
        except Exception:  # the store is unreachable while refreshing: reconnect, keep going
            log.exception("LISTEN: failed; reconnecting")
            time.sleep(reconnect_delay)


def relay(service: ProjectionService, channel: str, payload: str) -> None:
    """One notification: an advance goes to the subscribers; a save wakes the read models
    that follow one of its topics (all of them when it names none)."""
    if channel != service.advance_channel:
        service.wake_for(payload_topics(payload))
        return
    advance = decode_advance(payload)
    if advance is not None:
        service.advances.publish(*advance)
