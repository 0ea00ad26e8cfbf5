"""`KYODO_PROJECTIONS=worker`: the API process runs no read model (only the LISTEN thread
that relays the workers' advances); a `kyodo project` worker keeps them, and a mutation
that waits for the read models is answered when the worker's advance arrives."""

from __future__ import annotations

import dataclasses

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.auth import TokenIssuer
from api.container import Container
from persistence.settings import Settings, SettingsError
from tests.api.client import SECRET, GraphQLClient
from tests.api.scenario import CaseStory

only_postgres = pytest.mark.parametrize("settings", ["postgres"], indirect=True)


@only_postgres
def test_the_api_runs_no_read_model_and_a_waiting_mutation_is_answered_by_the_worker(
    settings: Settings,
) -> None:
    worker = Container(settings)
    worker.projections.start()  # what `kyodo project` runs
    api_side = Container(dataclasses.replace(settings, projections="worker"))
    try:
        with TestClient(create_app(api_side, TokenIssuer(SECRET))) as http:
            api = GraphQLClient(http, TokenIssuer(SECRET))
            story = CaseStory(api)
            story.open()
            noted = story.step("AddNote", {"text": "ワーカーが記録を読み取りモデルに届ける"})
            timeline = api.operation(
                "facilitator", "CaseTimeline", {"number": story.number}, role="facilitator"
            )
            threads = [t.name for t in api_side.projections._threads]
    finally:
        api_side.close()
        worker.close()
    assert noted["readModelsCurrent"] is True
    steps = [edge["node"]["__typename"] for edge in timeline["case"]["timeline"]["edges"]]
    assert steps[-1] == "NoteAddedItem"
    assert threads == ["projection-listen"]


def test_workers_need_postgresql_and_a_known_word() -> None:
    with pytest.raises(SettingsError, match="PostgreSQL"):
        Settings.from_env({"KYODO_DATA_DIR": "/tmp/kyodo", "KYODO_PROJECTIONS": "worker"})
    with pytest.raises(SettingsError, match="embedded か worker"):
        Settings.from_env({"KYODO_DATA_DIR": "/tmp/kyodo", "KYODO_PROJECTIONS": "both"})
    url = "postgresql://postgres@127.0.0.1:5432/kyodo"
    chosen = Settings.from_env({"DATABASE_URL": url, "KYODO_PROJECTIONS": "worker"})
    assert not chosen.projections_embedded
    assert Settings.from_env({"DATABASE_URL": url}).projections_embedded
