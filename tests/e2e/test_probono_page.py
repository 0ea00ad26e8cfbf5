"""The pro bono worker bank's page (プロボノ) in a real headless Chromium on the demo data: the
indicator against the plan's target, the workers by skill and city (never by name), and a
facilitator registering a worker, pausing and resuming their work."""

from __future__ import annotations

import re
from typing import Any

from tests.e2e.test_journeys import accessible, first_screen, posted, shot, sign_in


def registered_total(page: Any) -> int:
    found = re.match(r"(\d+)人", page.locator("#probono-indicator .figure-line").inner_text())
    assert found
    return int(found.group(1))


def test_an_auditor_reads_the_bank_s_indicator_and_workers_but_changes_nothing(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    sign_in(page, demo_tokens["auditor"])
    first_screen(page, "/#/probono", "table.probono-workers tbody tr")
    line = page.locator("#probono-indicator .figure-line").inner_text()
    assert "（目標 100人・令和8年度（2026年度）末まで" in line
    years = page.locator("table.probono-years tbody tr").all_inner_texts()
    assert years[0].split("\t") == ["令和5年度（2023年度）", "2人", "2人"]
    workers = page.locator("table.probono-workers tbody tr").all_inner_texts()
    assert workers
    assert all(w.startswith("プロボノワーカー（個人）") for w in workers)  # never a name
    assert page.locator("#probono-register").count() == 0
    assert page.locator("table.probono-workers button").count() == 0
    # by skill: the worker who does 法務 only
    page.get_by_label("スキル", exact=True).select_option(label="法務")
    page.get_by_role("button", name="絞り込む").click()
    page.wait_for_selector("table.probono-workers caption:has-text('1人')")
    assert "法務" in page.locator("table.probono-workers tbody").inner_text()
    accessible(page)
    shot(page, "probono")


def test_a_facilitator_registers_a_worker_then_pauses_and_resumes_their_work(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    sign_in(page, demo_tokens["facilitator"])
    posted(
        page,
        "mutation($input: RegisterPartyInput!) { registerParty(input: $input, "
        "waitForReadModels: true) { __typename } }",
        {
            "input": {
                "kind": "PRO_BONO_WORKER",
                "name": "",
                "municipality": "山口市",
                "fields": ["子どもの健全育成"],
                "contact": {"personName": "中村 ゆき", "email": "yuki@example.jp"},
                "occurredOn": "2026-11-01",
            }
        },
    )
    # loaded afresh (the tab keeps its token): the party list, asked once, has the new party
    page.goto("about:blank")
    page.goto("/#/probono")
    page.wait_for_selector("table.probono-workers tbody tr")
    before = registered_total(page)
    page.locator("#probono-register summary").click()
    form = page.locator("#probono-register form.step-form")
    offered = form.get_by_label("団体（必須）").locator("option").all_inner_texts()
    assert offered == ["プロボノワーカー（個人）（山口市・子どもの健全育成）"]
    form.get_by_label("法務").check()
    form.get_by_label("翻訳").check()
    form.get_by_label("山口市").check()
    form.get_by_label("経験年数").fill("8")
    form.get_by_label("月あたりの活動可能時間").fill("6")
    form.get_by_label("連絡を受けることへの同意").check()
    form.locator("button[type=submit]").click()
    page.wait_for_selector(f"#probono-indicator .figure-line:has-text('{before + 1}人')")
    row = page.locator("table.probono-workers tbody tr", has_text="子どもの健全育成")
    assert row.locator("td").nth(1).inner_text() == "法務、翻訳"
    assert row.locator("td").nth(3).inner_text().startswith("経験8年・月6時間まで")

    row.get_by_role("button", name="休止する").click()
    pause = page.locator("tr.editing form.step-form")
    pause.get_by_label("休止の理由").fill("転居の準備のため")
    pause.locator("button[type=submit]").click()
    # a paused worker is not listed among those to propose, unless asked for
    gone = page.locator("table.probono-workers tbody tr", has_text="子どもの健全育成")
    gone.wait_for(state="detached")
    assert page.locator("table.probono-workers tbody tr").count() >= 1  # the others stay
    page.get_by_label("休止中・退会した人も示す").check()
    page.get_by_role("button", name="絞り込む").click()
    page.wait_for_selector("table.probono-workers tbody tr:has-text('休止中')")
    paused = page.locator("table.probono-workers tbody tr", has_text="子どもの健全育成")
    assert paused.locator("td").nth(5).inner_text() == "休止中"
    paused.get_by_role("button", name="再開する").click()
    page.locator("tr.editing form.step-form button[type=submit]").click()
    page.wait_for_selector(
        "table.probono-workers tbody tr:has-text('子どもの健全育成') td:has-text('活動中')"
    )
    assert registered_total(page) == before + 1  # counted once, paused or not


def test_a_worker_s_row_leads_to_their_page_where_a_facilitator_may_ask_for_the_contact(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    sign_in(page, demo_tokens["facilitator"])
    first_screen(page, "/#/probono", "table.probono-workers tbody tr")
    # the demo's web and design worker of 周南市, whose match is in 周南's case
    row = page.locator("table.probono-workers tbody tr", has_text="IT・ウェブ、広報・デザイン")
    row.locator("a").click()
    page.wait_for_selector("#party-facts")
    # never a name: the worker told apart by city and fields, as in the bank's rows
    assert page.locator("#view h1").inner_text().startswith("プロボノワーカー（個人）（")
    assert page.locator("#contact-form").count() == 1  # their contact, with a reason given
    bank = page.locator("#party-bank")
    assert "活動中" in bank.locator("dl").inner_text()
    matches = bank.locator("#party-matches tbody tr")
    assert matches.count() >= 1
    # a match in another centre's case: there, but not named to this centre's facilitator
    assert "（閲覧できない案件）" in matches.first.inner_text()
