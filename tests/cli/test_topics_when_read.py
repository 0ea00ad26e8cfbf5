"""Plans, their indicators and KPI targets are imported when a topic of theirs is first read
(`application.topics`): a process that builds a ledger and never reads one does not pay for
them, and one that does reads every stored event of theirs to the same classes."""

from __future__ import annotations

import json
import os
import pkgutil
import subprocess
import sys
from importlib import import_module
from pathlib import Path

from eventsourcing.utils import resolve_topic

import domain
from application.ledger import AGGREGATES
from application.topics import IMPORTED_WHEN_READ, PREFIX
from domain.events import LedgerAggregate
from tests.cli.conftest import sqlite_env

ROOT = Path(__file__).resolve().parents[2]


def in_a_fresh_process(script: str, env: dict[str, str | None] | None = None) -> str:
    merged = {k: v for k, v in {**os.environ, **(env or {})}.items() if v is not None}
    run = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env=merged,
    )
    assert run.returncode == 0, run.stderr
    return run.stdout


def topics_of(aggregate: type) -> dict[str, str]:
    """The aggregate's topic and its events', each with the class it names."""
    classes = [aggregate, *(v for v in vars(aggregate).values() if isinstance(v, type))]
    return {
        c.TOPIC: f"{c.__module__}:{c.__qualname__}"
        for c in classes
        if isinstance(getattr(c, "TOPIC", None), str)
    }


def test_each_topic_of_theirs_resolves_alike_where_they_were_not_imported() -> None:
    expected: dict[str, str] = {}
    for name in IMPORTED_WHEN_READ:
        expected |= topics_of(resolve_topic(f"{PREFIX}:{name}"))
    assert len(expected) > 3 * len(IMPORTED_WHEN_READ)

    script = (
        "import json, sys\n"
        "import application.ledger\n"
        "from eventsourcing.utils import resolve_topic\n"
        f"modules = {sorted(IMPORTED_WHEN_READ.values())!r}\n"
        "before = [m for m in modules if m in sys.modules]\n"
        f"topics = {sorted(expected)!r}\n"
        "classes = {t: resolve_topic(t) for t in topics}\n"
        "found = {t: f'{c.__module__}:{c.__qualname__}' for t, c in classes.items()}\n"
        "print(json.dumps({'before': before, 'found': found}))\n"
    )
    out = json.loads(in_a_fresh_process(script))

    assert out["before"] == []
    assert out["found"] == expected


def test_a_ledger_reads_the_stored_plans_and_indicators_after_importing_only_the_rest(
    loaded_dir: Path,
) -> None:
    script = (
        "import collections, sys\n"
        "from api.cli.common import open_container\n"
        "with open_container(create=False) as c:\n"
        "    print('before', 'domain.plans' in sys.modules, 'domain.indicators' in sys.modules)\n"
        "    notes = c.ledger.recorder.select_notifications(1, 1_000_000)\n"
        "    kinds = collections.Counter(\n"
        "        type(c.ledger.mapper.to_domain_event(n)).__module__ for n in notes)\n"
        "    plan = next(n for n in notes if n.topic.startswith('kyodo:Plan.'))\n"
        "    print('plan', c.ledger.repository.get(plan.originator_id).__class__.__name__)\n"
        "    print(' '.join(f'{k}={v}' for k, v in sorted(kinds.items())))\n"
    )
    lines = in_a_fresh_process(script, sqlite_env(loaded_dir)).splitlines()

    assert lines[0] == "before False False"
    assert lines[1] == "plan Plan"
    kinds = dict(part.split("=") for part in lines[2].split())
    assert {"domain.case", "domain.plans", "domain.indicators"} <= set(kinds)


def test_every_aggregate_is_found_by_its_topics_in_every_process() -> None:
    """An aggregate is imported with the ledger or named among those imported when read:
    one forgotten in both would leave its stored events unreadable where it was not
    imported."""
    for module in pkgutil.iter_modules(domain.__path__, "domain."):
        import_module(module.name)
    stored = {cls.TOPIC for cls in _subclasses(LedgerAggregate)}
    named = {a.TOPIC for a in AGGREGATES} | {f"{PREFIX}:{n}" for n in IMPORTED_WHEN_READ}
    assert stored == named
    assert not {a.TOPIC for a in AGGREGATES} & {f"{PREFIX}:{n}" for n in IMPORTED_WHEN_READ}


def _subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub} | _subclasses(sub)
    return found
