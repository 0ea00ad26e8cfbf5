"""Demo data for kyodo: realistic collaboration cases drawn from the seeds (Yamaguchi
Prefecture's and its cities' plans), written as the domain's own commands in TOML files
(`demo/data`) and recorded through the Ledger's single entry, `handle`. Not part of the
shipped domain or API."""

from __future__ import annotations

from demo.loader import ContextFactory, DemoSummary, load_demo
from demo.scripts import ALL_CASES, MEETINGS, PARTIES

__all__ = ["ALL_CASES", "MEETINGS", "PARTIES", "ContextFactory", "DemoSummary", "load_demo"]
