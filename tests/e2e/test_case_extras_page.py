"""Steps recorded from a case's page whose answer is not the case's: a pro bono match with a
worker of the bank (a worker's steps) and tying the case to a plan item (a plan's step). Each
picker offers what its rule accepts, the overview shows the result, and nothing is reported
as refused that was recorded. On a case made for the test, so that no other test's case moves."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote
from uuid import uuid4

from tests.e2e.browser import opened_page
from tests.e2e.test_journeys import accessible, fact, posted, record, sign_in


def new_case(page: Any, title: str) -> dict[str, Any]:
    parties = posted(page, "{ parties(first: 100) { edges { node { id name } } } }", {})
    ids = {e["node"]["name"]: e["node"]["id"] for e in parties["parties"]["edges"]}
    found: dict[str, Any] = posted(
        page,
        "mutation($input: ReceiveConsultationInput!) { receiveConsultation(input: $input, "
        "waitForReadModels: true) { ... on CasePayload { caseId number } } }",
        {
            "input": {
                "title": title,
                "issueStatement": "団体の広報が追いつかない",
                "municipality": "山口市",
                "fields": ["まちづくり"],
                "sdgs": [11],
                "centre": "yamaguchi",
                "initiatingPartyId": ids["NPO法人 ひとり親ネットやまぐち"],
                "occurredOn": "2026-10-01",
            }
        },
    )["receiveConsultation"]
    return found


def opened_case(page: Any, token: str, title: str) -> dict[str, Any]:
    """Signed in with `token`, a new case of 山口市's centre open on its page."""
    sign_in(page, token)
    case = new_case(page, title)
    page.goto("/#/cases/" + quote(case["number"]))
    page.wait_for_selector('#timeline li[data-version="1"]')
    return case


def recorded(page: Any, form: Any, notice: str = "記録しました") -> None:
    """`form` sent and recorded: the notice says so, no alert says otherwise."""
    form.locator("button[type=submit]").click()
    page.wait_for_selector(f"#step-form .notice:has-text('{notice}')")
    assert page.locator("#step-form .alert").count() == 0


