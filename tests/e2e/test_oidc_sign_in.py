"""Sign-in with the organisation's account in a real headless Chromium: a second `kyodo serve`
whose OpenID Connect provider is the fake of tests/oidc/provider.py (a thread of this
process). The page runs the Authorization Code flow with PKCE itself; screenshots are saved
under tests/e2e/screenshots/."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from tests.e2e.browser import provider_away
from tests.e2e.test_journeys import accessible, shot
from tests.oidc.provider import CLIENT_ID, FACILITATOR, Provider

AUDITOR = {"sub": "audit-01", "kyodo_role": "auditor"}


@pytest.fixture
def page(oidc_page: Any) -> Any:
    return oidc_page


def stored(page: Any, key: str) -> Any:
    return page.evaluate(f"sessionStorage.getItem('{key}')")


def sign_in_through_the_provider(page: Any) -> None:
    page.goto("/")
    page.get_by_role("button", name="組織のアカウントでサインイン").click()


def refused(page: Any) -> Any:
    """The sign-in form again, with the alert saying why; signed out, nothing kept."""
    alert = page.locator("#sign-in-error .alert")
    alert.wait_for()
    assert page.locator("#who").is_hidden()
    assert stored(page, "kyodo.token") is None
    assert stored(page, "kyodo.oidc.pending") is None
    assert "?" not in page.url  # the provider's answer taken out of the address
    return alert


def test_a_facilitator_signs_in_with_the_organisation_s_account_and_signs_out(
    page: Any, oidc: Provider, oidc_server: str
) -> None:
    page.goto("/")
    page.wait_for_selector("#oidc-sign-in")
    assert page.get_by_label("トークン").is_visible()  # the paste stays available
    accessible(page)
    shot(page, "oidc-sign-in")
    page.get_by_role("button", name="組織のアカウントでサインイン").click()
    page.wait_for_selector("table.cases caption")
    assert "code=" not in page.url
    assert "state=" not in page.url
    # The provider's user, named as the accounts name it (the demo names its staff).
    page.wait_for_selector("#who-label:has-text('岡田 修')")
    assert (
        page.locator("#who-label").inner_text()
        == "協働ファシリテーター（岡田 修・萩市市民活動センター）"
    )
    assert page.locator("#nav a").all_inner_texts() == [
        "案件",
        "団体",
        "プロボノ",
        "成功事例集",
        "会議",
        "評価指標",
        "推進計画",
        "履歴",
    ]
    numbers = page.locator("table.cases tbody tr td:first-child").all_inner_texts()
    assert numbers  # the cases of the facilitator's centre, and only those
    assert all(number.startswith("萩-") for number in numbers)
    exchanged = oidc.exchanges[-1]
    assert len(exchanged["code_verifier"]) == 43
    assert stored(page, "kyodo.oidc.pending") is None
    accessible(page)
    shot(page, "oidc-facilitator-signed-in")

    page.get_by_role("button", name="サインアウト").click()
    page.wait_for_selector("#oidc-sign-in")
    ended = oidc.sign_outs[-1]
    assert ended["post_logout_redirect_uri"] == oidc_server + "/"
    assert ended["client_id"] == CLIENT_ID
    assert ended["id_token_hint"].count(".") == 2
    assert stored(page, "kyodo.token") is None
    assert stored(page, "kyodo.oidc.idToken") is None


def test_an_auditor_signed_in_by_the_provider_sees_the_auditor_s_menu(
    page: Any, oidc: Provider
) -> None:
    oidc.user = dict(AUDITOR)
    sign_in_through_the_provider(page)
    page.wait_for_selector("#who:not([hidden])")
    assert page.locator("#nav a").all_inner_texts() == [
        "監査",
        "団体",
        "プロボノ",
        "成功事例集",
        "会議",
        "評価指標",
        "推進計画",
        "運用状況",
    ]
    page.goto("/#/cases")
    page.wait_for_selector("#nav a[href='#/audit']")
    assert page.locator("#nav a[href='#/cases']").count() == 0


@pytest.mark.parametrize(
    ("answer", "words", "code"),
    [
        ("access_denied", "サインインが取り消された", "OIDC_PROVIDER_REFUSED"),
        (
            "forged_state",
            "この画面から始めたサインインへの応答ではありません",
            "OIDC_STATE_MISMATCH",
        ),
    ],
    ids=["provider-refuses", "another-state"],
)
def test_a_refused_or_forged_answer_shows_why_and_no_code_is_exchanged(
    page: Any, oidc: Provider, answer: str, words: str, code: str
) -> None:
    oidc.answer = answer
    sign_in_through_the_provider(page)
    alert = refused(page)
    assert words in alert.inner_text()
    assert alert.get_attribute("data-code") == code
    assert oidc.exchanges == []
    shot(page, f"oidc-refused-{answer}")


def test_an_answer_no_sign_in_was_started_for_is_refused(page: Any, oidc: Provider) -> None:
    page.goto("/?code=stolen&state=guessed")
    assert refused(page).get_attribute("data-code") == "OIDC_STATE_MISMATCH"
    assert oidc.exchanges == []


def test_an_id_token_of_another_sign_in_is_refused(page: Any, oidc: Provider) -> None:
    oidc.answer = "other_nonce"
    sign_in_through_the_provider(page)
    assert refused(page).get_attribute("data-code") == "OIDC_NONCE_MISMATCH"
    assert stored(page, "kyodo.oidc.idToken") is None


def test_an_account_without_a_role_of_kyodo_is_refused_by_the_api(
    page: Any, oidc: Provider
) -> None:
    oidc.user = {"sub": "someone", "kyodo_role": "root"}
    sign_in_through_the_provider(page)
    alert = refused(page)
    assert "組織のアカウントでサインインできませんでした" in alert.inner_text()
    assert "認証が必要です" in alert.inner_text()


@pytest.mark.parametrize(
    ("access", "identity", "chosen"),
    [
        ({"aud": "kyodo-api"}, {"aud": "kyodo-page"}, "access"),
        ({"aud": ["account", "kyodo-api"]}, {"aud": "kyodo-page"}, "access"),
        ({"aud": "account"}, {"aud": "kyodo-api"}, "identity"),
        (None, {"aud": "kyodo-api"}, "identity"),
        ({"aud": "account"}, {"aud": "kyodo-page"}, "access"),
    ],
    ids=["access-for-the-api", "access-among-audiences", "identity-for-the-api", "opaque", "none"],
)
def test_the_token_sent_to_the_api_is_the_one_addressed_to_it(
    page: Any, access: dict[str, Any] | None, identity: dict[str, Any], chosen: str
) -> None:
    tokens = {
        "access": unsigned(access) if access else "opaque-token",
        "identity": unsigned(identity),
    }
    page.goto("/web/vendor/README.md")  # any page of the app: its modules load from there
    sent = page.evaluate(
        """async ([access, identity]) => {
            const { tokenForTheApi } = await import("/web/oidc.js");
            return tokenForTheApi({ access_token: access, id_token: identity }, "kyodo-api");
        }""",
        [tokens["access"], tokens["identity"]],
    )
    assert sent == tokens[chosen]


def unsigned(claims: dict[str, Any]) -> str:
    """A JWT's shape with these claims (the page only reads them; the API verifies)."""
    part = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"e30.{part}.c2ln"


