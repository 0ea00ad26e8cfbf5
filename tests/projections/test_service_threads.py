"""The service's shared projector table under concurrent read-model threads: one thread
reconciles (iterating the table) while others add and drop projectors."""

from __future__ import annotations

import threading
from typing import Any, cast

from projections.engine.base import Change, Dialect, ReadModel, Tables
from projections.engine.service import ProjectionService
from projections.engine.store import ACTIVE, ReadStore, VersionRow


class _Model(ReadModel):
    version = 1
    topics = ()
    tables = ()

    def __init__(self, name: str) -> None:
        self.name = name  # type: ignore[misc]

    def ddl(self, dialect: Dialect, tables: Tables) -> list[str]:
        return []

    def changes(self, event: object, position: int) -> list[Change]:
        return []


class _Tracking:
    """Just what `_reconcile` reads from a store: every model has version 1, active."""

    prefix = "t_"
    dialect = Dialect.SQLITE

    def versions(self, name: str, *, cached: bool = False) -> list[VersionRow]:
        return [VersionRow(name, 1, 1, ACTIVE, 0, None, "")]


def test_reconciling_while_other_threads_add_projectors_is_safe() -> None:
    models = [_Model(f"m{i}") for i in range(4)]
    store = cast(ReadStore, _Tracking())
    service = ProjectionService(store, cast(Any, None), lambda n: n, models)
    stop = threading.Event()
    errors: list[BaseException] = []

    def churn(model: ReadModel) -> None:
        version = 1
        while not stop.is_set():
            version += 1
            service._projector(model, version)
            if version % 50 == 0:
                service._reconcile(model)  # drops every version but the live one

    def reconcile() -> None:
        try:
            for _ in range(3000):
                service._reconcile(models[0])
        except BaseException as error:  # RuntimeError: dictionary changed size during iteration
            errors.append(error)
        finally:
            stop.set()

    threads = [threading.Thread(target=churn, args=(m,)) for m in models[1:]]
    threads.append(threading.Thread(target=reconcile))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []


def test_the_poll_is_a_safety_net_while_listen_is_up_and_short_again_when_it_is_lost() -> None:
    from projections.engine.service import ServiceOptions

    models = [_Model(f"m{i}") for i in range(3)]
    store = cast(ReadStore, _Tracking())
    options = ServiceOptions(poll_interval=0.5)
    service = ProjectionService(store, cast(Any, None), lambda n: n, models, options=options)
    assert service._poll_interval() == 0.5
    service.set_listening(True)
    assert service.listening
    assert service._poll_interval() == 5.0
    assert not any(service._wake[m.name].is_set() for m in models)
    service.set_listening(False)  # lost: every read model wakes and polls at 0.5 s again
    assert not service.listening
    assert service._poll_interval() == 0.5
    assert all(service._wake[m.name].is_set() for m in models)
    chosen = ProjectionService(
        store,
        cast(Any, None),
        lambda n: n,
        models,
        options=ServiceOptions(poll_interval=0.5, listening_poll_interval=30.0),
    )
    chosen.set_listening(True)
    assert chosen._poll_interval() == 30.0


class _Topics(_Model):
    def __init__(self, name: str, topics: tuple[str, ...]) -> None:
        super().__init__(name)
        self.topics = topics  # type: ignore[misc]


class _Log:
    """A log of notifications with these topics (ids 1, 2, …), counting its selections."""

    def __init__(self, topics: list[str]) -> None:
        from uuid import uuid4

        from eventsourcing.persistence import Notification

        self.notes = [
            Notification(id=i + 1, originator_id=uuid4(), originator_version=1, topic=t, state=b"")
            for i, t in enumerate(topics)
        ]
        self.selections = 0

    def select_notifications(
        self,
        start: int,
        limit: int,
        stop: int | None = None,
        topics: Any = (),
        *,
        inclusive_of_start: bool = True,
    ) -> list[Any]:
        self.selections += 1
        after = [n for n in self.notes if n.id > start and (stop is None or n.id <= stop)]
        return [n for n in after if n.topic in topics][:limit]


def test_which_read_models_follow_an_event_goes_on_past_a_full_selection(
    monkeypatch: Any,
) -> None:
    """The question a wait asks the log for all short read models reads `FOLLOW_SCAN` events
    at a time, and goes on, for those still undecided, while a selection comes back full."""
    from projections.engine import service as service_module

    monkeypatch.setattr(service_module, "FOLLOW_SCAN", 2)
    models = [_Topics("a", ("x",)), _Topics("b", ("y",)), _Topics("c", ("w",))]
    log = _Log(["x", "x", "x", "x", "x", "y"])
    service = ProjectionService(cast(ReadStore, _Tracking()), cast(Any, log), lambda n: n, models)

    assert service._following({"a": 0, "b": 0, "c": 0}, 6) == {"a", "b"}
    assert log.selections == 2  # x x, then only y's and w's: y
    assert service._following({"a": 5, "b": 6}, 6) == set()
