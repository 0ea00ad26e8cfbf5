"""Builds a Ledger from settings. The one place that knows which store is in use."""

from __future__ import annotations

from application.ledger import Ledger
from persistence.settings import Settings


def build_ledger(settings: Settings) -> Ledger:
    if settings.database_url is None:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    cls = Ledger if settings.ledger_name == "Ledger" else Ledger.for_tenant(settings.ledger_name)
    ledger = cls(env=settings.ledger_env())
    if settings.database_url is not None:
        from persistence.postgres import fit_pool  # the driver, loaded for PostgreSQL only

        fit_pool(ledger, settings.connect_timeout)
    return ledger
