"""Subscribers' side of read-model advances: an asyncio bridge over `projections.engine.advances`.

A `Follower` registers on the process's `Advances` when it is made — BEFORE the
subscription's catch-up query — and `wait()` returns when one of its read models advanced
since the last `wait()` (several advances coalesce into one wake-up), or when the safety
poll interval passed, so that a lost notification delays an item but never loses it.
Registering costs no connection: the process has ONE LISTEN connection (the projection
service's), whatever the number of subscribers.
"""

from __future__ import annotations

import asyncio
from collections.abc import Collection
from types import TracebackType

from projections.engine.advances import Advances


class Follower:
    def __init__(
        self, advances: Advances | None, names: Collection[str], safety_poll: float
    ) -> None:
        self.names = frozenset(names)
        self.safety_poll = safety_poll
        self._loop = asyncio.get_running_loop()
        self._event = asyncio.Event()
        self._remove = None if advances is None else advances.listen(self._heard)

    def _heard(self, name: str, position: int) -> None:
        """Called in the publishing thread: hand the news to the subscriber's loop."""
        if name not in self.names:
            return
        try:
            self._loop.call_soon_threadsafe(self._event.set)
        except RuntimeError:  # the loop has closed: the subscriber is gone
            self.close()

    async def wait(self) -> bool:
        """Until an advance of one of `names` (True) or the safety poll interval (False)."""
        try:
            await asyncio.wait_for(self._event.wait(), self.safety_poll)
            notified = True
        except TimeoutError:
            notified = False
        self._event.clear()  # before the caller queries: later advances wake it again
        return notified

    def close(self) -> None:
        if self._remove is not None:
            self._remove()
            self._remove = None

    def __enter__(self) -> Follower:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
