"""Read-model advances: the in-process fan-out, what the projection service announces, and
on PostgreSQL the relay of another service's NOTIFY through this process's LISTEN thread."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest

from application.ledger import Ledger
from persistence.settings import Settings
from projections.case_list.projection import CaseListReadModel
from projections.engine.advances import Advances, decode_advance, encode_advance
from projections.engine.store import ReadStore
from projections.timeline.projection import TimelineReadModel
from projections.wiring import build_service, build_store
from tests.projections.conftest import ServiceFactory
from tests.support import CaseFixture

only_postgres = pytest.mark.parametrize("settings", ["postgres"], indirect=True)


def eventually(check: Callable[[], bool], timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.02)
    return False


def test_advances_reach_listeners_once_and_only_forwards() -> None:
    advances = Advances()
    heard: list[tuple[str, int]] = []
    remove = advances.listen(lambda name, position: heard.append((name, position)))
    assert advances.publish("timeline", 5)
    assert not advances.publish("timeline", 5)  # a process hearing its own NOTIFY
    assert not advances.publish("timeline", 3)
    assert advances.publish("library", 4)
    remove()
    assert advances.publish("timeline", 9)
    assert heard == [("timeline", 5), ("library", 4)]
    assert advances.position("timeline") == 9
    assert advances.listeners == 0


def test_a_broken_listener_does_not_silence_the_others(caplog: pytest.LogCaptureFixture) -> None:
    advances = Advances()
    heard: list[int] = []

    def broken(name: str, position: int) -> None:
        raise RuntimeError("boom")

    advances.listen(broken)
    advances.listen(lambda name, position: heard.append(position))
    advances.publish("timeline", 1)
    assert heard == [1]
    assert "advance listener failed" in caplog.text


def test_payloads_round_trip_and_foreign_ones_are_ignored() -> None:
    assert decode_advance(encode_advance("timeline", 42)) == ("timeline", 42)
    for foreign in ("", "x", "[]", '{"model": 1, "position": 2}', '{"model": "a"}'):
        assert decode_advance(foreign) is None


def test_the_service_announces_each_active_read_model_s_position(
    ledger: Ledger, make_service: ServiceFactory
) -> None:
    case = CaseFixture(ledger)
    case.open()
    assert case.last is not None
    service = make_service(models=[CaseListReadModel(), TimelineReadModel()], batch_size=1)
    heard: list[tuple[str, int]] = []
    lock = threading.Lock()

    def hear(name: str, position: int) -> None:
        with lock:
            heard.append((name, position))

    service.advances.listen(hear)
    service.run_until_caught_up()
    positions = [p for name, p in heard if name == "timeline"]
    assert positions == sorted(positions)
    assert len(positions) > 1  # one announcement per batch, not one per round
    assert service.advances.position("timeline") == case.last.position
    assert service.advances.position("case_list") == case.last.position


@only_postgres
def test_another_service_s_advance_reaches_this_process_s_listener(
    settings: Settings, ledger: Ledger, read_store: ReadStore, make_service: ServiceFactory
) -> None:
    worker = make_service(models=[TimelineReadModel()])
    worker.run_until_caught_up()  # the timeline exists before the listener starts
    other_store = build_store(settings)
    listener = build_service(settings, ledger, other_store, [TimelineReadModel()])
    try:
        listener.start_listening()  # serves only: LISTEN, no projecting
        assert eventually(lambda: listener.advances.position("timeline") is not None)
        case = CaseFixture(ledger)
        case.open()
        assert case.last is not None
        worker.start()
        position = case.last.position
        assert eventually(lambda: (listener.advances.position("timeline") or 0) >= position)
        assert read_store.active("timeline") is not None
    finally:
        listener.stop()
        other_store.close()
