"""The composition root: one place that turns settings into running parts.

Nothing is built at import time; tests call `Container(settings)` with their own settings.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import TYPE_CHECKING
from uuid import uuid4
from zoneinfo import ZoneInfo

from application.ledger import Ledger
from domain.values import Actor, CommandContext
from domain.vocabulary import Source
from persistence.settings import Settings
from persistence.wiring import build_ledger

if TYPE_CHECKING:  # imported where first used: a short command (kyodo case show) needs neither
    from application.replay import CaseReplay
    from projections.engine.service import ProjectionService
    from projections.engine.store import ReadStore

TOKYO = ZoneInfo("Asia/Tokyo")


def today_in_tokyo() -> date:
    return datetime.now(TOKYO).date()


def end_of_day(day: date) -> datetime:
    """The first instant after `day` in Asia/Tokyo: what a table as of `day` shows."""
    next_day = day + timedelta(days=1)
    return datetime(next_day.year, next_day.month, next_day.day, tzinfo=TOKYO)


class DatabaseProbe:
    """Whether PostgreSQL is away, asked cheaply before each request.

    Nothing is asked while all goes well. Once a request or `/readyz` met trouble
    (`suspect()`), each question opens a fresh connection for `SELECT 1`, given `deadline`
    seconds and remembered `remember` seconds, until one succeeds: so during an outage a
    request is refused at once instead of waiting for a pool, and once the database is back
    requests flow again within `remember`. SQLite is always there."""

    def __init__(self, settings: Settings, deadline: float = 0.5, remember: float = 1.0):
        self.settings = settings
        self.deadline = deadline
        self.remember = remember
        self._lock = threading.Lock()
        self._suspected = False
        self._asked: tuple[float, Future[bool]] | None = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="db-probe")

    @property
    def suspected(self) -> bool:
        return self._suspected

    def suspect(self) -> None:
        if self.settings.database_url is not None:
            self._suspected = True

    def reachable(self) -> bool:
        if not self._suspected:
            return True
        with self._lock:
            now = time.monotonic()
            if self._asked is None or now - self._asked[0] > self.remember:
                self._asked = (now, self._executor.submit(self._ask))
            started, asked = self._asked
        if not asked.done() and now - started > self.deadline:
            return False  # still waiting on an earlier probe: the database is not answering
        try:
            answered = asked.result(timeout=self.deadline)
        except FutureTimeout:
            return False
        if answered:
            self._suspected = False
        return answered

    def _ask(self) -> bool:
        import psycopg

        from projections.wiring import conninfo

        try:
            with psycopg.connect(conninfo(self.settings), connect_timeout=2) as conn:
                conn.execute("SELECT 1")
        except psycopg.Error as error:
            # A server that refuses more clients is there: the pools' connections serve.
            return "too many clients" in str(error)
        return True

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


class Container:
    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings.from_env()
        self.warming_up_to: int | None = None
        """The log's head when the server started its read models (None before): till every
        read model has caught up with it, `/readyz` says not ready (lists would be empty or
        old)."""
        self.warmed_up = False
        """Set once they have: from then on lag does not make the server unready."""

    @cached_property
    def ledger(self) -> Ledger:
        return build_ledger(self.settings)

    @cached_property
    def database(self) -> DatabaseProbe:
        """Asked before each GraphQL request and by `/readyz`."""
        return DatabaseProbe(self.settings)

    @cached_property
    def replay(self) -> CaseReplay:
        """Auditors' replays of a case, with the store's record-time index."""
        from application.replay import CaseReplay
        from persistence.record_index import record_times

        return CaseReplay(self.ledger, record_times(self.ledger.recorder))

    @cached_property
    def read_store(self) -> ReadStore:
        """The read-model tables; queries (`projections/*_queries.py`) take this."""
        from projections.library.lexicon import use_site_directory
        from projections.wiring import build_store

        use_site_directory(self.settings.search_words_dir)
        return build_store(self.settings)

    @cached_property
    def projections(self) -> ProjectionService:
        """Keeps the read models up to date; the API process calls `start()`/`stop()`."""
        from projections.wiring import build_service

        service = build_service(self.settings, self.ledger, self.read_store)
        if self.settings.projections_embedded:  # else no read model runs here to wake
            service.wake_on_commit(self.ledger)  # no poll wait after this process's commands
        return service

    def context(
        self,
        actor: Actor,
        *,
        source: Source = Source.API,
        correlation_id: str | None = None,
        today: date | None = None,
    ) -> CommandContext:
        return CommandContext(
            actor=actor,
            today=today or today_in_tokyo(),
            correlation_id=correlation_id or uuid4().hex,
            source=source,
        )

    def close(self) -> None:
        if "database" in self.__dict__:
            self.database.close()
        if "projections" in self.__dict__:
            self.projections.stop()
        if "read_store" in self.__dict__:
            self.read_store.close()
        if "ledger" in self.__dict__:
            self.ledger.close()
