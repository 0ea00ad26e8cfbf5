"""The meetings page (会議) in a real headless Chromium on the demo data: the meetings held,
newest first, with the cases shared and the follow-ups agreed; registering a meeting."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from api.auth import TokenIssuer, new_actor
from tests.e2e.browser import SECRET
from tests.e2e.test_journeys import accessible, first_screen, opened, posted, shot, sign_in


def cards(page: Any) -> Any:
    return page.locator("article.meeting")


def held_on(card_text: str) -> tuple[int, ...]:
    """The date a card's line gives (2026年7月16日・…), as numbers to compare."""
    found = re.search(r"(\d+)年(\d+)月(\d+)日・", card_text)
    assert found, card_text
    return tuple(int(n) for n in found.groups())


def test_a_meeting_reads_what_was_shared_and_agreed_and_opens_a_story(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    sign_in(page, demo_tokens["meeting"])
    page.get_by_role("link", name="会議", exact=True).click()
    first_screen(page, "/#/meetings", "article.meeting")
    # the demo's latest meeting (another test of this server may have registered one since)
    newest = cards(page).filter(has_text="令和8年度 第1回 協働の取組 情報共有・検討会議")
    assert "2026年7月16日・令和8年度（2026年度）・主催 やまぐち県民活動支援センター" in (
        newest.inner_text()
    )
    # the demo's own, first (the library's journey may have shared one more since)
    shared = newest.locator("ul.shared li").all_inner_texts()[:2]
    assert shared == [
        "山口-2024-002 おおうち産業フェア",
        "県-2023-001 プロボノによる子育て支援NPOのホームページ刷新",
    ]
    agreed = newest.locator("table.follow-ups tbody tr").first.locator("td").all_inner_texts()
    assert agreed == [
        "山口-2024-002",
        "宇部市",
        "宇部市市民活動センター",
        "宇部市の地域づくり協議会に産業フェアの運営手法を共有する",
        "まだ案件はありません",  # 宇部市 has received no case that replicates it
        "見送る",  # which the secretariat may give up
    ]
    held = [held_on(text) for text in cards(page).all_inner_texts()]
    assert held == sorted(held, reverse=True)  # newest first
    accessible(page)
    shot(page, "meetings")
    # a shared case opens its story in the library
    newest.get_by_role("link", name="山口-2024-002 おおうち産業フェア").click()
    page.wait_for_selector("h1:has-text('おおうち産業フェア')")
    page.go_back()
    page.wait_for_selector("article.meeting")
    # the filters: a year with no meeting, then a host
    page.get_by_label("年度", exact=True).select_option(label="令和5年度（2023年度）")
    page.get_by_role("button", name="絞り込む").click()
    page.wait_for_selector("#meeting-count:has-text('0件の会議')")
    assert "該当する会議はありません" in page.locator("#view").inner_text()


def test_the_secretariat_registers_a_meeting_held_and_a_refusal_keeps_what_was_typed(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    opened(page, demo_tokens["meeting"], "/#/meetings", "article.meeting")
    before = page.locator("#meeting-count").inner_text()
    page.locator("#hold-meeting summary").click()
    form = page.locator("#hold-meeting form.step-form")
    form.get_by_label("会議名（必須）").fill("令和8年度 第2回 協働の取組 情報共有・検討会議")
    form.get_by_label("主催センター（必須）").select_option(label="宇部市市民活動センター")
    form.get_by_label("山口市市民活動支援センター").check()
    form.get_by_label("萩市市民活動センター").check()
    tomorrow = datetime.now(ZoneInfo("Asia/Tokyo")).date() + timedelta(days=1)
    form.get_by_label("開催日（必須）").fill(tomorrow.isoformat())
    form.locator("button[type=submit]").click()
    alert = form.locator(".alert")
    alert.wait_for()
    assert "未来" in alert.inner_text()
    assert (
        form.get_by_label("会議名（必須）")
        .input_value()
        .endswith("第2回 協働の取組 情報共有・検討会議")
    )
    assert form.get_by_label("萩市市民活動センター").is_checked()
    assert page.locator("#meeting-count").inner_text() == before  # nothing recorded
    today = datetime.now(ZoneInfo("Asia/Tokyo")).date()
    form.get_by_label("開催日（必須）").fill(today.isoformat())
    form.locator("button[type=submit]").click()
    newest = cards(page).first
    newest.locator("h2:has-text('第2回')").wait_for()
    assert "主催 宇部市市民活動センター" in newest.inner_text()
    assert (
        newest.locator("p.hint").inner_text()
        == "参加: 山口市市民活動支援センター、萩市市民活動センター"
    )
    assert "共有した事例（0件）" in newest.inner_text()


def test_a_facilitator_reads_the_meetings_but_registers_none(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    opened(page, demo_tokens["facilitator"], "/#/meetings", "article.meeting")
    assert page.locator("#hold-meeting").count() == 0


def test_a_follow_up_shows_how_far_its_city_has_taken_it_up(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    """令和7年度's meeting agreed three follow-ups: 防府市 and 周南市 have since received cases
    that replicate the stories, 下松市 not yet. The meeting reads the day and the centre; the
    chief facilitator, who may read the cases, their numbers, each opening its case (below)."""
    opened(page, demo_tokens["meeting"], "/#/meetings?fiscalYear=2025", "article.meeting")
    card = cards(page).filter(has_text="令和7年度 第1回 協働の取組 情報共有・検討会議")
    rows = card.locator("table.follow-ups tbody tr")
    hofu = rows.filter(has_text="防府市でさぽカフェ形式の円卓会議を開く")
    progress = hofu.locator("td[data-label='進み具合']")
    assert progress.inner_text() == "2026年6月9日受付 （防府市市民活動支援センター）"
    kudamatsu = rows.filter(has_text="下松市社会福祉協議会とフードドライブ")
    assert kudamatsu.locator("td[data-label='進み具合']").inner_text() == "まだ案件はありません"
    accessible(page)
    # the year at a glance; 令和6年度's gave 下関市's up at the next meeting
    assert page.locator("#follow-up-summary").inner_text() == (
        "令和7年度（2025年度）の横展開の取り決め 3件："
        "案件になったもの 2件・見送り 0件・まだ案件のないもの 1件"
    )
    page.get_by_label("年度", exact=True).select_option(label="令和6年度（2024年度）")
    page.get_by_role("button", name="絞り込む").click()
    page.wait_for_selector("#follow-up-summary:has-text('令和6年度')")
    assert page.locator("#follow-up-summary").inner_text() == (
        "令和6年度（2024年度）の横展開の取り決め 3件："
        "案件になったもの 2件・見送り 1件・まだ案件のないもの 0件"
    )
    dropped = page.locator("table.follow-ups tbody tr", has_text="新聞販売店との見守り協定")
    assert dropped.locator("p.dropped").inner_text().startswith("見送り（2025年7月24日）：")


def test_a_follow_up_s_cases_open_for_those_who_may_read_them(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    opened(page, demo_tokens["chief_facilitator"], "/#/meetings?fiscalYear=2025", "article.meeting")
    shunan = page.locator("table.follow-ups tbody tr").filter(has_text="「支え人。」の仕組み")
    number = shunan.locator("td[data-label='進み具合'] a")
    assert number.inner_text() == "周南-2026-001"
    number.click()
    page.wait_for_selector("h1:has-text('周南版「支え人。」企業×NPOの交流会')")
    # the case names the story it follows, which opens in the library
    follows = page.locator("#case-overview dt:text-is('横展開元') + dd a")
    assert follows.inner_text().startswith("山口-2024-003 ")
    follows.click()
    page.wait_for_selector("h2:has-text('きっかけ')")
    shot(page, "meeting-follow-up-case")


def test_a_centre_finds_the_follow_up_it_owns_and_takes_it_up(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    """宇部市市民活動センター owns 令和8年度's follow-up (おおうち産業フェア in 宇部市), which no
    case has taken up: its facilitators find it above their cases and on the meetings page,
    and 相談を受け付ける opens the consultation with the story and the city filled in (not
    sent: the follow-up stays open for the other tests of this server)."""
    ube = TokenIssuer(SECRET).issue(new_actor("fac-ube-01", "facilitator", "ube"))
    opened(page, ube, "/#/cases", "#follow-ups:not([hidden])")
    owned = page.locator("#follow-ups tbody tr").filter(has_text="おおうち産業フェア")
    assert owned.locator("td[data-label='横展開する市町']").inner_text() == "宇部市"
    assert "令和8年度 第1回 協働の取組 情報共有・検討会議" in owned.inner_text()
    accessible(page)
    owned.get_by_role("link", name="相談を受け付ける").click()
    form = page.locator("form.step-form")
    form.wait_for()
    assert form.get_by_label("市町（必須）").input_value() == "35202"
    chosen = form.get_by_label("横展開元の事例").locator("option:checked").inner_text()
    assert chosen.startswith("山口-2024-002 ")

    # the meetings whose follow-ups the centre owns; the open one offers the same step
    page.goto("/#/meetings")
    page.wait_for_selector("article.meeting")
    page.get_by_label("横展開の担当センター").select_option(label="宇部市市民活動センター")
    page.get_by_role("button", name="絞り込む").click()
    page.wait_for_function("location.hash.includes('followUpOwner=ube')")
    page.wait_for_selector("#meeting-count:has-text('1件の会議')")
    progress = cards(page).locator("td[data-label='進み具合']")
    assert progress.get_by_role("link", name="相談を受け付ける").count() == 1


def test_a_story_names_the_meetings_that_shared_it_and_where_it_was_taken_up(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    """さぽカフェ was shared at 令和7年度's meeting, which agreed that 防府市 would take it up:
    its story says so, with the case 防府 received since."""
    opened(page, demo_tokens["meeting"], "/#/library?q=さぽカフェ", "ul.cards li")
    page.locator("ul.cards li h2 a", has_text="さぽカフェから始まった").click()
    section = page.locator("section[aria-labelledby='shared-at']")
    section.wait_for()
    text = section.inner_text()
    assert "2025年7月24日 令和7年度 第1回 協働の取組 情報共有・検討会議" in text
    assert "横展開: 防府市（防府市市民活動支援センター）" in text
    assert "2026年6月9日受付 （防府市市民活動支援センター）" in text
    accessible(page)


def test_the_secretariat_gives_up_a_follow_up_with_its_reason(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    """A meeting of its own (the demo's stay as they are): it shared a story and agreed that
    萩市 would take it up; the secretariat then gives that up (見送る), with the reason, and
    the row says so instead of offering it again."""
    opened(page, demo_tokens["meeting"], "/#/meetings", "article.meeting")
    title = "令和8年度 萩市との打合せ会議（見送りの記録）"
    held = posted(
        page,
        "mutation($i: HoldMeetingInput!) { holdMeeting(input: $i) { ... on MeetingPayload "
        "{ meetingId } } }",
        {"i": {"title": title, "hostCentre": "pref", "occurredOn": "2026-10-01"}},
    )["holdMeeting"]["meetingId"]
    story = posted(page, '{ successCases(query: "さぽカフェ") { edges { node { caseId } } } }', {})[
        "successCases"
    ]["edges"][0]["node"]["caseId"]
    posted(
        page,
        "mutation($i: PresentAtMeetingInput!) { presentAtMeeting(input: $i) { __typename } }",
        {"i": {"meetingId": held, "caseId": story}},
    )
    agreed = {"meetingId": held, "caseId": story, "municipality": "萩市", "ownerCentre": "hagi"}
    posted(
        page,
        "mutation($i: AgreeFollowUpInput!) { agreeFollowUp(input: $i, waitForReadModels: true) "
        "{ __typename } }",
        {"i": {**agreed, "action": "萩市の円卓会議で紹介する"}},
    )
    page.goto("/#/meetings?fiscalYear=2026")
    card = cards(page).filter(has_text=title)
    row = card.locator("table.follow-ups tbody tr").filter(has_text="萩市の円卓会議で紹介する")
    row.get_by_role("button", name="見送る").click()
    form = card.locator("form.step-form[data-step=DropFollowUp]")
    form.get_by_label("見送りの理由（必須）").fill("萩市では地域づくり協議会が同じ取組を始めた")
    accessible(page)
    form.locator("button[type=submit]").click()
    progress = (
        cards(page)
        .filter(has_text=title)
        .locator("table.follow-ups tbody tr", has_text="萩市の円卓会議で紹介する")
        .locator("td[data-label='進み具合']")
    )
    progress.locator("p.dropped").wait_for()
    assert "萩市では地域づくり協議会が同じ取組を始めた" in progress.inner_text()
    given_up = cards(page).filter(has_text=title).locator("td[data-label='見送り']")
    assert given_up.inner_text() == "—"  # not offered again
