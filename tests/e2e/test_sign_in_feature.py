"""Steps for features/facilitator/sign_in.feature, in a real headless Chromium against the
fake OpenID Connect provider (the fixtures of tests/e2e/browser.py)."""

from __future__ import annotations

from typing import Any

from pytest_bdd import given, parsers, scenarios, then, when

from tests.e2e.browser import provider_away
from tests.oidc.provider import FACILITATOR, Provider

scenarios("facilitator/sign_in.feature")

FACILITATORS = {"萩": FACILITATOR}


@given("組織のアカウントでサインインできる")
def _configured(oidc: Provider, oidc_page: Any) -> None:
    oidc_page.goto("about:blank")


@given(parsers.parse("{centre}のファシリテーターが認証サーバーでサインインを取り消す"))
def _refuses(oidc: Provider, centre: str) -> None:
    oidc.user = dict(FACILITATORS[centre])
    oidc.answer = "access_denied"


@given(parsers.parse("{centre}のファシリテーターが組織のアカウントでサインインした"))
@when(parsers.parse("{centre}のファシリテーターが組織のアカウントでサインインする"))
def _sign_in(oidc: Provider, oidc_page: Any, centre: str) -> None:
    oidc.user = dict(FACILITATORS[centre])
    oidc_page.goto("/")
    oidc_page.get_by_role("button", name="組織のアカウントでサインイン").click()
    oidc_page.wait_for_selector("#who:not([hidden]), #sign-in-error .alert")


@given("認証サーバーに届かない")
def _away(oidc: Provider, oidc_page: Any) -> None:
    provider_away(oidc_page, oidc)


@when("サインインの画面を開く")
def _open(oidc_page: Any) -> None:
    oidc_page.goto("/")
    oidc_page.wait_for_selector("#token")


@when("サインアウトする")
def _sign_out(oidc_page: Any) -> None:
    oidc_page.get_by_role("button", name="サインアウト").click()
    oidc_page.wait_for_selector("#token")


@then("協働ファシリテーターとしてサインインしている")
def _signed_in_as_facilitator(oidc_page: Any) -> None:
    assert oidc_page.locator("#who-label").inner_text().startswith("協働ファシリテーター（")


@then(parsers.parse("{centre}の案件だけが一覧に並ぶ"))
def _own_cases(oidc_page: Any, centre: str) -> None:
    oidc_page.wait_for_selector("table.cases tbody tr")
    numbers = oidc_page.locator("table.cases tbody tr td:first-child").all_inner_texts()
    assert numbers
    assert all(number.startswith(f"{centre}-") for number in numbers)


@then(parsers.parse("「{message}」と伝えられる"))
def _told(oidc_page: Any, message: str) -> None:
    oidc_page.wait_for_selector(f"text={message}")


@then("サインインしていない")
def _signed_out(oidc_page: Any) -> None:
    oidc_page.wait_for_selector("#token")
    assert oidc_page.locator("#who").is_hidden()
    assert oidc_page.evaluate("sessionStorage.getItem('kyodo.token')") is None


@then("認証サーバーでもサインアウトしている")
def _provider_signed_out(oidc: Provider) -> None:
    assert len(oidc.sign_outs) == 1


@then("組織のアカウントでサインインするボタンはない")
def _no_button(oidc_page: Any) -> None:
    assert oidc_page.locator("#oidc-sign-in").count() == 0


@then(parsers.parse("{centre}のファシリテーターはトークンを貼り付けてサインインできる"))
def _paste(oidc: Provider, oidc_page: Any, centre: str) -> None:
    oidc_page.get_by_label("トークン").fill(oidc.token(**FACILITATORS[centre]))
    oidc_page.get_by_role("button", name="サインイン", exact=True).click()
    oidc_page.wait_for_selector("#who:not([hidden])")
