"""Personal data (APPI): who read it, for auditors."""

from __future__ import annotations

import strawberry


@strawberry.type
class PersonalDataQuery:
    """Query fields about personal data (mixed into `Query`)."""
