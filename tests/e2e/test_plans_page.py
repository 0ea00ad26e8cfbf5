"""The plan page (推進計画) in a real headless Chromium on the demo data: the city plan's
status list as seed 004 prints it, an item's history with its cases, the plans' indicators,
a plan officer recording a status and a facilitator tying a case to an item."""

from __future__ import annotations

import csv
import zipfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from domain.fiscal import fiscal_year, fiscal_year_label
from tests.e2e.test_journeys import accessible, fact, first_screen, opened, shot, sign_in


def fiscal_year_now() -> int:
    return fiscal_year(datetime.now(ZoneInfo("Asia/Tokyo")).date())


def row(page: Any, number: int) -> Any:
    return page.locator(f'table.status-list tr[data-number="{number}"]')


def refused(form: Any) -> tuple[str, str | None]:
    """The form sent and refused: the alert's text and code."""
    form.locator("button[type=submit]").click()
    alert = form.locator(".alert")
    alert.wait_for()
    return alert.inner_text(), alert.get_attribute("data-code")


def download(page: Any, name: str) -> Path:
    with page.expect_download() as started:
        page.get_by_role("link", name=name).click()
    return Path(started.value.path())


def test_a_meeting_reads_the_status_list_opens_an_item_and_takes_the_list_away(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    sign_in(page, demo_tokens["meeting"])
    page.get_by_role("link", name="推進計画").click()
    page.wait_for_selector("table.status-list tbody tr")
    # the plan's first year (a plan officer's test may have recorded a later one meanwhile)
    first_screen(page, "/#/plans?year=2011", "table.status-list tbody tr")
    caption = page.locator("table.status-list caption").inner_text()
    assert caption == "山口市協働推進プラン　平成23年度（2011年度） 実施状況一覧"
    assert (
        page.locator("#plan-legend").inner_text() == "実施状況：◎実施済 ○継続推進 △一部実施 ×検討中"
    )
    policies = page.locator("table.status-list tr.policy").all_inner_texts()
    assert policies[0] == "I 参加しやすく、活動しやすい環境づくりを進めます"
    first = row(page, 1).locator("td").all_inner_texts()
    assert first[:4] == ["1", "地域交流センターの設置", "◎ 実施済", "完了"]
    # a reader records nothing: no column of buttons, no item or plan to add
    assert page.locator("table.status-list button").count() == 0
    assert page.locator("#plan-add-item, #plan-register").count() == 0
    assert page.locator("table.status-list thead th").all_inner_texts()[-1] == "検証内容"
    accessible(page)
    shot(page, "plan-status-list")

    with open(download(page, "CSVでダウンロード（Excel対応）"), encoding="utf-8-sig") as f:
        lines = list(csv.reader(f))
    assert lines[0] == [
        "推進方針",
        "推進施策",
        "NO",
        "推進項目",
        "実施状況",
        "今後の取扱い",
        "検証内容",
    ]
    assert lines[1][2:6] == ["1", "地域交流センターの設置", "◎", "完了"]
    assert lines[1][0] == "I 参加しやすく、活動しやすい環境づくりを進めます"
    with zipfile.ZipFile(download(page, "Excel形式（.xlsx）でダウンロード")) as book:
        assert "地域交流センターの設置" in book.read("xl/worksheets/sheet1.xml").decode("utf-8")

    # item 31 is carried out by two of 山口市's demo cases: named, not linked for a meeting
    row(page, 31).get_by_role("link").click()
    page.wait_for_selector("#item-case-list li")
    assert (
        page.locator("h1").inner_text()
        == "No.31 協働ラウンドテーブル(情報交換・交流・協議の場)の開催"
    )
    cases = page.locator("#item-case-list li").all_inner_texts()
    assert len(cases) == 2
    assert all(c.startswith("山口-") for c in cases)
    assert page.locator("#item-case-list a").count() == 0
    assert "平成23年度" in page.locator("table").inner_text()
    assert page.locator(".link-case").count() == 0  # a meeting ties no case
    assert page.locator("#plan-restate, #plan-link-indicator").count() == 0
    accessible(page)
    page.get_by_role("link", name="実施状況一覧へ戻る").click()
    page.wait_for_selector("table.status-list caption")


def test_a_meeting_reads_the_plans_indicators_with_those_counted_by_the_ledger(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    opened(page, demo_tokens["meeting"], "/#/plans/indicators", "table.plan-indicators tbody tr")
    plans = page.get_by_label("計画", exact=True).locator("option").all_inner_texts()
    # the demo's two (a plan officer's test may have defined one for a plan of its own)
    assert {"山口県県民活動促進基本計画", "第二次山口市協働推進プラン後期推進計画"} <= set(plans)
    assert plans[0] == "山口県県民活動促進基本計画"
    assert page.locator("#indicator-define").count() == 0  # a meeting defines none
    table = page.locator("table.plan-indicators")
    first = table.locator("tbody tr").first.locator("th, td").all_inner_texts()
    assert first[0].startswith("P-1 県民活動団体数")
    assert first[1].startswith("2,445団体")
    assert first[3].startswith("2,590団体")
    counted = table.locator("tbody tr", has_text="P-4")
    assert "協働の台帳から集計" in counted.inner_text()
    page.get_by_label("計画", exact=True).select_option("第二次山口市協働推進プラン後期推進計画")
    page.get_by_role("button", name="表示する").click()
    page.wait_for_selector("table.plan-indicators caption:has-text('後期推進計画')")
    survey = table.locator("tbody tr", has_text="KGI-2").locator("td").all_inner_texts()
    assert survey[1].startswith("令和4年度: 49.6%")
    assert survey[3] == "86.5%"  # the latest actual (51.9) over the target (60)
    accessible(page)
    with open(download(page, "CSVでダウンロード（Excel対応）"), encoding="utf-8-sig") as f:
        lines = list(csv.reader(f))
    assert lines[0][:3] == ["計画", "記号", "指標"]
    assert ["KGI-2", "2024", "51.9"] in [[r[1], r[7], r[8]] for r in lines[1:]]
    shot(page, "plan-indicators")
    # the table as it stood at the end of a past day: the demo recorded none yet
    yesterday = datetime.now(ZoneInfo("Asia/Tokyo")).date() - timedelta(days=1)
    page.get_by_label("時点", exact=True).fill(yesterday.isoformat())
    page.get_by_role("button", name="表示する").click()
    page.wait_for_selector("table.plan-indicators caption:has-text('の時点')")
    assert "asOf=" in page.url
    assert table.locator("tbody").inner_text() == "この時点で記録されていた評価指標はありません"


def test_a_plan_officer_records_an_item_s_status_and_a_refusal_keeps_what_was_typed(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    opened(page, demo_tokens["chief_facilitator"], "/#/plans", "table.status-list tbody tr")
    page.get_by_label("年度", exact=True).select_option(label="平成25年度（2013年度）")
    page.get_by_role("button", name="表示する").click()
    page.wait_for_selector("table.status-list caption:has-text('平成25年度')")
    assert row(page, 3).locator("td").nth(2).inner_text() == ""  # nothing recorded for 2013
    row(page, 3).get_by_role("button", name="No.3の実施状況を記録する").click()
    form = page.locator("tr.editing form.step-form")
    form.get_by_label("実施状況（必須）").select_option(label="○ 継続推進")
    form.get_by_label("今後の取扱い（必須）").select_option(label="統合")
    form.get_by_label("検証内容").fill("交付金の活用は統合先の項目で引き続き推進する。")
    message, code = refused(form)
    assert "統合先の推進項目を指定してください" in message
    assert code == "merge_target_required"
    assert (
        form.get_by_label("検証内容").input_value()
        == "交付金の活用は統合先の項目で引き続き推進する。"
    )
    accessible(page)
    form.get_by_label("統合先の推進項目").fill("4")
    form.locator("button[type=submit]").click()
    page.wait_for_selector('tr[data-number="3"] td:has-text("統合（No.4へ）")')
    cells = row(page, 3).locator("td").all_inner_texts()
    assert cells[2:5] == [
        "○ 継続推進",
        "統合（No.4へ）",
        "交付金の活用は統合先の項目で引き続き推進する。",
    ]
    assert page.locator("tr.editing").count() == 0
    row(page, 3).get_by_role("link").click()
    page.wait_for_selector("h1:has-text('No.3')")
    years = page.locator("table tbody tr").all_inner_texts()
    assert [y.split("\t")[0] for y in years] == ["平成23年度", "平成25年度"]


def test_a_facilitator_ties_one_of_their_cases_to_an_item_by_its_number(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    opened(page, demo_tokens["facilitator"], "/#/plans", "table.status-list tbody tr")
    row(page, 39).get_by_role("link").click()
    page.wait_for_selector(".link-case form")
    before = page.locator("#item-case-list li").all_inner_texts()
    suggested = page.locator("#plan-case-numbers option").evaluate_all(
        "options => options.map((o) => o.value)"
    )
    assert suggested
    assert all(n.startswith("山口-") for n in suggested)
    wanted = next(n for n in suggested if not any(c.startswith(n) for c in before))
    field = page.get_by_label("案件番号（必須）")
    field.fill("山口-1999-999")
    page.get_by_role("button", name="案件の結び付けを記録する").click()
    alert = page.locator(".link-case .alert")
    alert.wait_for()
    assert "「山口-1999-999」の案件が見つかりません" in alert.inner_text()
    assert alert.get_attribute("data-code") == "case_not_found"
    field.fill(wanted)
    page.get_by_role("button", name="案件の結び付けを記録する").click()
    page.wait_for_selector(f"#item-case-list a:has-text('{wanted}')")
    assert len(page.locator("#item-case-list li").all_inner_texts()) == len(before) + 1
    page.locator("#item-case-list a", has_text=wanted).click()
    page.wait_for_selector("#timeline")
    assert wanted in page.locator("h1").inner_text()
    # the case's overview names the item it carries out, and leads back to it
    items = fact(page, "推進計画の項目").splitlines()
    assert "山口市協働推進プラン No.39 提案型協働事業の検討、実施" in items
    page.locator("#case-plan-items a", has_text="No.39").click()
    page.wait_for_selector("h1:has-text('No.39')")


def test_a_plan_officer_reports_an_indicator_s_actual_written_as_documents_write_it(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    opened(
        page, demo_tokens["chief_facilitator"], "/#/plans/indicators", "table.plan-indicators tr"
    )
    indicators = page.locator("table.plan-indicators")
    # the ledger counts P-4 (the pro bono bank): no actual to report (its target, yes)
    assert indicators.locator('tr[data-code="P-4"] button', has_text="実績値").count() == 0
    assert indicators.locator('tr[data-code="P-4"] button', has_text="目標値").count() == 1
    indicators.get_by_role("button", name="P-3の実績値を報告する").click()
    form = page.locator("tr.editing form.step-form")
    assert form.get_by_label("年度（必須）").input_value() == str(fiscal_year_now() - 1)
    form.get_by_label("実績値").fill("十二")
    form.get_by_label("出典（必須）").fill("県民活動支援センター調べ")
    message, code = refused(form)
    assert "「実績値」は数値で入力してください" in message
    assert code == "not_a_number"
    assert form.get_by_label("実績値").get_attribute("aria-invalid") == "true"
    form.get_by_label("実績値").fill("12")
    form.get_by_label("所見").fill("2市町で新たに設置された。")
    form.locator("button[type=submit]").click()
    label = f"{fiscal_year_label(fiscal_year_now() - 1, japanese_era=True)}: 12市町"
    page.wait_for_selector(f'tr[data-code="P-3"] li:has-text("{label}")')
    reported = indicators.locator('tr[data-code="P-3"]').inner_text()
    assert "2市町で新たに設置された。" in reported
    assert "63.2%" in reported  # 12 of the target's 19
    accessible(page)


def test_a_plan_officer_sets_a_target_and_comments_on_an_indicator_from_its_row(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    opened(
        page, demo_tokens["chief_facilitator"], "/#/plans/indicators", "table.plan-indicators tr"
    )
    row = page.locator('table.plan-indicators tr[data-code="P-1"]')
    row.get_by_role("button", name="P-1の基準値を設定する").click()
    form = page.locator("tr.editing form.step-form")  # the baseline's, filled as it stands
    assert form.get_by_label("基準値", exact=True).input_value() == "2445"
    assert form.get_by_label("基準値の時点（必須）").input_value() == "2021（令和3）年度末"
    row.get_by_role("button", name="P-1の基準値を設定する").click()  # closed unsent
    row = page.locator('table.plan-indicators tr[data-code="P-4"]')
    before = row.locator("td").all_inner_texts()
    row.get_by_role("button", name="P-4の目標値を設定する").click()
    form = page.locator("tr.editing form.step-form")
    # filled as the row stands: the plan's target of 100 by 令和8年度
    assert form.get_by_label("目標値").input_value() == "100"
    assert form.get_by_label("目標年度（必須）").input_value() == "2026"
    form.get_by_label("目標値").fill("120")
    form.get_by_label("理由").fill("中間見直しで上方修正")
    form.locator("button[type=submit]").click()
    page.wait_for_selector('tr[data-code="P-4"] td:has-text("120人")')
    row = page.locator('table.plan-indicators tr[data-code="P-4"]')
    row.get_by_role("button", name="P-4の所見を記す").click()
    form = page.locator("tr.editing form.step-form")
    form.get_by_label("所見（必須）").fill("企業の社員による登録が増えた")
    form.locator("button[type=submit]").click()
    page.wait_for_selector('tr[data-code="P-4"]:has-text("企業の社員による登録が増えた")')
    row = page.locator('table.plan-indicators tr[data-code="P-4"]')
    row.get_by_role("button", name="P-4の目標値を設定する").click()  # back as it was
    form = page.locator("tr.editing form.step-form")
    form.get_by_label("目標値").fill("100")
    form.locator("button[type=submit]").click()
    page.wait_for_selector('tr[data-code="P-4"] td:has-text("100人")')
    after = page.locator('table.plan-indicators tr[data-code="P-4"] td').all_inner_texts()
    assert after[0] == before[0]  # the baseline untouched
    accessible(page)
