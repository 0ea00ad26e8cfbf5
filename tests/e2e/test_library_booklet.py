"""事例集を作る in a real headless Chromium on the demo data: a library search made into a
booklet to print — its cover, contents and stories, the stories left out, the order, and the
paper (a cover, the contents, then each story from a page of its own)."""

from __future__ import annotations

import re
from typing import Any

from tests.e2e.test_journeys import accessible, opened, shot


def contents(page: Any) -> list[str]:
    return page.locator(".booklet-contents li .booklet-heading").all_inner_texts()


def stories(page: Any) -> list[str]:
    return page.locator(".booklet-story h2").all_inner_texts()


def published_on(page: Any) -> list[tuple[int, ...]]:
    """Each story's 公開日 in the booklet's order, as numbers to compare."""
    days = page.locator(".booklet-story dt:text-is('公開日') + dd").all_inner_texts()
    return [tuple(map(int, re.findall(r"\d+", day))) for day in days]


def test_a_meeting_makes_a_booklet_of_a_search_and_prints_it(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    opened(page, demo_tokens["meeting"], "/#/library?q=子ども", "ul.cards li")
    found = int(re.match(r"\d+", page.locator("#result-count").inner_text()).group())
    assert found >= 3  # the demo's three (another test of this server may publish more)
    page.get_by_role("link", name="この検索結果で事例集を作る").click()
    page.wait_for_selector(".booklet-cover")
    cover = page.locator(".booklet-cover").inner_text()
    assert "協働事例集" in cover
    assert "「子ども」の事例" in cover
    assert f"収録事例 {found}件" in cover
    titles = contents(page)
    assert len(titles) == found
    assert [t.split("\n")[-1] for t in stories(page)] == titles
    assert "スーパー・社協・自治会が支える 週1回のこども食堂" in titles
    # the fiscal years in order, the oldest first
    years = page.locator(".booklet-story .tags li:nth-child(2)").all_inner_texts()
    assert years == sorted(years, key=lambda y: int(re.search(r"（(\d+)年度）", y).group(1)))
    accessible(page)
    shot(page, "meeting-booklet")

    # a story left out leaves the contents and the pages; the legend counts what is kept
    page.get_by_role("checkbox", name="スーパー・社協・自治会が支える 週1回のこども食堂").uncheck()
    page.wait_for_function(f"document.querySelectorAll('.booklet-story').length === {found - 1}")
    assert "スーパー・社協・自治会が支える 週1回のこども食堂" not in contents(page)
    assert page.locator("legend").inner_text() == f"載せる事例（{found}件中{found - 1}件）"
    assert f"収録事例 {found - 1}件" in page.locator(".booklet-cover").inner_text()

    # the title and the issuer as typed; the newest publication first when asked
    page.get_by_label("表題").fill("令和8年度 子どもの居場所づくり 協働事例集")
    page.get_by_label("発行者").fill("やまぐち県民活動支援センター")
    page.get_by_label("並び順").select_option("newest")
    page.wait_for_function(
        "document.querySelector('.booklet-title').textContent.startsWith('令和8年度')"
    )
    assert "やまぐち県民活動支援センター" in page.locator(".booklet-cover").inner_text()
    days = published_on(page)
    assert len(days) == found - 1
    assert days == sorted(days, reverse=True)

    # on paper: no form, the cover alone, then the contents and each story on new pages
    page.emulate_media(media="print")
    assert page.locator("form.booklet-settings").is_hidden()
    assert page.locator("h1:text-is('事例集を作る')").is_hidden()
    breaks = page.eval_on_selector_all(
        ".booklet-contents, .booklet-story", "els => els.map(e => getComputedStyle(e).breakBefore)"
    )
    assert breaks == ["page"] * found
    shot(page, "meeting-booklet-print")
    page.emulate_media(media="screen")

    # nothing chosen, nothing to print
    for box in page.locator(".booklet-settings .checkbox input").all():
        box.uncheck()
    assert page.get_by_role("button", name="事例集を印刷する").is_disabled()
    assert stories(page) == []


def test_a_facilitator_s_booklet_of_a_fiscal_year_is_titled_and_issued_by_their_centre(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    opened(page, demo_tokens["facilitator"], "/#/library?fiscalYear=2023", "ul.cards li")
    page.get_by_role("link", name="この検索結果で事例集を作る").click()
    page.wait_for_selector(".booklet-cover")
    assert page.get_by_label("表題").input_value() == "令和5年度 協働事例集"
    assert page.get_by_label("発行者").input_value() == "山口市市民活動支援センター"
    years = set(page.locator(".booklet-story .tags li:nth-child(2)").all_inner_texts())
    assert years == {"令和5年度（2023年度）"}
    page.get_by_role("link", name="検索結果へ戻る").click()
    page.wait_for_selector("#result-count")
    assert "fiscalYear=2023" in page.evaluate("location.hash")


def test_a_search_without_stories_offers_no_booklet(page: Any, demo_tokens: dict[str, str]) -> None:
    opened(page, demo_tokens["meeting"], "/#/library?q=存在しない言葉ぴよぴよ", "#result-count")
    assert page.get_by_role("link", name="この検索結果で事例集を作る").count() == 0
    page.goto("/#/library/booklet?q=存在しない言葉ぴよぴよ")
    page.wait_for_selector("text=載せる事例がありません")


def test_a_meeting_s_handout_is_the_booklet_of_the_stories_it_shared(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    """令和7年度's meeting shared four published stories: its handout has them in the order
    they were shared, under the meeting's title, host and day."""
    opened(page, demo_tokens["meeting"], "/#/meetings?fiscalYear=2025", "article.meeting")
    card = page.locator("article.meeting").filter(has_text="令和7年度 第1回 協働の取組")
    shared = card.locator("ul.shared li").all_inner_texts()
    card.get_by_role("link", name="共有した事例で配布資料（事例集）を作る").click()
    page.wait_for_selector(".booklet-cover")
    assert (
        page.get_by_label("表題").input_value() == "令和7年度 第1回 協働の取組 情報共有・検討会議"
    )
    assert page.get_by_label("副題").input_value() == "共有事例"
    assert page.get_by_label("発行者").input_value() == "やまぐち県民活動支援センター"
    assert page.get_by_label("発行日").input_value() == "2025-07-24"
    assert page.get_by_label("並び順").locator("option:checked").inner_text() == "会議で共有した順"
    numbers = page.locator(".booklet-story .tags li:last-child").all_inner_texts()
    assert numbers == [line.split(" ")[0] for line in shared]  # as shared, in that order
    assert len(numbers) == 4
    assert page.locator(".notice").count() == 0  # none left out
    assert "2025年7月24日" in page.locator(".booklet-cover").inner_text()
    accessible(page)
    page.get_by_role("link", name="会議の一覧へ戻る").click()
    page.wait_for_selector("article.meeting")


def count(page: Any) -> int:
    return int(re.match(r"\d+", page.locator("#result-count").inner_text()).group())


def test_a_secretariat_finds_the_stories_no_meeting_has_shared_yet(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    """会議での共有 splits the library in two: the stories shared at a meeting at least once,
    and those not yet (the next meeting's candidates), each card saying how many times."""
    opened(page, demo_tokens["meeting"], "/#/library", "ul.cards li")
    everything = count(page)
    split = {}
    for choice, label in (("yes", "会議で共有したことがある"), ("no", "まだ会議で共有していない")):
        before = page.locator("#result-count").element_handle()
        page.get_by_label("会議での共有").select_option(label=label)
        page.wait_for_function(f"location.hash.includes('presented={choice}')")
        before.wait_for_element_state("hidden")  # the result before is gone: the new one shows
        page.wait_for_selector("#result-count")
        split[choice] = count(page)
        shared = page.locator("ul.cards p.meta", has_text="会議での共有").all_inner_texts()
        times = [int(re.search(r"会議での共有 (\d+)回", t).group(1)) for t in shared]
        assert all(n > 0 for n in times) if choice == "yes" else all(n == 0 for n in times)
    assert split["yes"] >= 7  # the demo's seven stories were all shared
    assert split["yes"] + split["no"] == everything
