"""Read-model advances: "the active version of read model X has committed up to position P".

The projection service publishes an advance after each batch it commits (and after a
switch); on PostgreSQL it also NOTIFYs `advance_channel(prefix)`, and the LISTEN thread of
every process relays what other processes announce. Subscribers (GraphQL subscriptions)
register a callback BEFORE their catch-up query, then re-query when called.

Callbacks run in the publishing thread (a projection thread, or the LISTEN thread): they
must be quick and must not block — hand the news over to an event loop and return.
Positions only move forwards: an advance that is not beyond the last one known for its
read model (a process hearing its own NOTIFY, a late duplicate) is dropped.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable

log = logging.getLogger("kyodo.projections")

Listener = Callable[[str, int], None]


def advance_channel(prefix: str) -> str:
    """The NOTIFY channel of a read store's advances: its table prefix, so tenants never mix."""
    return f"{prefix}rm_advanced"


def encode_advance(name: str, position: int) -> str:
    return json.dumps({"model": name, "position": position}, separators=(",", ":"))


def decode_advance(payload: str) -> tuple[str, int] | None:
    """The (read model, position) of a NOTIFY payload; None when it is not one of ours."""
    try:
        data = json.loads(payload)
        name, position = data["model"], data["position"]
    except (ValueError, TypeError, KeyError):
        return None
    if not isinstance(name, str) or not isinstance(position, int):
        return None
    return name, position


class Advances:
    """A thread-safe fan-out of read-model advances to in-process listeners."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._positions: dict[str, int] = {}
        self._listeners: dict[int, Listener] = {}
        self._next = 0

    def listen(self, listener: Listener) -> Callable[[], None]:
        """Call `listener(name, position)` on every advance from now on; returns `remove`."""
        with self._lock:
            key = self._next
            self._next += 1
            self._listeners[key] = listener

        def remove() -> None:
            with self._lock:
                self._listeners.pop(key, None)

        return remove

    @property
    def listeners(self) -> int:
        with self._lock:
            return len(self._listeners)

    def position(self, name: str) -> int | None:
        """The last position announced for a read model in this process (None: none yet)."""
        with self._lock:
            return self._positions.get(name)

    def publish(self, name: str, position: int) -> bool:
        """Tell every listener that `name` advanced to `position`; False when it is no news."""
        with self._lock:
            if position <= self._positions.get(name, -1):
                return False
            self._positions[name] = position
            listeners = list(self._listeners.values())
        for listener in listeners:
            try:
                listener(name, position)
            except Exception:  # one broken listener must not silence the others
                log.exception("advance listener failed for %s at %s", name, position)
        return True
