"""The chief facilitator's part of the KPI page in a real headless Chromium on the demo data:
a target set for an indicator, the fiscal year closed (実績の確定), and a step recorded later
that changes the year's figures shown beside the figure reported at the closing."""

from __future__ import annotations

from typing import Any

from tests.e2e.test_journeys import accessible, opened, posted

# A city and a year no other browser test reads, so that closing it moves no other test.
ADDRESS = "/#/kpi?fiscalYear=2023&municipality=35215"  # 周南市, 令和5年度


def cells(page: Any, indicator: str) -> list[str]:
    row = page.locator(f'table.kpi tr[data-indicator="{indicator}"]')
    return [str(t) for t in row.locator("td").all_inner_texts()]


def test_the_chief_sets_a_target_closes_the_year_and_sees_what_changed_since(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    opened(page, demo_tokens["chief_facilitator"], ADDRESS, "table.kpi tbody tr")
    assert (
        "令和5年度（2023年度） 周南市の評価指標" in page.locator("table.kpi caption").inner_text()
    )
    opened_before = cells(page, "cases_opened")[1]
    page.get_by_role("button", name="相談受付件数の目標値を設定").click()
    form = page.locator("tr.editing form.step-form")
    form.get_by_label("目標値").fill("十")
    form.locator("button[type=submit]").click()
    form.locator(".alert").wait_for()
    assert "「目標値」は数値で入力してください" in form.locator(".alert").inner_text()
    form.get_by_label("目標値").fill("12")
    form.locator("button[type=submit]").click()
    page.wait_for_selector('tr[data-indicator="cases_opened"] td:has-text("12")')
    assert cells(page, "cases_opened")[2] == "12"

    page.locator("#kpi-close summary").click()
    page.locator("#kpi-close form.step-form button[type=submit]").click()
    page.wait_for_selector("#kpi-closing")
    closing = page.locator("#kpi-closing").inner_text()
    assert "この年度の実績は" in closing
    assert "藤田 真理子" in closing  # the chief, by name
    assert "確定後に実績値を変えた手続きはありません。" in closing
    # 確定値 beside 実績値: the same until a later step changes the year
    assert cells(page, "cases_opened")[1:3] == [opened_before, opened_before]
    assert page.locator("#kpi-close").count() == 0  # closed once
    accessible(page)

    # a consultation of that year recorded now, for 周南市: the actual moves, the closing's stays
    parties = posted(page, "{ parties(first: 100) { edges { node { id name } } } }", {})
    party = next(e["node"]["id"] for e in parties["parties"]["edges"])
    posted(
        page,
        "mutation($input: ReceiveConsultationInput!) { receiveConsultation(input: $input, "
        "waitForReadModels: true) { __typename } }",
        {
            "input": {
                "title": "周南市の子ども食堂ネットワークづくり",
                "issueStatement": "食堂どうしのつながりがない",
                "municipality": "周南市",
                "fields": ["子どもの健全育成"],
                "sdgs": [2],
                "centre": "shunan",
                "initiatingPartyId": party,
                "occurredOn": "2023-09-01",
            }
        },
    )
    page.reload()
    page.wait_for_selector("#kpi-closing li")
    row = cells(page, "cases_opened")
    assert row[1] == str(int(opened_before) + 1)
    assert row[2].startswith(opened_before)
    assert "確定後の変化 +1" in row[2]
    assert "相談受付" in page.locator("#kpi-closing li").first.inner_text()
