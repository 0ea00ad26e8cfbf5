"""One journey per user group in a real headless Chromium, on the demo data: each page's
first screen timed (printed, not asserted), axe-core run (no serious or critical violation),
screenshots saved under tests/e2e/screenshots/."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import quote

from tests.e2e.browser import FIRST_SCREENS, SCREENSHOTS, opened_page

AXE = "/web/vendor/axe-core/axe.min.js"
VERIFIER = Path(__file__).resolve().parents[2] / "tools" / "verify_bundle.py"


def shot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def accessible(page: Any) -> None:
    """axe-core finds no serious or critical violation on the page as it stands."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(url=AXE)
    found = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}: {v['nodes'][0]['target']})"
        for v in found["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


def sign_in(page: Any, token: str) -> None:
    page.goto("/")
    page.get_by_label("トークン").fill(token)
    page.get_by_role("button", name="サインイン").click()
    page.wait_for_selector("#who:not([hidden])")


def opened(page: Any, token: str, address: str, ready: str) -> None:
    """Signed in with `token`, the page at `address` once `ready` shows."""
    sign_in(page, token)
    page.goto(address)
    page.wait_for_selector(ready)


def first_screen(page: Any, address: str, visible: str) -> float:
    """Milliseconds from loading the page afresh (signed in: the tab keeps its token) to its
    first screen's content being visible."""
    page.goto("about:blank")
    started = time.perf_counter()
    page.goto(address)
    page.wait_for_selector(visible, state="visible")
    elapsed = (time.perf_counter() - started) * 1000
    FIRST_SCREENS.append((address, elapsed))
    return elapsed


def record(page: Any, step: str) -> Any:
    """Choose a step in the case page's picker; its form."""
    page.get_by_label("記録する手続き").select_option(label=step)
    return page.locator("form.step-form")


def fact(page: Any, term: str) -> str:
    """A fact of the case page's overview, by its term."""
    found = page.locator("#case-overview dl.facts dt", has_text=term)
    return str(found.locator("xpath=following-sibling::dd[1]").inner_text())


def submit(form: Any, page: Any, version: int) -> None:
    form.locator("button[type=submit]").click()
    page.wait_for_selector(f'#timeline li[data-version="{version}"]')
    page.wait_for_selector(f"#step-form .notice:has-text('版{version}')")


def test_the_sign_in_page_is_accessible(page: Any) -> None:
    first_screen(page, "/", "#token")
    accessible(page)
    page.get_by_label("トークン").fill("not-a-token")
    page.get_by_role("button", name="サインイン").click()
    page.wait_for_selector("#sign-in-error .alert")
    assert "認証が必要です" in page.locator("#sign-in-error").inner_text()
    shot(page, "sign-in-refused")


JOINING = ("NPO法人 きららの杜（NPO法人）", "NPO法人 くだまつ配食ボランティア（NPO法人）")


def test_a_facilitator_opens_a_case_and_logs_it_to_closure(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    sign_in(page, demo_tokens["facilitator"])
    first_screen(page, "/#/cases", "table.cases tbody tr")
    accessible(page)
    assert "山口市市民活動支援センター" in page.locator("#who-label").inner_text()
    # The user's name from the accounts (the demo names its staff), not the ledger's user id.
    page.wait_for_selector("#who-label:has-text('山本 さくら')")
    owners = page.locator("table.cases tbody tr td:nth-child(5)")  # 担当
    assert set(owners.all_inner_texts()) == {"山本 さくら"}
    assert owners.first.get_attribute("title") == "fac-yamaguchi-01"
    page.get_by_role("link", name="相談を受け付ける").click()
    page.get_by_role("link", name="団体を登録").click()
    form = page.locator("form.step-form")
    form.get_by_label("種別（必須）").select_option(label="自治会・町内会")
    form.get_by_label("団体名（必須）").fill("中市商店街振興組合")
    # the facilitator's centre is Yamaguchi's: its city is chosen already
    assert form.get_by_label("市町（必須）").input_value() == "35203"
    form.get_by_label("市町（必須）").select_option(label="山口市")
    form.get_by_label("公開への同意").check()
    accessible(page)
    form.locator("button[type=submit]").click()
    page.wait_for_selector("h1:has-text('相談を受け付ける')")
    form = page.locator("form.step-form")
    form.get_by_label("案件名（必須）").fill("商店街の空き店舗で子ども食堂")
    form.get_by_label("地域課題（必須）").fill("放課後に一人で過ごす子どもが多い")
    form.get_by_label("市町（必須）").select_option(label="山口市")
    # Fields of activity, like the SDGs, are boxes to tick (no Ctrl-click in a list).
    form.get_by_role("group", name="活動分野（必須）").get_by_label("子どもの健全育成").check()
    # The facilitator in charge: left empty, the user; typed, the named ones are suggested,
    # those of the user's centre first.
    owner = form.get_by_label("担当ファシリテーター")
    assert owner.get_attribute("placeholder") == "空欄なら自分（山本 さくら）"
    suggested = page.locator(f"datalist#{owner.get_attribute('list')} option")
    assert (suggested.first.get_attribute("value"), suggested.first.get_attribute("label")) == (
        "fac-yamaguchi-01",
        "山本 さくら",
    )
    assert suggested.count() == 14  # the demo's 13 centres' facilitators and the chief
    # The case it follows is picked among the library's stories by number and title.
    stories = form.get_by_label("横展開元の事例").locator("option").all_inner_texts()
    assert stories[0] == "（選択しない）"
    assert "山口-2024-001 さぽカフェから始まった ひとり親家庭支援の協働（山口市）" in stories
    assert all(re.fullmatch(r"\S+-\d{4}-\d{3} .+（.+）", story) for story in stories[1:])
    form.get_by_label("1. 貧困をなくそう").check()
    form.get_by_label("相談者（必須）").select_option(label="中市商店街振興組合（自治会・町内会）")
    accessible(page)
    form.locator("button[type=submit]").click()
    page.wait_for_selector('#timeline li[data-version="1"]')
    assert "ライブ更新" in page.locator("#live-status").inner_text()
    # Above the timeline, where the case stands and who takes part.
    overview = page.locator("#case-overview")
    assert fact(page, "市町") == "山口市"
    assert fact(page, "支援センター") == "山口市市民活動支援センター"
    assert fact(page, "SDGs") == "目標1"
    assert fact(page, "分野") == "子どもの健全育成"
    assert fact(page, "担当") == "山本 さくら"
    assert "山本 さくら（協働ファシリテーター）" in page.locator("#timeline li").first.inner_text()
    assert fact(page, "成功事例") == "—"
    assert "参加団体（参加中0・離脱0）" in overview.inner_text()
    # Steps the new case refuses are shown, not offered, and the page says why.
    activity = page.locator('#step-choice option[value="CarryOutActivity"]')
    assert activity.is_disabled()
    refused = page.locator("#refused-steps")
    refused.locator("summary").click()
    assert "活動の実施：活動の実施を記録するには、先に合意" in refused.inner_text()
    assert not page.locator('#step-choice option[value="HoldHearing"]').is_disabled()

    form = record(page, "ヒアリング")
    form.get_by_label("ヒアリングの内容（必須）").fill("空き店舗の持ち主と商店街の意向を聞いた")
    submit(form, page, 2)
    for label, version in zip(JOINING, (3, 4), strict=True):
        form = record(page, "団体の参加")
        if version == 4:  # those not yet taking part come first for a party joining
            groups = form.get_by_label("参加する団体（必須）").locator("optgroup")
            assert groups.first.get_attribute("label") == "ほかの団体"
            assert groups.last.locator("option").all_inner_texts() == [JOINING[0]]
        form.get_by_label("参加する団体（必須）").select_option(label=label)
        form.get_by_label("役割（必須）").select_option(label="協働パートナー")
        form.get_by_label("役割の内容（必須）").fill("運営を手伝う")
        submit(form, page, version)
    # The overview is drawn again from the step's answer: both parties, their role.
    rows = page.locator("#case-overview table.case-parties tbody tr")
    assert rows.count() == 2
    names = set()
    for row in rows.all():
        cells = row.locator("td").all_inner_texts()
        names.add(f"{cells[0].splitlines()[0]}（{cells[0].splitlines()[1]}）")
        assert cells[1:3] == ["協働パートナー", "運営を手伝う"]
        assert cells[3].endswith("から")
    assert names == set(JOINING)
    assert "参加団体（参加中2・離脱0）" in page.locator("#case-overview").inner_text()
    # A party withdrawing is one taking part: only those are offered (nothing recorded).
    form = record(page, "団体の離脱")
    assert set(
        form.get_by_label("離脱する団体（必須）").locator("option").all_inner_texts()
    ) == set(JOINING)
    form = record(page, "合意")
    # A role for each party taking part: a row each, its party chosen; only those offered.
    lines = form.locator("fieldset.row")
    assert lines.count() == len(JOINING)
    chosen = set()
    for row in range(len(JOINING)):
        party = lines.nth(row).get_by_label("団体")
        assert set(party.locator("option").all_inner_texts()) == set(JOINING)
        chosen.add(party.locator("option:checked").inner_text())
        lines.nth(row).get_by_label("役割").select_option(label="協働パートナー")
    assert chosen == set(JOINING)
    form.get_by_label("協働の形態（必須）").select_option(index=0)
    submit(form, page, 5)
    assert not activity.is_disabled()  # the agreement's answer lifted the refusal
    assert "活動の実施：" not in refused.inner_text()
    form = record(page, "活動の実施")
    form.get_by_label("活動名（必須）").fill("第1回 子ども食堂")
    form.get_by_label("参加者数").fill("24")
    submit(form, page, 6)

    form = record(page, "完了")
    form.get_by_label("完了の区分（必須）").select_option(label="成功")
    form.get_by_label("理由").fill("毎月の開催が定着した")
    form.locator("button[type=submit]").click()
    refusal = form.locator(".alert")
    refusal.wait_for()
    assert refusal.inner_text().strip()
    assert form.get_by_label("理由").input_value() == "毎月の開催が定着した"
    shot(page, "facilitator-refusal")

    form = record(page, "振り返り・評価")
    form.get_by_label("評価の種類（必須）").select_option(index=0)
    form.get_by_label("評価の内容（必須）").fill("参加者が増え、運営の担い手もできた")
    submit(form, page, 7)
    form = record(page, "完了")
    form.get_by_label("完了の区分（必須）").select_option(label="成功")
    submit(form, page, 8)
    assert page.locator("#case-state").inner_text() == "完了"
    assert fact(page, "完了の区分") == "成功"
    assert page.locator('#step-choice option[value="HoldHearing"]').is_disabled()
    # The steps a closed case refuses for one reason share one line, named together.
    closed = refused.locator("li", has_text="これらの手続きを記録できません")
    assert closed.count() == 1
    assert (
        closed.locator("strong").inner_text().startswith("担当ファシリテーターの変更、ヒアリング、")
    )
    assert "「ヒアリング」" not in refused.inner_text()
    assert not page.locator('#step-choice option[value="NominateSuccessCase"]').is_disabled()
    form = record(page, "成功事例として推薦")
    submit(form, page, 9)
    assert fact(page, "成功事例") == "推薦済み（公開前）"
    # The facilitator may nominate; publishing is a chief facilitator's approval.
    assert page.locator('#step-choice option[value="PublishSuccessCase"]').is_disabled()
    approval = "成功事例の公開：成功事例の公開には統括協働ファシリテーターの承認が必要です"
    assert approval in refused.inner_text()
    # A correction is the step's own form, filled as recorded: the facilitator rewrites the
    # figure that was wrong, and only that field is sent as the correction's change.
    page.get_by_role("button", name="版6を訂正する").click()
    form = page.locator("form.step-form")
    assert "版6「活動の実施」の内容" in form.locator("legend").first.inner_text()
    assert form.get_by_label("活動名（必須）").input_value() == "第1回 子ども食堂"
    assert form.get_by_label("参加者数").input_value() == "24"
    form.get_by_label("参加者数").fill("30")
    form.get_by_label("訂正の理由（必須）").fill("受付名簿で数え直した")
    accessible(page)
    shot(page, "facilitator-correction")
    form.locator("button[type=submit]").click()
    corrected = page.locator('#timeline li[data-version="6"] .corrections')
    corrected.wait_for()
    assert corrected.inner_text() == "訂正（版10）：参加者数：24 → 30（理由：受付名簿で数え直した）"
    # a correction itself is not corrected: its item offers no correction
    assert page.get_by_role("button", name="版10を訂正する").count() == 0
    shot(page, "facilitator-closed")
    page.set_viewport_size({"width": 375, "height": 800})
    accessible(page)
    shot(page, "facilitator-phone")
    # 訂正 chosen in the step picker asks which step first (nothing is recorded here)
    page.get_by_label("記録する手続き").select_option(label="訂正")
    which = page.get_by_label("訂正する手続き")
    offered = which.locator("option").all_inner_texts()
    assert offered[0] == "選んでください"
    assert offered[1].startswith("版9 成功事例として推薦（")
    assert not any(text.startswith("版10 ") for text in offered)
    assert page.locator("form.step-form").count() == 0
    which.select_option(value="2")
    hearing = page.locator("form.step-form").get_by_label("ヒアリングの内容（必須）")
    assert hearing.input_value() == "空き店舗の持ち主と商店街の意向を聞いた"


def corrections_stopped(page: Any) -> list[dict[str, Any]]:
    """From now on the page's corrections are stopped in the browser, not sent: the demo
    data stays as it is. Their inputs, in order."""
    sent: list[dict[str, Any]] = []

    def stop(route: Any) -> None:
        body = route.request.post_data or ""
        if '"operationName":"CorrectStep"' in body:
            sent.append(json.loads(body)["variables"]["input"])
            route.abort()
        else:
            route.continue_()

    page.route("**/graphql", stop)
    return sent


def test_a_review_s_correction_keeps_its_outcomes_and_sends_only_what_changed(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    """A review's correction form holds its outcome figures as recorded (rows of value
    objects); a change of its summary alone sends the summary alone, the outcomes untouched.
    The request is stopped in the browser: the demo's case stays as it is."""
    sign_in(page, demo_tokens["facilitator"])
    page.goto("/#/cases/" + quote("山口-2024-001"))
    page.wait_for_selector('#timeline li[data-version="14"]')
    page.get_by_role("button", name="版14を訂正する").click()
    form = page.locator("form.step-form")
    rows = form.locator("fieldset.row")
    assert rows.count() == 3
    assert rows.first.get_by_label("指標").input_value() == "フードパントリー利用世帯"
    assert rows.first.get_by_label("実績値").input_value() == "46"
    assert rows.first.get_by_label("目標値").input_value() == "40"
    summary = form.get_by_label("評価の内容（必須）")
    summary.fill(summary.input_value() + "。")
    form.get_by_label("訂正の理由（必須）").fill("句点が抜けていた")
    sent = corrections_stopped(page)
    form.locator("button[type=submit]").click()
    form.locator(".alert").wait_for()
    assert len(sent) == 1
    assert sent[0]["correctedVersion"] == 14
    assert list(sent[0]["changes"]) == ["summary"]
    assert sent[0]["changes"]["summary"].endswith("。")


def test_an_untouched_correction_form_sends_no_change_for_any_step(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    """Every step of a demo case with many kinds of step (a consultation with its fields and
    SDGs, parties joining with their roles, a roundtable, an agreement with its dates and
    form, activities, a review with outcome rows, a closure, a nomination, a publication, a
    note): its correction form, left as it is, sends no change (each field read back as it
    was shown: codes, lists, dates, numbers, empty optional values). Stopped in the browser."""
    sign_in(page, demo_tokens["facilitator"])
    page.goto("/#/cases/" + quote("山口-2024-001"))
    page.wait_for_selector('#timeline li[data-version="19"]')
    sent = corrections_stopped(page)
    buttons = page.locator("#timeline button", has_text="を訂正する")
    versions = [int(re.sub(r"\D", "", b)) for b in buttons.all_inner_texts()]
    assert len(versions) >= 15, versions
    for version in versions:
        page.get_by_role("button", name=f"版{version}を訂正する").click()
        form = page.locator("form.step-form")
        form.get_by_label("訂正の理由（必須）").fill("確認のみ")
        form.locator("button[type=submit]").click()
        form.locator(".alert").wait_for()
        assert sent[-1]["correctedVersion"] == version
        assert sent[-1]["changes"] == {}, (version, sent[-1]["changes"])
    assert len(sent) == len(versions)


def test_signing_out_while_a_view_waits_for_its_answers_leaves_the_sign_in_form(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    """The case list's answer held back until the user has signed out: the view, rendered
    late for a viewer gone, neither fails (the page fixture fails on a script error) nor
    replaces the sign-in form."""
    held: list[Any] = []

    def hold(route: Any) -> None:
        if '"operationName":"MyCases"' in (route.request.post_data or ""):
            held.append(route)
        else:
            route.continue_()

    page.route("**/graphql", hold)
    sign_in(page, demo_tokens["facilitator"])  # the facilitator's first view: the case list
    deadline = time.monotonic() + 30
    while not held and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    assert held, "the case list never asked for its cases"
    page.get_by_role("button", name="サインアウト").click()
    page.wait_for_selector("#token")
    held[0].continue_()
    page.wait_for_timeout(1000)  # the late answer arrives and the view finishes
    assert page.locator("#token").is_visible()
    assert page.locator("table.cases").count() == 0


def test_a_facilitator_sees_the_cases_that_need_attention_above_the_list(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    """要対応の案件: the demo's Yamaguchi cases quiet for months are listed with their reasons
    (the demo's dates are fixed, so more of them need attention as time passes)."""
    sign_in(page, demo_tokens["facilitator"])
    page.goto("/#/cases")
    page.wait_for_selector("details#attention[data-shown=centre]")
    panel = page.locator("details#attention")
    rows = panel.locator("table.attention-list tbody tr")
    count = rows.count()
    assert count >= 1
    assert panel.locator("summary").inner_text() == f"要対応の案件（{count}件）"
    for row in range(count):
        line = rows.nth(row)
        assert line.locator("td").first.inner_text().startswith("山口-")
        assert line.locator("ul.reasons li").count() >= 1
    assert "記録が途絶えている" in panel.inner_text()
    # every date in the reasons is written as Japanese sentences write it, none as 2026-03-06
    assert re.search(r"\d{4}-\d{2}-\d{2}", panel.inner_text()) is None
    assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日から要対応", panel.inner_text())
    accessible(page)
    shot(page, "facilitator-attention")
    page.get_by_label("自分の担当だけ").check()
    page.wait_for_selector("details#attention[data-shown=mine]")
    owners = panel.locator("table.attention-list tbody tr td:nth-child(4)")
    assert set(owners.all_inner_texts()) <= {"山本 さくら"}  # the name, the user id under it
    assert {owners.nth(n).get_attribute("title") for n in range(owners.count())} <= {
        "fac-yamaguchi-01"
    }
    panel.locator("tbody a").first.click()
    page.wait_for_selector("#timeline li")


def test_a_facilitator_finds_a_case_by_words_of_its_title_and_issue_typed_in_kana(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    sign_in(page, demo_tokens["facilitator"])
    page.goto("/#/cases")
    page.wait_for_selector("table.cases tbody tr")
    page.get_by_label("キーワード").fill(
        "たくしー　通院"
    )  # タクシー in hiragana, a word of the issue
    page.get_by_label("キーワード").press("Enter")
    page.wait_for_function("location.hash.includes('text=')")
    page.wait_for_selector("table.cases caption:has-text('（1件）')")
    assert page.locator("table.cases tbody tr td:nth-child(2)").all_inner_texts() == [
        "佐山地域 コミュニティタクシー（買物・病院便）"
    ]
    assert page.get_by_label("キーワード").input_value() == "たくしー　通院"
    accessible(page)
    page.get_by_label("キーワード").fill("たくしー　空き家")
    page.get_by_role("button", name="絞り込む").click()
    page.wait_for_selector("table.cases tbody td:has-text('該当する案件はありません')")
    shot(page, "facilitator-text-filter")


def test_a_chief_publishing_a_story_picks_among_the_case_s_parties_only(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    """A story names only parties of its case (the rule refuses any other): the picker
    offers those, not the directory. Nothing is submitted (the demo's library stays)."""
    sign_in(page, demo_tokens["chief_facilitator"])
    page.goto("/#/cases/" + quote("宇部-2022-001"))
    page.wait_for_selector("#timeline li")
    assert not page.locator('#step-choice option[value="PublishSuccessCase"]').is_disabled()
    form = record(page, "成功事例の公開")
    picker = form.get_by_label("事例に載せる団体")
    assert sorted(picker.locator("option").all_inner_texts()) == [
        "宇部市社会福祉協議会（社会福祉協議会）",
        "宇部新聞販売センター（事業者（企業））",
        "西岐波第五自治会（自治会・町内会）",
    ]
    assert picker.locator("optgroup").count() == 0
    accessible(page)


def test_a_case_s_overview_says_which_parties_left_and_when(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    """A party that withdrew stays in the overview, with the dates it took part; a pro bono
    worker is shown by kind, never by name."""
    sign_in(page, demo_tokens["chief_facilitator"])
    page.goto("/#/cases/" + quote("山陽小野田-2023-001"))
    page.wait_for_selector("#case-overview table.case-parties tbody tr")
    assert fact(page, "完了の区分") == "中止"
    assert fact(page, "分野") == "環境の保全、団体の運営支援"
    assert "参加団体（参加中1・離脱1）" in page.locator("#case-overview").inner_text()
    left = page.locator("#case-overview tr.left")
    assert left.count() == 1
    cells = left.locator("td").all_inner_texts()
    assert cells[0].splitlines() == ["プロボノワーカー（個人）", "プロボノワーカー（個人）"]
    assert cells[1:] == [
        "専門知識・プロボノ",
        "会計区分の見直しと研修",
        "2023年8月8日から2023年10月2日まで（離脱）",
    ]
    accessible(page)


def posted(page: Any, query: str, variables: dict[str, Any]) -> Any:
    """A GraphQL request sent from the page with its user's token, as another tab would."""
    body = page.evaluate(
        """async ([query, variables]) => {
          const response = await fetch("/graphql", {
            method: "POST",
            headers: { "content-type": "application/json",
                       authorization: `Bearer ${sessionStorage.getItem("kyodo.token")}` },
            body: JSON.stringify({ query, variables }),
          });
          return response.json();
        }""",
        [query, variables],
    )
    assert "errors" not in body, body
    return body["data"]


def test_a_step_recorded_elsewhere_reaches_the_overview_live(
    page: Any, browser: Any, server: str, demo_tokens: dict[str, str]
) -> None:
    """Another user's step (another tab) arrives live: the timeline item, and the overview
    read again, now listing the party that joined."""
    sign_in(page, demo_tokens["facilitator"])
    parties = posted(page, "{ parties(first: 100) { edges { node { id name } } } }", {})
    ids = {e["node"]["name"]: e["node"]["id"] for e in parties["parties"]["edges"]}
    opened = posted(
        page,
        # read models waited for: the page then opens the case at once
        "mutation($input: ReceiveConsultationInput!) { receiveConsultation(input: $input, "
        "waitForReadModels: true) { ... on CasePayload { caseId number } } }",
        {
            "input": {
                "title": "空き家を使った地域の居場所",
                "issueStatement": "高齢者が気軽に集まれる場所がない",
                "municipality": "山口市",
                "fields": ["保健・医療・福祉"],
                "sdgs": [3],
                "centre": "yamaguchi",
                "initiatingPartyId": ids["NPO法人 ひとり親ネットやまぐち"],
                "occurredOn": "2026-04-01",
            }
        },
    )["receiveConsultation"]
    page.goto("/#/cases/" + quote(opened["number"]))
    page.wait_for_selector('#timeline li[data-version="1"]')
    page.wait_for_selector("#live-status:has-text('接続済み')")
    assert "参加団体（参加中0・離脱0）" in page.locator("#case-overview").inner_text()
    with opened_page(browser, server) as other:
        sign_in(other, demo_tokens["facilitator"])
        posted(  # not waiting: the case list may commit after the timeline's live item
            other,
            "mutation($input: JoinPartyInput!) { joinParty(input: $input) { __typename } }",
            {
                "input": {
                    "caseId": opened["caseId"],
                    "partyId": ids["山口市社会福祉協議会"],
                    "role": "PARTNER",
                    "contribution": "見守りの担い手を紹介する",
                    "occurredOn": "2026-04-10",
                }
            },
        )
    page.wait_for_selector('#timeline li[data-version="2"]')
    row = page.locator("#case-overview table.case-parties tbody tr")
    row.wait_for()
    assert row.locator("td").all_inner_texts()[1:] == [
        "協働パートナー",
        "見守りの担い手を紹介する",
        "2026年4月10日から",
    ]
    assert fact(page, "最終手続き日") == "2026年4月10日"


def test_the_case_list_narrows_to_one_s_own_cases(page: Any, demo_tokens: dict[str, str]) -> None:
    """自分が担当する案件だけ: the cases the user is the facilitator of. The chief reads every
    centre's cases and is in charge of none of the demo's."""
    sign_in(page, demo_tokens["chief_facilitator"])
    first_screen(page, "/#/cases", "table.cases tbody tr")
    assert page.locator("table.cases tbody tr").count() == 20  # a first page of many
    assert len(set(page.locator("table.cases tbody td:nth-child(5)").all_inner_texts())) > 1
    page.get_by_label("自分が担当する案件だけ").check()
    page.get_by_role("button", name="絞り込む").click()
    page.wait_for_function("location.hash.includes('mine=1')")
    page.wait_for_selector("table.cases tbody td:has-text('該当する案件はありません')")
    assert page.get_by_label("自分が担当する案件だけ").is_checked()


def test_a_facilitator_finds_partners_in_the_party_directory(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    """団体: the directory by field of activity and city, each party's cases counted; the
    filters stay in the address."""
    sign_in(page, demo_tokens["facilitator"])
    page.get_by_role("link", name="団体", exact=True).click()
    first_screen(page, "/#/parties", "table.parties tbody tr")
    accessible(page)
    every = int(re.findall(r"\d+", page.locator("table.parties caption").inner_text())[0])
    page.get_by_label("活動分野").select_option(label="まちづくり")
    page.get_by_label("市町").select_option(label="山口市")
    page.get_by_role("button", name="絞り込む").click()
    page.wait_for_function("location.hash.includes('municipality=35203')")
    page.wait_for_selector(f"table.parties caption:not(:has-text('（{every}件）'))")
    rows = page.locator("table.parties tbody tr")
    assert 0 < rows.count() < every
    for n in range(rows.count()):
        cells = rows.nth(n).locator("td").all_inner_texts()
        assert cells[2] == "山口市"
        assert "まちづくり" in cells[3].split("、")
        assert int(cells[5]) <= int(cells[6])  # taking part now, of every case it joined
    assert page.get_by_label("活動分野").locator("option:checked").inner_text() == "まちづくり"


def test_a_matching_proposal_picks_among_the_suggested_partners_with_their_reasons(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    """Under a proposal's form, the partners the ledger suggests for the case, each with why;
    選ぶ puts one in the picker and its reasons in the rationale. A pro bono worker, whose
    name is never shown, is told apart in the picker by its city and fields. Nothing is sent
    (the demo's case stays as it is)."""
    sign_in(page, demo_tokens["facilitator"])
    page.goto("/#/cases/" + quote("山口-2026-001"))
    page.wait_for_selector("#timeline li")
    form = record(page, "マッチング提案")
    listed = page.locator("#suggestions ol > li")
    listed.first.wait_for()
    assert 0 < listed.count() <= 5
    first = listed.first
    name = first.locator("strong").inner_text()
    reasons = first.locator(".hint").inner_text()
    assert "同じ活動分野" in reasons
    accessible(page)
    first.get_by_role("button", name=f"{name}を選ぶ").click()
    picker = form.get_by_label("提案する団体（必須）")
    assert [t.split("（")[0] for t in picker.locator("option:checked").all_inner_texts()] == [name]
    assert form.get_by_label("提案の理由（必須）").input_value() == f"{name}: {reasons}"
    workers = [
        t for t in picker.locator("option").all_inner_texts() if t.startswith("プロボノワーカー")
    ]
    assert len(workers) > 1
    assert len(set(workers)) == len(workers)  # each told apart: city and fields, no name
    assert "プロボノワーカー（個人）（プロボノワーカー（個人））" not in workers
    record(page, "団体の参加")
    page.wait_for_selector("#suggestions ol > li")
    record(page, "メモ")
    assert page.locator("#suggestions").count() == 0


def test_the_library_never_shows_a_missing_value_as_null(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    """A pro bono worker's name is never published: the library says so instead of "null";
    the list's end (no next page, results found) adds nothing."""
    sign_in(page, demo_tokens["meeting"])
    first_screen(page, "/#/library", "ul.cards li")
    main = page.locator("main")
    assert "null" not in main.inner_text()
    card = page.locator("ul.cards > li", has_text="プロボノで生まれ変わった")
    assert "氏名非公開のプロボノワーカー（個人）（専門知識・プロボノ）" in card.inner_text()
    card.locator("h2 a").click()
    page.wait_for_selector("h2:has-text('参加団体と役割')")
    assert "null" not in main.inner_text()
    assert "氏名非公開のプロボノワーカー（個人）: 専門知識・プロボノ" in main.inner_text()


def test_a_story_s_figures_read_as_japanese_documents_write_them(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    sign_in(page, demo_tokens["meeting"])
    first_screen(page, "/#/library", "ul.cards li")
    page.locator("ul.cards > li", has_text="さぽカフェから始まった").locator("h2 a").click()
    row = page.locator("tr", has=page.locator("td", has_text="ガイド配布部数"))
    row.wait_for()
    assert row.locator("td").all_inner_texts() == ["ガイド配布部数", "3,000", "3,000", "部"]


def test_a_meeting_searches_filters_opens_a_story_records_and_prints(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    sign_in(page, demo_tokens["meeting"])
    first_screen(page, "/#/library", "ul.cards li")
    accessible(page)
    page.get_by_label("キーワード").fill("食堂")
    page.get_by_role("button", name="検索する").click()
    page.wait_for_selector("h1:has-text('食堂')")
    page.get_by_label("市町").select_option(index=1)
    page.wait_for_function("location.hash.includes('municipality=')")
    page.wait_for_selector("ul.cards li")
    assert "件の事例" in page.locator("#result-count").inner_text()
    page.emulate_media(media="print")
    shot(page, "meeting-results-print")
    page.emulate_media(media="screen")
    page.locator("ul.cards li h2 a").first.click()
    page.wait_for_selector("h2:has-text('きっかけ')")
    accessible(page)
    page.set_viewport_size({"width": 375, "height": 800})
    accessible(page)
    shot(page, "meeting-story-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="会議で共有したことを記録する").click()
    page.wait_for_selector(".notice:has-text('記録しました')")
    page.emulate_media(media="print")
    shot(page, "meeting-story-print")
    page.pdf(path=str(SCREENSHOTS / "meeting-story.pdf"), format="A4")


def test_a_meeting_reads_the_kpi_table_and_downloads_it(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    sign_in(page, demo_tokens["meeting"])
    first_screen(page, "/#/kpi?fiscalYear=2024", "table.kpi tbody tr")
    assert "令和6年度（2024年度）" in page.locator("table.kpi caption").inner_text()
    page.wait_for_selector("figure.chart svg")
    assert page.locator("figure.chart svg rect").count() == 5
    rounding = page.locator("#kpi-rounding").inner_text()
    assert rounding == "数値の丸め: 比率と中央値は小数第2位を四捨五入して小数第1位まで示す。"
    accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="CSVでダウンロード（Excel対応）").click()
    content = Path(download.value.path()).read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")
    assert "相談受付件数" in content.decode("utf-8-sig")
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel形式（.xlsx）でダウンロード").click()
    with zipfile.ZipFile(download.value.path()) as book:
        assert book.testzip() is None
        sheet = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "相談受付件数" in sheet
    assert "令和6年度" in sheet
    shot(page, "kpi")


def verify_with_the_script(path: Path) -> subprocess.CompletedProcess[str]:
    """The project's own verifier, as an auditor runs it: plain Python, no kyodo, no database."""
    return subprocess.run(
        [sys.executable, "-I", str(VERIFIER), str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_an_auditor_opens_a_history_downloads_a_bundle_that_verifies_and_sees_a_past_state(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    sign_in(page, demo_tokens["auditor"])
    first_screen(page, "/#/audit", "table tbody tr")
    centres = page.locator("table tbody tr td:nth-child(3)").all_inner_texts()
    assert "やまぐち県民活動支援センター" in centres  # the centre's name, not its code
    assert not {"pref", "yamaguchi"} & set(centres)
    page.get_by_role("button", name="ダイジェストを表示").click()
    page.wait_for_selector("#digest-result dl")
    page.get_by_role("button", name="その日の事例集を表示").click()
    page.wait_for_selector("#library-result p")
    accessible(page)
    page.locator("table tbody tr a").first.click()
    page.wait_for_selector("table.history tbody tr")
    page.wait_for_selector("#verification .ok")
    # Who recorded each step: the name the accounts give, and always the ledger's user id.
    recorders = page.locator("table.history tbody td[data-label=記録者]").all_inner_texts()
    assert recorders
    for recorder in recorders:  # every demo user has a name: none is shown by its id alone
        shown = re.fullmatch(r"([^（]+)（([a-z_-]+\d*)・[^）]+）", recorder)
        assert shown, recorder
        assert not shown[1].isascii(), recorder  # 三浦 拓也（fac-sanyo_onoda-01・…）
    accessible(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="監査用バンドルをダウンロード").click()
    number = page.locator("h1").inner_text().removesuffix(" の履歴")
    assert download.value.suggested_filename == f"kyodo-audit-{number}.jsonl"
    verified = verify_with_the_script(Path(download.value.path()))
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "改ざんは見つかりませんでした" in verified.stdout
    page.wait_for_selector("#bundle-result .notice")
    page.get_by_role("button", name="版1の状態").click()
    page.wait_for_selector("#snapshot table")
    assert "版1の状態" in page.locator("#snapshot caption").inner_text()
    centre = page.locator("#snapshot tr", has=page.locator("th", has_text="支援センター"))
    assert centre.locator("td").first.inner_text() in centres  # a name, as in the list
    owner = page.locator("#snapshot tr", has=page.locator("th", has_text="担当ファシリテーター"))
    shown = re.fullmatch(r"(.+)（(.+)）", owner.locator("td").first.inner_text())
    assert shown, owner.inner_text()  # the name, and the user id the ledger holds
    assert not shown[1].isascii()
    page.get_by_label("基準").select_option(value="occurredOn")
    page.get_by_role("button", name="その時点の状態を表示").click()
    page.wait_for_selector("#snapshot caption")
    shot(page, "auditor-history")


def test_a_meeting_is_refused_a_facilitator_s_cases(page: Any, demo_tokens: dict[str, str]) -> None:
    sign_in(page, demo_tokens["meeting"])
    page.goto("/#/cases")
    page.wait_for_selector(".alert")
    assert "権限がありません" in page.locator(".alert").inner_text()
    page.get_by_role("button", name="サインアウト").click()
    page.wait_for_selector("#token")


def test_graphiql_works_with_no_network_beyond_the_app(page: Any, server: str) -> None:
    outside: list[str] = []

    def only_the_app(route: Any) -> None:
        if route.request.url.startswith(server):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_the_app)
    page.goto("/graphql")
    page.wait_for_selector(".graphiql-editors, .graphiql-editor", timeout=20000)
    assert outside == []
    shot(page, "graphiql-offline")


def test_a_facilitator_signs_in_and_records_by_keyboard_alone_and_a_double_click_records_once(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    page.goto("/")
    page.wait_for_selector("#token")
    page.keyboard.press("Tab")  # the skip link first
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "token"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    page.keyboard.insert_text(demo_tokens["facilitator"])
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_selector("table.cases tbody tr")
    page.locator("table.cases tbody tr a").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#timeline li")
    before = page.locator("#timeline li").count()
    form = record(page, "メモ")
    form.get_by_label("メモ（必須）").fill("電話で進み具合を確認した")
    form.locator("button[type=submit]").dblclick()
    page.wait_for_selector("#step-form .notice")
    page.wait_for_function(f"document.querySelectorAll('#timeline li').length > {before}")
    page.wait_for_timeout(500)  # a second note, if any, would arrive live by now
    assert page.locator("#timeline li").count() == before + 1


def test_an_expired_token_brings_back_the_sign_in_form_saying_why(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    sign_in(page, demo_tokens["meeting"])
    page.wait_for_selector("ul.cards li")
    page.evaluate("sessionStorage.setItem('kyodo.token', 'expired')")
    page.goto("/#/kpi")
    page.wait_for_selector("#sign-in-error .alert")
    assert "認証が必要です" in page.locator("#sign-in-error").inner_text()
    assert page.locator("#sign-out").is_hidden()


def test_a_step_whose_answer_is_lost_is_recorded_once_when_sent_again(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    """The page sends each step with an idempotency key: the first answer is lost on the way
    back (the server recorded the note), the facilitator sends again, one note is recorded."""
    sign_in(page, demo_tokens["facilitator"])
    page.wait_for_selector("table.cases tbody tr")
    page.locator("table.cases tbody tr a").first.click()
    page.wait_for_selector("#timeline li")
    before = page.locator("#timeline li").count()
    keys: list[str | None] = []

    def noted(route: Any) -> bool:
        if (route.request.post_data_json or {}).get("operationName") != "AddNote":
            return False
        keys.append(route.request.headers.get("idempotency-key"))
        return True

    def lose_the_answer(route: Any) -> None:
        if not noted(route):
            route.continue_()
            return
        route.fetch()  # the server records the note…
        route.abort("connectionreset")  # …and its answer never arrives

    page.route("**/graphql", lose_the_answer)
    form = record(page, "メモ")
    form.get_by_label("メモ（必須）").fill("回線が切れても一度だけ記録される")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("#step-form .alert")
    page.unroute("**/graphql")

    def note_the_key(route: Any) -> None:
        noted(route)
        route.continue_()

    page.route("**/graphql", note_the_key)
    form.locator("button[type=submit]").click()
    page.wait_for_selector("#step-form .notice")
    page.unroute("**/graphql")
    page.wait_for_function(f"document.querySelectorAll('#timeline li').length > {before}")
    page.wait_for_timeout(500)  # a second note, if any, would arrive live by now
    assert page.locator("#timeline li").count() == before + 1
    first, again = keys
    assert first
    assert again == first
