"""The demo's plan (seed 004): the city's status list, imported by the chief facilitator as
a plan officer, then some demo cases linked by their centre's facilitator to the items they
carry out (`data/plan_links_004.toml`)."""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from uuid import UUID

from application.ledger import Ledger
from application.plan_import import PlanImport, import_status_list
from demo.scripts import DATA
from domain.commands.plan import LinkCaseToPlanItem
from domain.plans import plan_id
from domain.values import CommandContext

PLAN_ITEMS = "plan_items_004.tsv"
"""Seed 004's status list of the city plan's items, as a tab-separated file."""
PLAN_LINKS = "plan_links_004.toml"


def load_plan(
    ledger: Ledger,
    officer: CommandContext,
    facilitator: Callable[[UUID, str], CommandContext],
    case_ids: Mapping[str, UUID],
) -> PlanImport:
    """Import the list as `officer`; link each case as `facilitator(case_id, correlation)`."""
    text = (DATA / PLAN_ITEMS).read_text(encoding="utf-8")
    imported = import_status_list(ledger, officer, text)
    links = tomllib.loads((DATA / PLAN_LINKS).read_text(encoding="utf-8"))
    plan = plan_id(links["plan"])
    for number, key in links["links"]:
        case_id = case_ids[key]
        ctx = facilitator(case_id, f"demo-plan-link-{number}-{key}")
        ledger.handle(ctx, LinkCaseToPlanItem(plan, number, case_id))
    return imported
