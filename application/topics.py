"""Where a stored topic's class comes from: the aggregates every process needs are imported
with the ledger; the others when a topic of theirs is first read.

The library resolves a stored topic (`kyodo:Plan.ItemAdded`) from its cache of topics, which
an aggregate's module fills as it is imported (each event class registers its explicit
topic). A process that never reads a plan, an indicator or a KPI target (a case shown at the
terminal, most commands) need not import them: under the prefix `kyodo` stands a module of
this file's own making, whose attributes are those aggregates, each imported when a topic of
its is first resolved (ADR 2026-12-02-performance, "How a command ends"). Their topics
resolve to the same classes as when they were imported up front; a test reads every topic of
theirs in a process that had not imported them.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

from eventsourcing.utils import register_topic, resolve_topic

PREFIX = "kyodo"

IMPORTED_WHEN_READ = {
    "KpiTargets": "domain.kpi_targets",
    "Plan": "domain.plans",
    "PlanIndicator": "domain.indicators",
}
"""The aggregates (by the name their topics give, `kyodo:<name>`) whose modules are imported
when a topic of theirs is first resolved, not with the ledger."""


class _Aggregates(ModuleType):
    def __getattr__(self, name: str) -> Any:
        module = IMPORTED_WHEN_READ.get(name)
        if module is None:
            raise AttributeError(f"no aggregate is stored under the topic {PREFIX}:{name}")
        importlib.import_module(module)  # registers the aggregate's topic and its events'
        return resolve_topic(f"{PREFIX}:{name}")


register_topic(PREFIX, _Aggregates(PREFIX))
