"""Parked events are shown where operators look — `kyodo projections status` and `/readyz` —
and resolved with `kyodo projections retry|skip NAME POSITION`."""

from __future__ import annotations

import time

from starlette.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from api.auth import TokenIssuer
from api.cli import app
from api.container import Container
from application.ledger import Ledger
from persistence.settings import Settings
from projections.engine.store import ReadStore
from tests.api.client import SECRET
from tests.faults.poison import store_note_with_lone_surrogate
from tests.projections.test_crash import environment
from tests.support import CaseFixture


def _kyodo(settings: Settings, *args: str) -> object:
    return CliRunner().invoke(app, ["projections", *args], env=environment(settings))


def _poisoned(ledger: Ledger) -> int:
    case = CaseFixture(ledger)
    case.open()
    position = store_note_with_lone_surrogate(ledger, case.id)
    ledger.add_note(case.ctx, case.id, text="後の記録")
    return position


def test_status_lists_the_parked_event(
    settings: Settings, ledger: Ledger, read_store: ReadStore
) -> None:
    position = _poisoned(ledger)
    _kyodo(settings, "rebuild", "timeline")

    result = _kyodo(settings, "status")

    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    output: str = result.output  # type: ignore[attr-defined]
    header, *rows = output.splitlines()
    assert "parked" in header.split()
    timeline = next(row.split() for row in rows if row.startswith("timeline "))
    assert timeline[7] == "1"
    parked = next(row for row in rows if row.startswith("timeline ") and "kyodo:Case" in row)
    assert str(position) in parked.split()
    assert "UnicodeEncodeError" in parked


def test_retry_that_fails_again_says_why_and_skip_resolves(
    settings: Settings, ledger: Ledger, read_store: ReadStore
) -> None:
    position = _poisoned(ledger)
    _kyodo(settings, "rebuild", "timeline")

    retried = _kyodo(settings, "retry", "timeline", str(position))
    skipped = _kyodo(settings, "skip", "timeline", str(position))
    again = _kyodo(settings, "skip", "timeline", str(position + 1000))

    assert retried.exit_code == 1  # type: ignore[attr-defined]
    assert "また反映できませんでした" in retried.output  # type: ignore[attr-defined]
    assert skipped.exit_code == 0, skipped.output  # type: ignore[attr-defined]
    assert again.exit_code == 1  # type: ignore[attr-defined]
    (letter,) = read_store.dead_letters("timeline")
    assert letter.state == "skipped"


def test_readyz_names_the_read_model_with_parked_events_and_stays_ready(
    settings: Settings, ledger: Ledger
) -> None:
    _poisoned(ledger)
    head = ledger.recorder.max_notification_id()
    with TestClient(create_app(Container(settings), TokenIssuer(SECRET))) as client:
        # `/readyz` answers 503 with no parked events when it cannot learn all within its
        # second (a loaded machine): asked again until it names the parked event.
        deadline = time.monotonic() + 30
        response = client.get("/readyz")
        while time.monotonic() < deadline and not response.json()["parkedEvents"]:
            time.sleep(0.2)
            response = client.get("/readyz")

    body = response.json()
    assert body["parkedEvents"], body
    assert response.status_code == 200
    assert body["ready"] is True
    assert body["parkedEvents"] == {"timeline": 1}
    timeline = next(m for m in body["readModels"] if m["name"] == "timeline")
    assert (timeline["parked"], timeline["position"]) == (1, head)
