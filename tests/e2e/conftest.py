"""The API fixtures of tests/api (the app over each store, a client with a token per role)
for the page's API tests, and the browser tests' fixtures (tests/e2e/browser.py)."""

from tests.api.conftest import api, container, http, tokens
from tests.e2e.browser import browser, demo_tokens, page, server

__all__ = ["api", "browser", "container", "demo_tokens", "http", "page", "server", "tokens"]
