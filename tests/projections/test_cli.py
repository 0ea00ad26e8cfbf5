"""`kyodo projections status` and `kyodo projections rebuild NAME`."""

from __future__ import annotations

from typer.testing import CliRunner

from api.cli import app
from application.ledger import Ledger
from persistence.settings import Settings
from projections.case_list.projection import CaseListReadModel
from projections.engine.store import ReadStore
from projections.timeline.projection import TimelineReadModel
from tests.projections.test_crash import environment
from tests.support import CaseFixture


def test_status_lists_each_read_model_with_its_lag(
    settings: Settings, ledger: Ledger, read_store: ReadStore
) -> None:
    CaseFixture(ledger).open()
    result = CliRunner().invoke(app, ["projections", "status"], env=environment(settings))
    assert result.exit_code == 0, result.output
    header, *rows = result.output.splitlines()
    assert header.split()[:5] == ["name", "version", "state", "position", "head"]
    case_list = next(row.split() for row in rows if row.startswith("case_list "))
    head = str(ledger.recorder.max_notification_id())
    version = str(CaseListReadModel.version)
    assert case_list[:6] == ["case_list", version, "not", "built", "0", head]


def test_rebuild_switches_to_the_next_version(
    settings: Settings, ledger: Ledger, read_store: ReadStore
) -> None:
    CaseFixture(ledger).open()
    env = environment(settings)
    first = CliRunner().invoke(app, ["projections", "rebuild", "timeline"], env=env)
    second = CliRunner().invoke(app, ["projections", "rebuild", "timeline"], env=env)
    assert first.exit_code == 0, first.output
    assert second.exit_code == 0, second.output
    after = TimelineReadModel.version + 1  # the first builds the code's version, the next one more
    assert f"第{after}版に切り替えました" in second.output
    active = read_store.active("timeline")
    assert active is not None
    assert (active.version, active.position) == (after, ledger.recorder.max_notification_id())


def test_rebuilding_an_unknown_read_model_names_the_known_ones(
    settings: Settings, ledger: Ledger
) -> None:
    CaseFixture(ledger).open()  # a ledger to rebuild from: an empty folder is refused first
    result = CliRunner().invoke(
        app, ["projections", "rebuild", "nothing"], env=environment(settings)
    )
    assert result.exit_code == 1
    assert "case_list" in result.output
