"""運用状況 in a real headless Chromium, over a server of its own (a parked event would touch
the shared one): the admin sees each read model and an event the timeline parked, applies it
again (it fails again, and says why) and leaves it out; an auditor sees no such buttons and
verifies every chain now, which names the case whose chain the poisoned note broke. And the
note every page shows while the read models catch up after a start."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from api.auth import TokenIssuer, new_actor
from persistence.settings import Settings
from persistence.wiring import build_ledger
from tests.e2e.browser import SECRET, opened_page, serving
from tests.e2e.test_journeys import accessible, shot, sign_in
from tests.faults.poison import store_note_with_lone_surrogate


@pytest.fixture(scope="module")
def poisoned_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    data_dir = Path(tmp_path_factory.mktemp("e2e-system"))
    with serving(data_dir) as base:
        ledger = build_ledger(Settings(data_dir=data_dir))
        try:
            position = store_note_with_lone_surrogate(ledger, ledger.find_case("山口-2025-001"))
        finally:
            ledger.close()
        yield base, position


def _token(user: str, role: str) -> str:
    return TokenIssuer(SECRET).issue(new_actor(user, role, None))


def _parked_row(page: Any, position: int) -> Any:
    """The parked event's row, once the timeline has parked it (the page drawn again)."""
    row = page.locator(f'#system-parked tr[data-position="{position}"]')
    for _ in range(50):
        if row.count():
            return row
        page.wait_for_timeout(200)
        page.reload()
        page.wait_for_selector("#system-models")
    raise AssertionError("the parked event never showed")


def test_the_admin_sees_a_parked_event_and_leaves_it_out(
    browser: Any, poisoned_server: tuple[str, int]
) -> None:
    base, position = poisoned_server
    with opened_page(browser, base) as page:
        sign_in(page, _token("admin-e2e", "admin"))
        page.get_by_role("link", name="運用状況").click()
        page.wait_for_selector("#system-models")
        models = page.locator("#system-models tbody th").all_inner_texts()
        assert any(m.startswith("案件一覧") for m in models)
        assert any(m.startswith("成功事例集") for m in models)
        row = _parked_row(page, position)
        assert "UnicodeEncodeError" in row.inner_text()
        assert page.locator("#system-ready").count() == 1  # parked events keep it ready
        accessible(page)
        shot(page, "system-status-parked")

        row.get_by_role("button", name="もう一度取り込む").click()
        alert = page.locator("#system-parked-error .alert")
        alert.wait_for()
        assert alert.get_attribute("data-code") == "failed_again"
        assert "UnicodeEncodeError" in alert.inner_text()

        row.get_by_role("button", name="除外する").click()
        page.wait_for_selector(
            f'#system-parked tr[data-position="{position}"] td:has-text("除外済み")'
        )
        timeline = page.locator('#system-models tr[data-model="timeline"] td').all_inner_texts()
        assert timeline[4] == "0"  # parked no more
        assert page.get_by_role("button", name="すべての記録を今すぐ検証する").count() == 0


def test_an_auditor_verifies_every_chain_and_resolves_nothing(
    browser: Any, poisoned_server: tuple[str, int]
) -> None:
    base, _ = poisoned_server
    with opened_page(browser, base) as page:
        sign_in(page, _token("audit-e2e", "auditor"))
        page.goto("/#/system")
        page.wait_for_selector("#system-models")
        assert page.get_by_role("button", name="除外する").count() == 0
        last = page.locator("#system-last-verification")
        assert "まだ行われていません" in last.inner_text()
        page.get_by_role("button", name="すべての記録を今すぐ検証する").click()
        result = page.locator("#system-verify-result p")
        result.wait_for()
        # The poisoned note was stored past the ledger, with no link in the case's chain:
        # the verification finds it, as it would any event written behind kyodo's back.
        assert result.inner_text().endswith("1件で改ざんが見つかりました")
        broken = page.locator("#system-verify-result li").all_inner_texts()
        assert len(broken) == 1
        assert "山口-2025-001" in broken[0]
        assert "1件で改ざんが見つかりました" in last.inner_text()
        accessible(page)


def test_the_page_says_while_the_read_models_catch_up_and_draws_the_view_again_after(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    """Just after a start over a loaded store (here /readyz answered by the test): a note
    above the view, gone once the read models have caught up, the view then drawn again."""
    behind = ["library", "kpi"]

    def readyz(route: Any) -> None:
        body = {"ready": not behind, "catchingUp": list(behind), "readModels": []}
        route.fulfill(
            status=503 if behind else 200,
            content_type="application/json",
            body=json.dumps(body),
        )

    page.route("**/readyz", readyz)
    sign_in(page, demo_tokens["meeting"])
    page.wait_for_selector("#view h1")
    note = page.locator("#warming")
    note.wait_for(state="visible")
    assert "あと2件の読み取りモデル" in note.inner_text()
    page.evaluate("document.querySelector('#view h1').dataset.before = 'yes'")
    accessible(page)

    behind.clear()
    note.wait_for(state="hidden")
    page.wait_for_selector("#view h1:not([data-before])")  # drawn again, with what is there now
