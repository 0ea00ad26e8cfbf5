"""The API fixtures of `tests/api` (an app per test over each store, a client per role)."""

from tests.api.conftest import api, container, http, tokens

__all__ = ["api", "container", "http", "tokens"]