def test_a_facilitator_asks_for_pro_bono_help_and_follows_the_match_to_its_end(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    opened_case(page, demo_tokens["facilitator"], "子育てサークルの広報づくり")

    form = record(page, "プロボノの依頼")
    form.get_by_label("スキル（必須）").select_option(label="広報・デザイン")  # not a code to type
    form.get_by_label("必要な時間").fill("12")
    form.get_by_label("依頼の内容").fill("活動紹介チラシのデザイン")
    recorded(page, form, "版2")
    needs = page.locator("#case-pro-bono-needs").inner_text()
    assert needs.startswith("広報・デザイン 12時間：活動紹介チラシのデザイン")

    form = record(page, "プロボノのマッチング提案")
    workers = form.get_by_label("団体（必須）").locator("option").all_inner_texts()
    # the bank's active workers only (not every party), those with the skill first, each told
    # apart by city, skills and hours, never by name
    assert workers
    assert all(w.startswith("プロボノワーカー（個人）") for w in workers)
    assert "広報・デザイン" in workers[0]
    assert "月10時間まで" in workers[0]
    assert form.get_by_label("スキル（必須）").input_value() == "pr_design"
    form.get_by_label("依頼する時間").fill("12")
    recorded(page, form)
    assert page.locator("#step-form .notice").inner_text() == "記録しました"  # no case version
    row = page.locator("#case-overview table.case-pro-bono tbody tr")
    assert row.locator("td").all_inner_texts()[1:3] == ["広報・デザイン", "12時間（依頼）"]
    assert row.locator("td").nth(3).inner_text().startswith("提案中")

    form = record(page, "プロボノのマッチング承諾")
    assert form.get_by_label("団体（必須）").locator("option").all_inner_texts() == [workers[0]]
    recorded(page, form)
    assert row.locator("td").nth(3).inner_text().startswith("承諾")

    form = record(page, "プロボノ活動の完了")
    form.get_by_label("活動した時間").fill("10")
    recorded(page, form)
    assert row.locator("td").nth(2).inner_text() == "10時間（活動）／12時間（依頼）"
    assert row.locator("td").nth(3).inner_text().startswith("完了")
    # nothing left to complete: the picker says so rather than offer a worker
    form = record(page, "プロボノ活動の完了")
    offered = form.get_by_label("団体（必須）").locator("option").all_inner_texts()
    assert offered == ["（該当する団体はありません）"]
    accessible(page)


def test_a_facilitator_ties_the_case_to_a_plan_item_from_the_case_page(
    page: Any, browser: Any, server: str, demo_tokens: dict[str, str]
) -> None:
    another = f"防府市協働推進計画（案件の頁の試験 {uuid4().hex[:8]}）"
    with opened_page(browser, server) as chief:  # another city's plan, and the prefecture's
        sign_in(chief, demo_tokens["chief_facilitator"])
        registered = posted(
            chief,
            "mutation($i: RegisterPlanInput!) { registerPlan(input: $i) { __typename } }",
            {"i": {"name": another, "municipality": "防府市"}},
        )
        assert registered["registerPlan"]["__typename"] == "PlanPayload"
    opened_case(page, demo_tokens["facilitator"], "地域の広報紙づくり")
    assert fact(page, "推進計画の項目") == "—"
    form = record(page, "案件と推進項目の結び付け")
    # the plan by its name, not an ID to paste: the case's city's plans and the prefecture's
    plans = form.get_by_label("計画（必須）")
    offered = plans.locator("option").all_inner_texts()
    assert "山口市協働推進プラン" in offered
    assert another not in offered
    plans.select_option(label="山口市協働推進プラン")
    form.get_by_label("推進項目の番号（必須）").fill("29")
    recorded(page, form)
    page.wait_for_selector("#case-plan-items li")
    assert (
        fact(page, "推進計画の項目")
        == "山口市協働推進プラン No.29 地域コミュニティの情報発信の支援"
    )
    # an item the plan does not have: the rule's message, nothing tied
    form = record(page, "案件と推進項目の結び付け")
    form.get_by_label("推進項目の番号（必須）").fill("999")
    form.locator("button[type=submit]").click()
    alert = page.locator("#step-form .alert")
    alert.wait_for()
    assert "999" in alert.inner_text()
    assert len(page.locator("#case-plan-items li").all_inner_texts()) == 1


def test_a_case_changes_hands_from_its_page(page: Any, demo_tokens: dict[str, str]) -> None:
    opened_case(page, demo_tokens["facilitator"], "商店街の空き店舗活用")
    assert fact(page, "担当") == "山本 さくら"
    form = record(page, "担当ファシリテーターの変更")
    form.get_by_label("担当ファシリテーター（必須）").fill("chief-pref-01")  # offered by name
    form.locator("button[type=submit]").click()
    page.wait_for_selector('#timeline li[data-version="2"]')
    page.wait_for_function(
        "() => [...document.querySelectorAll('#case-overview dd')]"
        ".some((d) => d.textContent === '藤田 真理子')"
    )
    assert fact(page, "担当") == "藤田 真理子"
    handed = page.locator('#timeline li[data-version="2"] .summary').inner_text()
    assert handed == "担当ファシリテーターを藤田 真理子に変更しました"  # by name, not by id
    # and back: other tests count the centre's cases by who is in charge of them
    form = record(page, "担当ファシリテーターの変更")
    form.get_by_label("担当ファシリテーター（必須）").fill("fac-yamaguchi-01")
    form.locator("button[type=submit]").click()
    page.wait_for_selector('#timeline li[data-version="3"]')
    page.wait_for_function(
        "() => [...document.querySelectorAll('#case-overview dd')]"
        ".some((d) => d.textContent === '山本 さくら')"
    )


STEPS_TO_PUBLICATION: tuple[tuple[str, str, dict[str, Any]], ...] = (
    (
        "reachAgreement",
        "ReachAgreementInput",
        {"form": "BUSINESS_COOPERATION", "periodStart": "2026-10-04", "occurredOn": "2026-10-03"},
    ),
    (
        "carryOutActivity",
        "CarryOutActivityInput",
        {
            "title": "空き店舗で朝市",
            "participants": 80,
            "volunteers": 6,
            "occurredOn": "2026-10-10",
        },
    ),
    (
        "conductReview",
        "ConductReviewInput",
        {"kind": "SELF", "summary": "来場が見込みを上回った", "occurredOn": "2026-10-20"},
    ),
    ("closeCase", "CloseCaseInput", {"result": "SUCCEEDED", "occurredOn": "2026-10-25"}),
    ("nominateSuccessCase", "NominateSuccessCaseInput", {"occurredOn": "2026-10-26"}),
)


def step(page: Any, mutation: str, kind: str, fields: dict[str, Any]) -> None:
    answer = posted(
        page,
        f"mutation($input: {kind}!) {{ {mutation}(input: $input, waitForReadModels: true) "
        "{ __typename ... on CommandError { message } } }",
        {"input": fields},
    )[mutation]
    assert answer["__typename"] == "CasePayload", (mutation, answer)


def published(page: Any, case_id: str, party_ids: list[str], chief: str) -> None:
    """The case taken to a success story through the API by its facilitator, published by
    the chief (the page then signed in as the chief)."""
    for party_id, role in zip(party_ids, ("PROPOSER", "PARTNER"), strict=True):
        given = {
            "partyId": party_id,
            "role": role,
            "contribution": "会場と広報",
            "occurredOn": "2026-10-02",
        }
        step(page, "joinParty", "JoinPartyInput", {"caseId": case_id, **given})
    roles = [
        {"partyId": p, "role": r} for p, r in zip(party_ids, ("PROPOSER", "PARTNER"), strict=True)
    ]
    for mutation, kind, given in STEPS_TO_PUBLICATION:
        fields = {"caseId": case_id, **given}
        if mutation == "reachAgreement":
            fields["roles"] = roles
        step(page, mutation, kind, fields)
    story = {
        "title": "空き店舗が朝市になった",
        "summary": "商店街と住民の朝市",
        "howStarted": "相談窓口",
        "outcomes": "来場者80人",
        "lessons": "小さく始める",
        "partyIds": party_ids,
    }
    fields = {"caseId": case_id, "story": story, "occurredOn": "2026-10-27"}
    page.evaluate("sessionStorage.clear()")  # signed out, to sign in as the chief
    sign_in(page, chief)
    step(page, "publishSuccessCase", "PublishSuccessCaseInput", fields)


def in_library(page: Any, words: str) -> int:
    found = posted(
        page, "query($q: String!) { successCases(query: $q) { totalCount } }", {"q": words}
    )
    return int(found["successCases"]["totalCount"])


def test_a_chief_withdraws_a_published_story_from_the_case_page(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    # opened by the centre's facilitator: other tests count the centre's cases by who is in
    # charge of them, and the chief is in charge of none
    case = opened_case(page, demo_tokens["facilitator"], "空き店舗の朝市")
    parties = posted(page, "{ parties(first: 100) { edges { node { id name } } } }", {})
    ids = {e["node"]["name"]: e["node"]["id"] for e in parties["parties"]["edges"]}
    chosen = ["NPO法人 ひとり親ネットやまぐち", "株式会社やまぐちフーズ"]
    published(
        page, case["caseId"], [ids[name] for name in chosen], demo_tokens["chief_facilitator"]
    )
    assert in_library(page, "空き店舗が朝市になった") == 1
    page.goto("/#/cases/" + quote(case["number"]))
    page.wait_for_selector('#timeline li[data-version="9"]')
    form = record(page, "公開の取り下げ")
    form.get_by_label("取り下げの理由（必須）").fill("参加団体から掲載の同意が取り消された")
    form.locator("button[type=submit]").click()
    page.wait_for_selector('#timeline li[data-version="10"]')
    assert "公開の取り下げ" in page.locator('#timeline li[data-version="10"]').inner_text()
    assert in_library(page, "空き店舗が朝市になった") == 0  # out of the library at once
    accessible(page)


def test_a_facilitator_is_shown_why_a_publication_s_withdrawal_is_not_theirs(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    sign_in(page, demo_tokens["facilitator"])
    page.goto("/#/cases/" + quote("山口-2024-001"))  # published, the facilitator's centre
    page.wait_for_selector("#timeline li")
    assert page.locator('#step-choice option[value="WithdrawSuccessCase"]').is_disabled()
    refused = page.locator("#refused-steps").text_content() or ""
    assert "公開の取り下げ" in refused
    assert "協働ファシリテーターは成功事例の公開を取り下げられません" in refused


def downloaded_rows(page: Any, button: str) -> list[list[str]]:
    """The rows of the CSV file the button downloads (UTF-8 with a BOM, for Excel)."""
    with page.expect_download() as csv_file:
        page.get_by_role("button", name=button).click()
    text = Path(csv_file.value.path()).read_bytes().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_case_list_as_filtered_downloads_for_a_spreadsheet(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    sign_in(page, demo_tokens["facilitator"])
    page.goto("/#/cases?state=CLOSED")  # from the unfiltered list the sign-in showed
    page.wait_for_function("document.getElementById('filter-state')?.value === 'CLOSED'")
    page.wait_for_selector("table.cases tbody tr")
    shown = int(re.findall(r"（(\d+)件）", page.locator("table.cases caption").inner_text())[0])
    lines = downloaded_rows(page, "この一覧をCSVでダウンロード（Excel対応）")
    assert len(lines) == shown + 1  # the heading, then every case of the filter, every page
    assert all(line[0].startswith("山口-") for line in lines[1:])  # the user's centre only
    with page.expect_download() as sheet:
        page.get_by_role("button", name="この一覧をExcel形式（.xlsx）でダウンロード").click()
    assert sheet.value.suggested_filename.endswith(".xlsx")
    assert Path(sheet.value.path()).read_bytes()[:2] == b"PK"  # a zip, as .xlsx files are
    page.wait_for_selector("#case-list-download .notice")


def test_a_library_search_downloads_for_a_spreadsheet(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    sign_in(page, demo_tokens["meeting"])
    page.goto("/#/library?q=" + quote("子ども"))  # from the whole library the sign-in showed
    page.wait_for_selector("h1:has-text('「子ども」の検索結果')")
    page.wait_for_selector("ul.cards li")
    shown = int(re.findall(r"(\d+)件の事例", page.locator("#result-count").inner_text())[0])
    lines = downloaded_rows(page, "この検索結果をCSVでダウンロード（Excel対応）")
    assert len(lines) == shown + 1  # the heading, then every story found
    page.wait_for_selector("#library-download .notice")
