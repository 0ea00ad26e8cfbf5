"""The API fixtures of tests/api (the app over each store, a client with a token per role)
for the page's API tests here; the browser's fixtures are in tests/e2e/browser.py."""

from tests.api.conftest import api, container, http, tokens

__all__ = ["api", "container", "http", "tokens"]
