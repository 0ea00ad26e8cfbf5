"""The LISTEN thread: a connection that fails is logged, then tried again."""

from __future__ import annotations

import logging
from typing import Any, cast

import pytest

from projections.engine.listen import listen_forever


class _Unreachable:
    """What `listen_forever` reads of the service; it stops after `attempts` connections."""

    database_url = "host=127.0.0.1 port=1 dbname=none user=none connect_timeout=2"
    channel = "events"
    advance_channel = "advances"

    def __init__(self, attempts: int) -> None:
        self.checks = 0
        self.attempts = attempts

    @property
    def stopping(self) -> bool:
        self.checks += 1
        return self.checks > self.attempts


def test_a_failed_connection_is_logged_and_retried(caplog: pytest.LogCaptureFixture) -> None:
    service = _Unreachable(attempts=2)
    with caplog.at_level(logging.WARNING, logger="kyodo.projections"):
        listen_forever(cast(Any, service), reconnect_delay=0)
    failures = [r for r in caplog.records if "LISTEN: connection failed" in r.getMessage()]
    assert len(failures) == 2
    assert all(getattr(r, "error", "") for r in failures)
