"""The API fixtures of tests/api (the app over each store, a client with a token per role)
for the page's API tests, and the browser tests' fixtures (tests/e2e/browser.py)."""

from typing import Any

from tests.api.conftest import api, container, http, tokens
from tests.e2e.browser import (
    FIRST_SCREENS,
    browser,
    demo_tokens,
    oidc,
    oidc_page,
    oidc_provider,
    oidc_server,
    page,
    server,
)

__all__ = [
    "api",
    "browser",
    "container",
    "demo_tokens",
    "http",
    "oidc",
    "oidc_page",
    "oidc_provider",
    "oidc_server",
    "page",
    "server",
    "tokens",
]


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """The first screens' times on the demo data: reported, never asserted."""
    if FIRST_SCREENS:
        terminalreporter.section("first screen, time to visible (demo data)")
        for address, elapsed in FIRST_SCREENS:
            terminalreporter.write_line(f"{elapsed:7.0f} ms  {address}")
