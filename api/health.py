"""What `/readyz` and `/metrics` say of the process: the database, each read model's position
and lag, their parked events, and whether the read models have caught up since the start."""

from __future__ import annotations

import logging
from typing import Any

from api.container import Container
from api.graphql.context import read_models
from projections.engine.status import ReadModelStatus

log = logging.getLogger("kyodo.http")


def log_head(container: Container) -> int:
    return container.ledger.recorder.max_notification_id() or 0


def not_ready(reachable: bool | None) -> dict[str, Any]:
    return {
        "ready": False,
        "database": {"reachable": reachable},
        "readModels": [],
        "parkedEvents": {},
        "catchingUp": [],
    }


def readiness(container: Container) -> dict[str, Any]:
    """Database reachable, and each read model's position, lag and parked events.

    A read model stopped by an error makes the process not ready; parked events do not: the
    read model went on without them and serves everything else (ADR 2026-12-02-poison-and-
    limits). `parkedEvents` names the read models that have some, for the operator.
    """
    return assessed(container)[0]


def assessed(container: Container) -> tuple[dict[str, Any], list[ReadModelStatus]]:
    """`readiness`'s answer and the read models' statuses it was made from (none when the
    database is away): 運用状況 shows both, read once."""
    if not container.database.reachable():
        return not_ready(reachable=False), []
    try:
        database: dict[str, Any] = {"reachable": True, "head": log_head(container)}
        statuses = projection_status(container)
    except Exception as error:  # any driver error means "not ready", reported, not raised
        log.warning("database unreachable", extra={"error": str(error)})
        container.database.suspect()
        return not_ready(reachable=False), []
    models = []
    for status in statuses:
        models.append(
            {
                "name": status.name,
                "version": status.version,
                "state": status.state,
                "position": status.position,
                "lagEvents": status.lag_events,
                "lagSeconds": status.lag_seconds,
                "error": status.error,
                "parked": status.parked,
            }
        )
    stopped = {s.name for s in statuses if s.error}
    # A read model stopped by an error is not catching up: the operator must act on it.
    catching_up = [name for name in warming_up(container) if name not in stopped]
    ready = not stopped and not catching_up
    parked: dict[str, int] = {}
    for status in statuses:
        if status.parked:
            parked[status.name] = parked.get(status.name, 0) + status.parked
    body = {
        "ready": ready,
        "database": database,
        "readModels": models,
        "parkedEvents": parked,
        "catchingUp": catching_up,
    }
    return body, statuses


def warming_up(container: Container) -> list[str]:
    """The read models still taking in the events the log held when the server started.

    Until each has, the server is not ready: a list or a search would show too little (a
    first start over a loaded store, or a read model new to it). Once they
    have, lag does not make it unready again: the read models follow the writes as they
    come, and a mutation's `waitForReadModels` waits for its own."""
    projections = read_models(container)
    if container.warmed_up or projections is None:
        return []
    head = container.warming_up_to
    late: list[str] = list(projections.models) if head is None else projections.behind(head)
    container.warmed_up = not late
    return late


def projection_status(container: Container) -> list[ReadModelStatus]:
    projections = read_models(container)
    if projections is None:
        return []
    return list(projections.status())


def projection_lags(container: Container) -> list[tuple[str, int, float | None]]:
    try:
        statuses = projection_status(container)
    except Exception as error:  # metrics must render even when the database is down
        log.warning("projection status unavailable", extra={"error": str(error)})
        return []
    return [(s.name, s.lag_events, s.lag_seconds) for s in statuses if s.state == "active"]
