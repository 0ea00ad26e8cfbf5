"""The browser tests' fixtures: one kyodo server per test session (a subprocess on a free port,
a temporary SQLite data directory with the demo data loaded) and Debian's headless Chromium
driven through Playwright; a second server whose sign-in is a fake OpenID Connect provider
(tests/oidc/provider.py). Without Chromium the tests skip, or fail when `CI` is set."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from api.auth import TokenIssuer, new_actor
from api.cli.serve import STOP_OVERDUE
from api.cli.users import DEMO_USERS
from api.oidc import OidcError
from api.sign_in import PageSignIn, ProviderEndpoints, describe
from tests.oidc.provider import AUDIENCE, CLIENT_ID, FACILITATOR, Provider, running

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
REPORTS = Path(__file__).resolve().parents[2] / "reports"  # ignored by git
SECRET = "e2e-secret-for-the-browser-tests-only-0123456789"
CHROMIUM = ("chromium", "chromium-browser", "google-chrome")
SERVE = "from api.cli import main; main()"
FIRST_SCREENS: list[tuple[str, float]] = []
"""(address, milliseconds) of each first screen timed, printed at the end of the run."""


def chromium_path() -> str:
    found = next((shutil.which(name) for name in CHROMIUM if shutil.which(name)), None)
    if found:
        return found
    message = "Chromium is not installed (apt-get install -y chromium): browser tests skipped"
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _get(url: str) -> tuple[int, Any]:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, None
    except OSError:
        return 0, None


def _wait_until_current(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, "kyodo serve exited"
        status, body = _get(f"{base}/readyz")
        if status == 200 and all(m["lagEvents"] == 0 for m in body["readModels"]):
            parked = {m["name"]: m["parked"] for m in body["readModels"] if m.get("parked")}
            assert parked == {}, "read models parked demo events (kyodo projections status)"
            return
        time.sleep(0.2)
    raise AssertionError("the read models did not catch up with the demo data")


@contextmanager
def serving(data_dir: Path, **settings: str) -> Iterator[str]:
    """`kyodo serve` on a free port over the demo data in `data_dir`; its base URL."""
    chromium_path()  # no server without a browser to drive it
    env = {
        **os.environ,
        "KYODO_DATA_DIR": str(data_dir),
        "KYODO_JWT_SECRET": SECRET,
        "KYODO_ENV": "development",
        **settings,
    }
    env.pop("DATABASE_URL", None)
    cli = [sys.executable, "-c", SERVE]
    subprocess.run([*cli, "demo", "load"], env=env, check=True, capture_output=True)
    port = free_port()
    log = data_dir / "serve.log"  # kept: what the server said, should it not stop
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*cli, "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_current(base, process)
        yield base
    finally:
        stop_server(process, log)


def stop_server(process: subprocess.Popen[bytes], log: Path) -> None:
    """SIGTERM, as an operator stops it. The server gives requests ten seconds, its read
    models' threads ten more, and ends itself at 25 s (status 70, every thread's stack in its
    log: `api.cli.serve`). Such a stop is reported, not failed (the pages tested worked; what
    kept the stop waiting is for a person to read): its log's end, with those stacks, is kept
    in `reports/`. A server still running after 30 s is killed and fails the test, with its
    last words."""
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGUSR1)  # its threads' stacks, into the log: where it hangs
        time.sleep(2)
        process.kill()
        process.wait(timeout=10)
        raise AssertionError("kyodo serve did not stop on SIGTERM:\n" + _tail(log)) from None
    if process.returncode == STOP_OVERDUE:
        REPORTS.mkdir(exist_ok=True)
        kept = REPORTS / f"serve-stop-overdue-{os.getpid()}.log"
        kept.write_text(_tail(log), encoding="utf-8")
        print(f"kyodo serve's stop was overdue (status 70): {kept}", file=sys.__stderr__)


def _tail(log: Path, lines: int = 150) -> str:
    return "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(tmp_path_factory.mktemp("e2e-data")) as base:
        yield base


@pytest.fixture(scope="session")
def demo_tokens() -> dict[str, str]:
    """A token per demo user, by role (facilitator, chief_facilitator, meeting, auditor)."""
    issuer = TokenIssuer(SECRET)
    return {
        role: issuer.issue(new_actor(name, role, centre)) for _, name, role, centre in DEMO_USERS
    }


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Chromium, for one module's tests. Not for the session: while Playwright's sync API is
    started, its event loop counts as running in the test process's thread, so any later
    test of that process that calls `asyncio.run` (tests/api/test_reading_threads.py and
    others) fails with "asyncio.run() cannot be called from a running event loop" whenever
    xdist hands it to the worker after a browser test. Stopped with the module, it leaves no
    loop behind; a launch costs well under a second."""
    path = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    with opened_page(browser, server) as opened:
        yield opened


@contextmanager
def opened_page(browser: Any, base: str) -> Iterator[Any]:
    """A fresh browser context on `base` (Japanese, Asia/Tokyo); fails on any script error."""
    context = browser.new_context(
        base_url=base,
        locale="ja-JP",
        timezone_id="Asia/Tokyo",
        viewport={"width": 1280, "height": 900},
        accept_downloads=True,
    )
    context.set_default_timeout(60_000)  # two cores shared with other test runs: be patient
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield opened
    finally:
        context.close()
    assert errors == [], f"script errors on the page: {errors}"


# --- a second server, whose sign-in is the fake OpenID Connect provider's -----------------------


@pytest.fixture(scope="session")
def oidc_provider() -> Iterator[Provider]:
    with running() as given:
        yield given


@pytest.fixture(scope="session")
def oidc_server(oidc_provider: Provider, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    settings = {
        "KYODO_OIDC_ISSUER": oidc_provider.issuer,
        "KYODO_OIDC_AUDIENCE": AUDIENCE,
        "KYODO_OIDC_CLIENT_ID": CLIENT_ID,
    }
    with serving(tmp_path_factory.mktemp("e2e-oidc"), **settings) as base:
        yield base


@pytest.fixture
def oidc(oidc_provider: Provider) -> Provider:
    """The provider as each test expects it first: it signs a facilitator in at once."""
    oidc_provider.user = dict(FACILITATOR)
    oidc_provider.answer = "code"
    oidc_provider.refuse_exchange = False
    oidc_provider.exchanges.clear()
    oidc_provider.sign_outs.clear()
    return oidc_provider


@pytest.fixture
def oidc_page(browser: Any, oidc_server: str, oidc: Provider) -> Iterator[Any]:
    with opened_page(browser, oidc_server) as opened:
        yield opened


def provider_away(page: Any, provider: Provider) -> None:
    """The page is told what the server says with the provider away (the server's own answer,
    built by `api.sign_in`: the running server has the provider's document in its cache)."""

    def away(_: str) -> dict[str, Any]:
        raise OidcError("connection refused")

    settings = PageSignIn(provider.issuer, CLIENT_ID)
    body = describe(settings, ProviderEndpoints(settings, fetch=away))
    page.route("**/auth/config", lambda route: route.fulfill(json=body))
