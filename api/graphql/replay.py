"""Replay for auditors: a case's history, a case as it stood on either time axis, the
library as it stood at the end of a day."""

from __future__ import annotations

import strawberry


@strawberry.type
class ReplayQuery:
    """Query fields for replaying histories (mixed into `Query`)."""