def test_a_failed_exchange_leaves_the_user_signed_out(page: Any, oidc: Provider) -> None:
    oidc.refuse_exchange = True
    sign_in_through_the_provider(page)
    alert = refused(page)
    assert "invalid_grant" in alert.inner_text()
    assert alert.get_attribute("data-code") == "OIDC_EXCHANGE_FAILED"


def test_an_expired_provider_token_brings_back_the_sign_in_form(page: Any, oidc: Provider) -> None:
    sign_in_through_the_provider(page)
    page.wait_for_selector("#who:not([hidden])")
    expired = oidc.token(**FACILITATOR, exp=1)
    page.evaluate(f"sessionStorage.setItem('kyodo.token', '{expired}')")
    page.goto("/#/kpi")
    alert = page.locator("#sign-in-error .alert")
    alert.wait_for()
    assert "サインインの有効期限が切れました" in alert.inner_text()
    assert alert.get_attribute("data-code") == "TOKEN_EXPIRED"
    assert page.locator("#sign-out").is_hidden()
    assert page.locator("#oidc-sign-in").is_visible()


def test_with_the_provider_away_only_the_token_paste_is_offered(page: Any, oidc: Provider) -> None:
    provider_away(page, oidc)
    page.goto("/")
    page.wait_for_selector("#oidc-unavailable")
    assert "認証サーバーに接続できない" in page.locator("#oidc-unavailable").inner_text()
    assert page.locator("#oidc-sign-in").count() == 0
    accessible(page)
    shot(page, "oidc-provider-away")
    page.get_by_label("トークン").fill(oidc.token(**FACILITATOR))
    page.get_by_role("button", name="サインイン", exact=True).click()
    page.wait_for_selector("#who:not([hidden])")
