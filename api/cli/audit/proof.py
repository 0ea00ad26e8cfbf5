"""`kyodo audit` commands: proof."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to the `kyodo audit` group."""
