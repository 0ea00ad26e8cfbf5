"""Proof for auditors: hash-chain verification and daily digests."""

from __future__ import annotations

import strawberry


@strawberry.type
class ProofQuery:
    """Query fields for proving nothing was altered (mixed into `Query`)."""
