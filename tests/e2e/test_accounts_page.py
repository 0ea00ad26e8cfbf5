"""The administrator's page (利用者) in a real headless Chromium on the demo data: the accounts
with their names, a user added and their token shown once, that token signing in, a name
changed, and every token of the user revoked so that it no longer does."""

from __future__ import annotations

from typing import Any

from api.auth import TokenIssuer, new_actor
from tests.e2e.browser import SECRET, opened_page
from tests.e2e.test_journeys import accessible, first_screen, sign_in


def admin_token() -> str:
    return TokenIssuer(SECRET).issue(new_actor("admin-e2e", "admin", None))


def account_row(page: Any, user_id: str) -> Any:
    return page.locator(f'table.accounts tr[data-user="{user_id}"]')


def test_an_administrator_adds_a_user_who_signs_in_until_their_tokens_are_revoked(
    page: Any, browser: Any, server: str
) -> None:
    sign_in(page, admin_token())
    assert page.locator("#nav a").all_inner_texts() == ["利用者", "個人情報の消去", "運用状況"]
    first_screen(page, "/#/accounts", "table.accounts tbody tr")
    cells = account_row(page, "fac-yamaguchi-01").locator("td").all_inner_texts()
    assert cells[1:4] == ["山本 さくら", "協働ファシリテーター", "山口市市民活動支援センター"]
    accessible(page)

    page.locator("#add-user summary").click()
    form = page.locator("#add-user form")
    # an auditor: a facilitator added here would join the facilitators other tests count
    form.get_by_label("役割（必須）").select_option(label="監査人")
    form.get_by_label("利用者ID（必須）").fill("   ")  # no id at all
    form.get_by_role("button", name="トークンを発行する").click()
    form.locator(".alert").wait_for()
    assert form.locator(".alert").get_attribute("data-code") == "invalid_user_id"
    assert page.locator("#issued-value").count() == 0  # nothing issued
    form.get_by_label("利用者ID（必須）").fill("audit-hagi-09")
    form.get_by_label("氏名", exact=True).fill("萩野 みどり")
    form.get_by_role("button", name="トークンを発行する").click()
    page.wait_for_selector("#issued-value")
    token = page.locator("#issued-value").input_value()
    assert token.count(".") == 2  # a JWT, to hand over
    row = account_row(page, "audit-hagi-09")
    assert row.locator("td").all_inner_texts()[1:5] == [
        "萩野 みどり",
        "監査人",
        "—",
        "1件",
    ]

    with opened_page(browser, server) as newcomer:
        sign_in(newcomer, token)
        who = newcomer.locator("#who-label")
        who.filter(has_text="萩野 みどり").wait_for()
        assert who.inner_text() == "監査人（萩野 みどり）"

    row.get_by_role("button", name="audit-hagi-09の氏名を変更").click()
    page.locator("tr.editing").get_by_label("氏名").fill("萩野 翠")
    page.locator("tr.editing").get_by_role("button", name="氏名を記録する").click()
    page.wait_for_selector('tr[data-user="audit-hagi-09"] td:has-text("萩野 翠")')
    assert page.locator("#issued-value").count() == 0  # shown once: gone with the next drawing

    account_row(page, "audit-hagi-09").get_by_role(
        "button", name="audit-hagi-09のトークンを失効"
    ).click()
    page.locator("tr.editing").get_by_role("button", name="失効させる").click()
    page.wait_for_selector('tr[data-user="audit-hagi-09"] td:has-text("0件")')
    with opened_page(browser, server) as refused:
        refused.goto("/")
        refused.get_by_label("トークン").fill(token)
        refused.get_by_role("button", name="サインイン").click()
        alert = refused.locator("#sign-in-error .alert")
        alert.wait_for()
        assert "サインインできませんでした" in alert.inner_text()
