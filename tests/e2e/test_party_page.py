"""A party's own page (団体) in a real headless Chromium on the demo data: a facilitator reads
the party's facts and cases, and its contact details only after giving a reason; the auditor
finds that read (who, role, why) in the party's log; the facilitator receives a request to
erase the party's personal data (消去請求), which the admin, who reads neither the directory
nor any case, finds among the requests that wait, reads the same log and erases (個人情報の
消去), or decides not to with a reason that the facilitator then reads on the party's page."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from api.auth import TokenIssuer, new_actor
from tests.e2e.browser import SECRET, opened_page
from tests.e2e.test_accounts_page import admin_token
from tests.e2e.test_journeys import accessible, first_screen, posted, shot, sign_in

PARTY = "山口市社会福祉協議会"
REASON = "円卓会議の日程調整のため"


def open_party(page: Any, name: str) -> None:
    first_screen(page, "/#/parties", "table.parties tbody tr")
    page.get_by_label("団体名").fill(name)
    page.get_by_role("button", name="絞り込む").click()
    page.locator("table.parties a", has_text=name).click()
    page.wait_for_selector("#party-facts")
    assert page.locator("#view h1").inner_text() == name


def facts(page: Any) -> dict[str, str]:
    terms = page.locator("#party-facts dt").all_inner_texts()
    return dict(zip(terms, page.locator("#party-facts dd").all_inner_texts(), strict=True))


def test_a_contact_read_with_a_reason_is_logged_for_the_auditor_and_erased_by_an_admin(
    page: Any, browser: Any, server: str, demo_tokens: dict[str, str]
) -> None:
    sign_in(page, demo_tokens["facilitator"])
    open_party(page, PARTY)
    assert facts(page)["種別"] == "社会福祉協議会"
    assert facts(page)["個人情報"] == "暗号化して保管（閲覧には理由が必要）"
    cases = page.locator("#party-cases tbody tr").all_inner_texts()
    assert cases
    assert all(c.startswith("山口-") for c in cases)  # its centre's cases only
    first = page.locator("#party-cases tbody tr").first.locator("a")
    assert first.get_attribute("href") == f"#/cases/{quote(first.inner_text())}"
    # no reason, no contact: nothing is read or logged
    page.get_by_role("button", name="連絡先を表示する").click()
    alert = page.locator("#party-contact .alert")
    alert.wait_for()
    assert alert.get_attribute("data-code") == "reason_required"
    assert page.locator("#party-contact-shown dd").count() == 0
    page.get_by_label("閲覧の理由（必須）").fill(REASON)
    page.get_by_role("button", name="連絡先を表示する").click()
    page.wait_for_selector("#party-contact-shown dd")
    shown = page.locator("#party-contact-shown").inner_text()
    assert "地域福祉課 岡本 健" in shown
    assert "chiiki@shakyo.example.jp" in shown
    accessible(page)
    shot(page, "party")

    with opened_page(browser, server) as auditor:
        sign_in(auditor, demo_tokens["auditor"])
        open_party(auditor, PARTY)
        assert auditor.locator("#party-contact").count() == 0  # auditors read no contact
        assert auditor.locator("#party-change").count() == 0
        assert auditor.locator("#party-erasure-request").count() == 0
        assert (
            auditor.locator("#party-verification .ok")
            .inner_text()
            .startswith("✓ 改ざんは見つかりませんでした")
        )
        # the prefecture's log of reads, the latest first, each party named and opened
        first_screen(auditor, "/#/audit", "nav.tabs")
        auditor.get_by_role("link", name="個人情報の閲覧記録").click()
        logged = auditor.locator("#reads-log tbody tr", has_text=REASON).first
        logged.wait_for()
        cells = logged.locator("td").all_inner_texts()
        assert cells[1:4] == ["山本 さくら（協働ファシリテーター）", PARTY, REASON]
        auditor.get_by_label("閲覧者").select_option(label="山本 さくら（協働ファシリテーター）")
        auditor.get_by_role("button", name="絞り込む").click()
        auditor.wait_for_selector("#reads-log:not([data-reader=''])")  # the narrowed log
        readers = auditor.locator("#reads-log tbody td:nth-child(2)").all_inner_texts()
        assert set(readers) == {"山本 さくら（協働ファシリテーター）"}
        logged = auditor.locator("#reads-log tbody tr", has_text=REASON).first
        logged.get_by_role("link", name=PARTY).click()
        auditor.wait_for_selector("#party-history")
        registered = auditor.locator("#party-history tr[data-version='1']")
        assert "社会福祉協議会として登録しました" in registered.inner_text()
        link = auditor.locator("#party-cases tbody tr").first.locator("a")
        assert link.get_attribute("href") == f"#/audit/{quote(link.inner_text())}"
        read = auditor.locator("#party-reads tbody tr", has_text=REASON)
        assert read.locator("td").all_inner_texts()[1:4] == [
            "山本 さくら",
            "協働ファシリテーター",
            REASON,
        ]
        accessible(auditor)

    # the request to erase, received on the party's page, waits for the admin
    party_id = page.url.split("#/parties/")[1]
    receive_erasure_request(page, "窓口で本人確認のうえ受付")
    pending = page.locator("#erasure-pending")
    assert "管理者の対応を待っています" in pending.inner_text()
    assert "受付の記録：窓口で本人確認のうえ受付" in pending.inner_text()
    assert page.locator("[data-panel=RequestPersonalDataErasure]").count() == 0
    with opened_page(browser, server) as admin:
        sign_in(admin, admin_token())
        assert admin.locator("#nav a").all_inner_texts() == ["利用者", "個人情報の消去", "運用状況"]
        first_screen(admin, "/#/erasure", "#erasure-queue")
        demo = admin.locator("#erasure-queue tr", has_text="本人から電話で依頼")  # the demo's
        assert demo.locator("td").nth(1).inner_text() == "プロボノワーカー（個人）"
        row = admin.locator(f"#erasure-queue tr[data-party='{party_id}']")
        assert row.locator("td").all_inner_texts()[1:4] == [
            "社会福祉協議会",
            "山本 さくら",
            "窓口で本人確認のうえ受付",
        ]
        accessible(admin)
        shot(admin, "erasure-queue")
        row.get_by_role("link").click()
        read = admin.locator("#party-reads tbody tr", has_text=REASON)
        read.wait_for()
        assert read.locator("td").all_inner_texts()[1:4] == [
            "山本 さくら",
            "協働ファシリテーター",
            REASON,
        ]
        erase = admin.locator("#party-erase")
        erase.get_by_label("消去の理由（必須）").fill("本人からの削除請求")
        erase.get_by_role("button", name="個人情報の消去を記録する").click()
        erase.locator(".alert").wait_for()  # irreversible: not without the box ticked
        assert erase.locator(".alert").get_attribute("data-code") == "confirmation_required"
        accessible(admin)
        erase.get_by_label("元に戻せないことを確認しました").check()
        erase.get_by_role("button", name="個人情報の消去を記録する").click()
        admin.wait_for_selector("#erased")
        admin.get_by_role("link", name="消去請求の一覧へ").first.click()
        admin.wait_for_selector("#erasure-queue")
        assert admin.locator(f"#erasure-queue tr[data-party='{party_id}']").count() == 0
        admin.goto(f"/#/erasure?party={party_id}")
        # asked again: the ledger refuses it, saying why
        admin.reload()
        erase = admin.locator("#party-erase")
        erase.wait_for()
        assert admin.locator("#erasure-no-request").count() == 1
        erase.get_by_label("消去の理由（必須）").fill("本人からの削除請求")
        erase.get_by_label("元に戻せないことを確認しました").check()
        erase.get_by_role("button", name="個人情報の消去を記録する").click()
        erase.locator(".alert").wait_for()
        assert erase.locator(".alert").get_attribute("data-code") == "personal_data_erased"

    with opened_page(browser, server) as auditor:  # an erasure leaves the party's chain whole
        sign_in(auditor, demo_tokens["auditor"])
        auditor.goto(f"/#/parties/{party_id}")
        verified = auditor.locator("#party-verification .ok")
        verified.wait_for()
        assert verified.inner_text().startswith("✓ 改ざんは見つかりませんでした")
        assert "消去しました" in auditor.locator("#party-history tbody tr").first.inner_text()

    page.reload()
    page.wait_for_selector("#party-contact:has-text('消去済みです')")
    assert facts(page)["個人情報"] == "消去済み"
    assert page.locator("#contact-form").count() == 0
    assert page.locator("[data-panel=ChangeContactDetails]").count() == 0
    assert page.locator("#party-erasure-request").count() == 0


def receive_erasure_request(page: Any, note: str) -> None:
    panel = page.locator("[data-panel=RequestPersonalDataErasure]")
    panel.locator("summary").click()
    panel.get_by_label("受付の記録（個人情報は書かない）").fill(note)
    panel.get_by_role("button", name="消去請求の受付を記録する").click()
    page.wait_for_selector("#erasure-pending")


def test_the_admin_decides_not_to_erase_and_the_facilitator_reads_why(
    page: Any, browser: Any, server: str, demo_tokens: dict[str, str]
) -> None:
    sign_in(page, demo_tokens["facilitator"])
    open_party(page, "NPO法人 やまぐち自然あそびの会")
    party_id = page.url.split("#/parties/")[1]
    with opened_page(browser, server) as admin:
        sign_in(admin, admin_token())
        # a party without a request opens by its ID: it may be erased, not declined
        first_screen(admin, f"/#/erasure?party={party_id}", "#party-reads")
        assert admin.locator("#erasure-no-request").count() == 1
        assert admin.locator("#party-decline").count() == 0
        receive_erasure_request(page, "代理人（理事長）から書面で")
        first_screen(admin, "/#/accounts", "#erasure-waiting")  # told where the admin lands
        admin.get_by_role("link", name="消去請求に対応する").click()
        admin.wait_for_selector("#erasure-queue")
        admin.locator(f"#erasure-queue tr[data-party='{party_id}'] a").click()
        admin.wait_for_selector("#erasure-request")
        assert "山本 さくら" in admin.locator("#erasure-request").inner_text()
        decline = admin.locator("#party-decline")
        decline.get_by_role("button", name="消去しない旨の決定を記録する").click()
        decline.locator(".alert").wait_for()  # a decision without its reason is refused
        refusal = decline.locator(".alert")
        assert "消去しない理由" in refusal.inner_text()
        code = refusal.get_attribute("data-code")
        assert code
        assert f"コード: {code}" in refusal.inner_text()  # shown, to quote to support
        decline.get_by_label("消去しない理由（必須）").fill("補助金の実績報告のため保存が必要")
        decline.get_by_role("button", name="消去しない旨の決定を記録する").click()
        admin.wait_for_selector("#erasure-queue")
        assert admin.locator(f"#erasure-queue tr[data-party='{party_id}']").count() == 0

    with opened_page(browser, server) as auditor:  # the prefecture's record of requests
        sign_in(auditor, demo_tokens["auditor"])
        first_screen(auditor, "/#/audit/erasures", "#erasure-records")
        answered = auditor.locator("#erasure-records tr", has_text="やまぐち自然あそびの会")
        cells = answered.first.locator("td").all_inner_texts()
        assert cells[2] == "山本 さくら"
        assert cells[3].startswith("消去しない旨を決定（")
        assert cells[4] in {"0日", "1日"}  # received and answered today (a midnight between)
        assert cells[5].startswith("補助金の実績報告のため保存が必要")
        waiting = auditor.locator("#erasure-records tr", has_text="本人から電話で依頼")  # demo's
        assert "対応待ち" in waiting.inner_text()
        accessible(auditor)

    page.reload()
    declined = page.locator("#erasure-declined")
    declined.wait_for()
    assert "理由：補助金の実績報告のため保存が必要" in declined.inner_text()
    assert facts(page)["個人情報"] != "消去済み"
    assert page.locator("[data-panel=RequestPersonalDataErasure] summary").inner_text() == (
        "新たな消去請求を受け付ける"
    )
    latest = page.locator("#party-history tbody tr").first  # the party's history, latest first
    assert "消去しない旨を決定しました：補助金の実績報告のため保存が必要" in latest.inner_text()
    assert "管理者" in latest.inner_text()
    accessible(page)


def test_the_chief_changes_a_party_s_consent_to_the_library_and_back(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    sign_in(page, demo_tokens["chief_facilitator"])
    open_party(page, "NPO法人 ひとり親ネットやまぐち")
    assert page.locator("#party-cases tbody tr").count() >= 1
    for now in ("同意なし", "同意あり"):  # the form offers the other value, then back
        panel = page.locator("[data-panel=ChangePublicationConsent]")
        panel.locator("summary").click()
        assert panel.get_by_label("公開への同意（必須）").is_checked() is (now == "同意あり")
        panel.get_by_role("button", name="公開への同意の変更を記録する").click()
        page.wait_for_selector(f"#party-facts dd:has-text('{now}')")


def test_the_chief_changes_a_party_s_fields_of_activity(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    sign_in(page, demo_tokens["chief_facilitator"])
    open_party(page, "NPO法人 ひとり親ネットやまぐち")
    before = facts(page)["活動分野"]
    panel = page.locator("[data-panel=ChangePartyFields]")
    panel.locator("summary").click()
    boxes = panel.locator("input[type=checkbox]")
    checked = [b.get_attribute("value") for b in boxes.all() if b.is_checked()]
    assert checked  # the party's fields now, ticked
    panel.get_by_role("button", name="活動分野の変更を記録する").click()
    alert = panel.locator(".alert")
    alert.wait_for()  # nothing changed: refused, and said why
    assert "活動分野は今と同じです" in alert.inner_text()
    panel.get_by_label("観光", exact=True).check()
    panel.get_by_role("button", name="活動分野の変更を記録する").click()
    page.wait_for_selector("#party-facts dd:has-text('観光')")
    assert facts(page)["活動分野"] == before + "、観光"
    latest = page.locator("#party-history tbody tr").first
    assert "活動分野を変更しました" in latest.inner_text()
    panel = page.locator("[data-panel=ChangePartyFields]")  # and back, for the other tests
    panel.locator("summary").click()
    panel.get_by_label("観光", exact=True).uncheck()
    panel.get_by_role("button", name="活動分野の変更を記録する").click()
    page.wait_for_function("!document.querySelector('#party-facts').innerText.includes('観光')")


def test_a_facilitator_of_another_centre_reads_none_of_its_cases_and_may_not_change_it(
    page: Any,
) -> None:
    sign_in(page, TokenIssuer(SECRET).issue(new_actor("fac-ube-e2e", "facilitator", "ube")))
    open_party(page, "NPO法人 ひとり親ネットやまぐち")
    assert page.locator("#party-cases tbody tr").inner_text() == "閲覧できる案件はありません"
    assert page.locator("#party-history").count() == 0  # another centre's party's history
    joined = re.findall(r"これまで (\d+)件", facts(page)["案件への参加"])  # other tests add some
    assert f"ほかに{joined[0]}件（他のセンターの案件）" in page.locator("#party-cases").inner_text()
    panel = page.locator("[data-panel=ChangePublicationConsent]")
    panel.locator("summary").click()
    panel.get_by_role("button", name="公開への同意の変更を記録する").click()
    alert = panel.locator(".alert")
    alert.wait_for()
    assert "他のセンターが登録した団体です" in alert.inner_text()
    assert facts(page)["事例集への掲載"] == "同意あり"


def test_a_party_registered_from_the_directory_opens_on_its_own_page(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    sign_in(page, demo_tokens["facilitator"])
    first_screen(page, "/#/parties", "table.parties tbody tr")
    page.get_by_role("link", name="団体を登録").click()
    form = page.locator("form.step-form")
    form.get_by_label("種別（必須）").select_option(
        label="ボランティア団体・市民活動団体（任意団体）"
    )
    form.get_by_label("団体名（必須）").fill("湯田温泉まち歩きの会")
    form.get_by_label("担当者名").fill("湯田 一郎")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("#party-facts")
    assert page.locator("#view h1").inner_text() == "湯田温泉まち歩きの会"
    assert facts(page)["市町"] == "山口市"  # the facilitator's centre's city, chosen already
    assert page.locator("#party-cases tbody tr").inner_text() == "閲覧できる案件はありません"
    page.get_by_role("link", name="団体一覧へ").click()
    page.wait_for_selector("table.parties")


def test_an_address_that_names_no_party_says_so(page: Any, demo_tokens: dict[str, str]) -> None:
    sign_in(page, demo_tokens["facilitator"])
    found = posted(page, "{ cases(first: 1) { edges { node { id } } } }", {})
    case_id = found["cases"]["edges"][0]["node"]["id"]
    page.goto(f"/#/parties/{case_id}")  # a case's ID, not a party's
    page.wait_for_selector("h1:has-text('団体が見つかりません')")
    page.goto("/#/parties/not-an-id")
    page.wait_for_selector("h1:has-text('表示できません')")
    assert page.locator("#view .alert").get_attribute("data-code") == "BAD_USER_INPUT"
