"""A request the API itself refuses, outside the domain's rules: a Japanese message and a
stable code (clients match on the code)."""

from __future__ import annotations


class Refusal(ValueError):
    """A request that cannot be carried out: `message` in Japanese, `code` stable."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
